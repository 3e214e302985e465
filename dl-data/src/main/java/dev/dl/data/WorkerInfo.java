package dev.dl.data;

/**
 * What a DataLoader worker thread knows about itself, as PyTorch's {@code get_worker_info()}:
 * its id in {@code [0, numWorkers)}, the worker count, its seed ({@code baseSeed + id}, the base seed
 * drawn from the loader's generator) and the dataset. Read it with {@link DataLoader#workerInfo()}.
 *
 * <pre>{@code
 * WorkerInfo w = DataLoader.workerInfo();      // null outside worker threads
 * int share = w == null ? 0 : w.id();          // e.g. to shard an IterableDataset
 * }</pre>
 */
public record WorkerInfo(int id, int numWorkers, long seed, Object dataset) {}
