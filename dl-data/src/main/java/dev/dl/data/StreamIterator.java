package dev.dl.data;

import dev.dl.Generator;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One epoch over an IterableDataset. Without workers the dataset's iterator runs in the calling
 * thread. With workers, each worker iterates the dataset itself (sharding is the dataset's job,
 * via {@link DataLoader#workerInfo()}), fills its own queue of {@code prefetchFactor} batches, and
 * the consumer takes batches from the workers in turn, as PyTorch does.
 */
final class StreamIterator<B> implements BatchIterator<B> {
  private static final Object END = new Object();
  private static final long POLL_MS = 50;

  private final DataLoader<B> loader;
  private final long baseSeed;
  private final EpochState state;
  private final Cleaner.Cleanable cleanable;
  private final Iterator<?> local;
  private long localOrdinal;
  private long batchNumber;
  private final List<BlockingQueue<Object>> queues = new ArrayList<>();
  private final List<Integer> active = new ArrayList<>();
  private int cursor;
  private Object buffered;
  private boolean exhausted;

  private record Failure(RuntimeException error) {}

  StreamIterator(DataLoader<B> loader, long baseSeed, WorkerPool sharedPool) {
    this.loader = loader;
    this.baseSeed = baseSeed;
    WorkerPool pool = sharedPool;
    boolean owns = false;
    if (loader.numWorkers > 0 && pool == null) {
      pool = new WorkerPool(loader.numWorkers, baseSeed, loader.iterableDataset, loader.workerInit);
      owns = true;
    }
    this.state = new EpochState(pool, owns);
    this.cleanable = DataLoader.CLEANER.register(this, state);
    if (pool == null) {
      local = loader.iterableDataset.iterator();
    } else {
      local = null;
      for (int w = 0; w < pool.size(); w++) {
        BlockingQueue<Object> q = new ArrayBlockingQueue<>(loader.prefetchFactor + 1);
        queues.add(q);
        active.add(w);
        pool.submit(w, new EpochJob(loader, state, q, baseSeed, w));
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (buffered != null) return true;
    if (exhausted || state.closed) return false;
    buffered = local != null ? nextLocal() : nextFromWorkers();
    if (buffered == null) {
      exhausted = true;
      close();
      return false;
    }
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public B next() {
    if (!hasNext()) throw new NoSuchElementException("DataLoader: the epoch has no more batches");
    Object b = buffered;
    buffered = null;
    return (B) b;
  }

  private Object nextLocal() {
    long[] ordinal = {localOrdinal};
    Object batch = readBatch(loader, local, ordinal, baseSeed, 0, batchNumber, state, "DataLoader");
    localOrdinal = ordinal[0];
    if (batch != null) batchNumber++;
    return batch;
  }

  private Object nextFromWorkers() {
    while (!active.isEmpty()) {
      if (cursor >= active.size()) cursor = 0;
      int w = active.get(cursor);
      Object item;
      try {
        item = loader.timeoutMs > 0 ? queues.get(w).poll(loader.timeoutMs, TimeUnit.MILLISECONDS) : queues.get(w).take();
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new DataLoaderException("DataLoader: interrupted while waiting for a batch from worker " + w, -1, batchNumber, e);
      }
      if (item == null) {
        close();
        throw new DataLoaderException("DataLoader timed out after " + loader.timeoutMs + " ms waiting for batch "
            + batchNumber + " from worker " + w + "; the dataset's iterator is slower than the timeout or blocked: raise "
            + "timeout(...) or fix the dataset", -1, batchNumber, null);
      }
      if (item == END) {
        active.remove(cursor);
        continue;
      }
      if (item instanceof Failure f) {
        close();
        throw f.error;
      }
      cursor++;
      batchNumber++;
      return item;
    }
    return null;
  }

  @Override
  public void close() {
    cleanable.clean();
    for (BlockingQueue<Object> q : queues) q.clear();
  }

  /**
   * Reads up to one batch of samples from {@code it}; null at the end (or when dropLast drops the
   * incomplete tail). {@code ordinal[0]} counts the samples this iterator produced.
   */
  static Object readBatch(DataLoader<?> loader, Iterator<?> it, long[] ordinal, long baseSeed, int stream,
      long batchNumber, EpochState state, String who) {
    int want = loader.batchSize == null ? 1 : loader.batchSize;
    List<Object> samples = new ArrayList<>(want);
    while (samples.size() < want && !state.closed) {
      LoaderContext.setSampleGenerator(new Generator(LoaderContext.sampleSeed(baseSeed, stream, ordinal[0])));
      try {
        if (!it.hasNext()) break;
        samples.add(it.next());
      } catch (RuntimeException | Error e) {
        throw new DataLoaderException(who + " failed to load sample " + ordinal[0] + " of its stream (batch "
            + batchNumber + "): " + e, -1, batchNumber, e);
      } finally {
        LoaderContext.setSampleGenerator(null);
      }
      ordinal[0]++;
    }
    if (samples.isEmpty() || state.closed || (loader.dropLast && samples.size() < want)) return null;
    try {
      return loader.collateAndPin(samples);
    } catch (RuntimeException | Error e) {
      throw new DataLoaderException(who + ": collate failed for batch " + batchNumber + ": " + e.getMessage(), -1,
          batchNumber, e);
    }
  }

  /** One worker's share of an epoch: iterate the dataset, queue batches, then END. */
  private static final class EpochJob implements WorkerPool.WorkerTask {
    private final DataLoader<?> loader;
    private final EpochState state;
    private final BlockingQueue<Object> out;
    private final long baseSeed;
    private final int worker;

    EpochJob(DataLoader<?> loader, EpochState state, BlockingQueue<Object> out, long baseSeed, int worker) {
      this.loader = loader;
      this.state = state;
      this.out = out;
      this.baseSeed = baseSeed;
      this.worker = worker;
    }

    @Override
    public void run() {
      String who = "DataLoader worker " + worker;
      long[] ordinal = {0};
      long batch = 0;
      try {
        Iterator<?> it = loader.iterableDataset.iterator();
        Object b;
        while ((b = readBatch(loader, it, ordinal, baseSeed, worker + 1, batch, state, who)) != null) {
          if (!put(b)) return;
          batch++;
        }
        put(END);
      } catch (DataLoaderException e) {
        if (put(new Failure(e))) put(END);
      } catch (RuntimeException | Error e) {
        if (put(new Failure(new DataLoaderException(who + " failed: " + e, -1, batch, e)))) put(END);
      }
    }

    /** Waits for room, giving up when the epoch closes; returns whether the item was queued. */
    private boolean put(Object item) {
      try {
        while (!state.closed) {
          if (out.offer(item, POLL_MS, TimeUnit.MILLISECONDS)) return true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    @Override
    public void fail(Runnable thrower) {
      try {
        thrower.run();
      } catch (RuntimeException e) {
        if (put(new Failure(new DataLoaderException(e.getMessage(), -1, 0, e.getCause())))) put(END);
      }
    }

    @Override
    public EpochState epoch() { return state; }

    @Override
    public void cancel() { put(END); }
  }
}
