package dev.dl.data;

import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.data.sampler.BatchSampler;
import dev.dl.data.sampler.RandomSampler;
import dev.dl.data.sampler.Sampler;
import dev.dl.data.sampler.SequentialSampler;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.eclipse.collections.api.list.primitive.IntList;

/**
 * Iterates a dataset in batches, as PyTorch's {@code DataLoader}: a sampler orders the indices, a
 * batch sampler cuts them into batches, worker threads load and collate whole batches ahead of
 * the training loop, and batches arrive in sampler order.
 *
 * <pre>{@code
 * DataLoader<Example> loader = DataLoader.builder(train).batchSize(64).shuffle(true).numWorkers(2)
 *     .generator(new Generator(42)).build();
 * for (Example batch : loader) { ... }
 * }</pre>
 *
 * <p>The batch type {@code B} is what the collate function returns ({@link Collate#defaultCollate}
 * by default). Each {@link #iterator()} is one epoch; with {@code numWorkers > 0}, worker threads
 * ({@code dl-data-worker-*}) prepare {@code prefetchFactor} batches each. The same generator seed gives
 * the same batches whatever {@code numWorkers} is: random transforms draw from
 * {@link #sampleGenerator()}, seeded from the epoch's base seed and the sample's position. Leaving a
 * for-each loop early leaves the epoch's workers idle until the next epoch starts, the loader is
 * closed, or the iterator is garbage-collected; use try-with-resources on {@link #iterator()} (or
 * {@link #forEach}) to stop them at once.
 */
public final class DataLoader<B> implements Iterable<B>, AutoCloseable {
  static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "dl-data-cleaner");
    t.setDaemon(true);
    return t;
  });

  final Dataset<?> dataset;
  final IterableDataset<?> iterableDataset;
  final Iterable<? extends IntList> batchSampler;
  final Sampler sampler;
  final Integer batchSize;
  final boolean dropLast;
  final int numWorkers;
  final Function<List<Object>, Object> collate;
  final PinMemory pin;
  final long timeoutMs;
  final IntConsumer workerInit;
  final Generator generator;
  final int prefetchFactor;
  final boolean persistentWorkers;

  private WeakReference<BatchIterator<B>> live = new WeakReference<>(null);
  private PersistentPool persistent;
  private boolean closed;

  @SuppressWarnings("unchecked")
  private DataLoader(Builder<?> b) {
    this.dataset = b.dataset;
    this.iterableDataset = b.iterableDataset;
    this.batchSize = b.batchSize;
    this.dropLast = b.dropLast;
    this.numWorkers = b.numWorkers;
    this.collate = b.collate == null ? null : (Function<List<Object>, Object>) (Function<?, ?>) b.collate;
    this.pin = b.pinMemory ? new PinMemory(b.pinMemoryDevice == null ? Device.defaultDevice() : b.pinMemoryDevice) : null;
    this.timeoutMs = b.timeoutMs;
    this.workerInit = b.workerInit;
    this.generator = b.generator;
    this.prefetchFactor = b.prefetchFactor == null ? 2 : b.prefetchFactor;
    this.persistentWorkers = b.persistentWorkers;
    if (dataset != null) {
      Sampler s = b.sampler;
      if (s == null && b.batchSampler == null) {
        s = b.shuffle ? new RandomSampler(dataset.size(), false, null, generator) : new SequentialSampler(dataset.size());
      }
      this.sampler = s;
      this.batchSampler = b.batchSampler != null ? b.batchSampler
          : batchSize != null ? new BatchSampler(s, batchSize, dropLast) : null;
    } else {
      this.sampler = null;
      this.batchSampler = null;
    }
  }

  /** A builder over a map-style dataset. */
  public static <T> Builder<T> builder(Dataset<T> dataset) { return new Builder<>(Objects.requireNonNull(dataset, "dataset"), null); }

  /** A builder over an iterable-style dataset (no sampler, no shuffle). */
  public static <T> Builder<T> builder(IterableDataset<T> dataset) {
    return new Builder<>(null, Objects.requireNonNull(dataset, "dataset"));
  }

  /**
   * The current worker thread's info, or null on a thread that is not a DataLoader worker (as
   * PyTorch's {@code get_worker_info()}).
   */
  public static WorkerInfo workerInfo() { return LoaderContext.worker(); }

  /**
   * The generator random transforms should draw from: while a loader loads a sample, one seeded from
   * the epoch's base seed and the sample's position in the epoch (so results do not depend on which
   * worker loads it); elsewhere {@link Generator#defaultGenerator()}.
   */
  public static Generator sampleGenerator() {
    Generator g = LoaderContext.sampleGenerator();
    return g != null ? g : Generator.defaultGenerator();
  }

  /**
   * Starts an epoch. The previous epoch's iterator of this loader, if still open, is closed first
   * (its workers stop).
   */
  @Override
  public synchronized BatchIterator<B> iterator() {
    if (closed) throw new IllegalStateException("DataLoader: the loader was closed; build a new one");
    BatchIterator<B> previous = live.get();
    if (previous != null) previous.close();
    long baseSeed = (generator != null ? generator : Generator.defaultGenerator()).nextLong();
    WorkerPool shared = null;
    if (numWorkers > 0 && persistentWorkers) {
      if (persistent == null || persistent.pool.isClosed()) {
        persistent = new PersistentPool(new WorkerPool(numWorkers, baseSeed, datasetObject(), workerInit));
        CLEANER.register(this, persistent);
      }
      shared = persistent.pool;
    }
    BatchIterator<B> it = dataset != null
        ? new MapStyleIterator<>(this, baseSeed, shared)
        : new StreamIterator<>(this, baseSeed, shared);
    live = new WeakReference<>(it);
    return it;
  }

  /** Runs {@code action} on every batch of one epoch and stops the workers however the loop ends. */
  @Override
  public void forEach(Consumer<? super B> action) {
    try (BatchIterator<B> it = iterator()) {
      while (it.hasNext()) action.accept(it.next());
    }
  }

  /**
   * Batches per epoch, as {@code len(loader)}; fails for an IterableDataset or a batch sampler
   * whose size is unknown.
   */
  public int size() {
    if (batchSampler instanceof BatchSampler bs) return bs.size();
    if (batchSampler instanceof Collection<?> c) return c.size();
    if (dataset != null && batchSampler == null) return sampler.size();
    throw new IllegalStateException("DataLoader.size(): the number of batches is unknown for "
        + (dataset == null ? "an IterableDataset" : "a batch sampler that is neither a BatchSampler nor a Collection"));
  }

  /** Closes the current epoch and shuts down persistent workers. The loader cannot be iterated again. */
  @Override
  public synchronized void close() {
    closed = true;
    BatchIterator<B> previous = live.get();
    if (previous != null) previous.close();
    if (persistent != null) persistent.run();
  }

  Object datasetObject() { return dataset != null ? dataset : iterableDataset; }

  Object collateAndPin(List<Object> samples) {
    Object batch = batchSize == null && collate == null ? samples.getFirst()
        : collate == null ? Collate.defaultCollate(samples) : collate.apply(samples);
    return pin == null ? batch : pin.apply(batch);
  }

  /** Shuts a persistent pool down when the loader is closed or collected. */
  private record PersistentPool(WorkerPool pool) implements Runnable {
    @Override public void run() { pool.close(); }
  }

  /**
   * Options with PyTorch's names, meanings and defaults: {@code batchSize 1, shuffle false,
   * numWorkers 0, pinMemory false, dropLast false, timeout 0, prefetchFactor 2 (with workers),
   * persistentWorkers false}.
   */
  public static final class Builder<T> {
    private final Dataset<T> dataset;
    private final IterableDataset<T> iterableDataset;
    private Integer batchSize = 1;
    private boolean shuffle;
    private Sampler sampler;
    private Iterable<? extends IntList> batchSampler;
    private int numWorkers;
    private Function<? super List<T>, ?> collate;
    private boolean pinMemory;
    private Device pinMemoryDevice;
    private boolean dropLast;
    private long timeoutMs;
    private IntConsumer workerInit;
    private Generator generator;
    private Integer prefetchFactor;
    private boolean persistentWorkers;

    private Builder(Dataset<T> dataset, IterableDataset<T> iterableDataset) {
      this.dataset = dataset;
      this.iterableDataset = iterableDataset;
    }

    /** Samples per batch (default 1); null turns automatic batching off, yielding samples one by one. */
    public Builder<T> batchSize(Integer batchSize) { this.batchSize = batchSize; return this; }

    /** Reshuffle the indices every epoch (default false). */
    public Builder<T> shuffle(boolean shuffle) { this.shuffle = shuffle; return this; }

    /** The index order; mutually exclusive with shuffle. */
    public Builder<T> sampler(Sampler sampler) { this.sampler = sampler; return this; }

    /** Batches of indices; mutually exclusive with batchSize, shuffle, sampler and dropLast. */
    public Builder<T> batchSampler(Iterable<? extends IntList> batchSampler) { this.batchSampler = batchSampler; return this; }

    /** Worker threads that load batches (default 0: load in the calling thread). */
    public Builder<T> numWorkers(int numWorkers) { this.numWorkers = numWorkers; return this; }

    /** Combines a list of samples into a batch (default {@link Collate#defaultCollate}). */
    public Builder<T> collate(Function<? super List<T>, ?> collate) { this.collate = collate; return this; }

    /** Stage batches in pinned host memory when the target backend offers it (see the class docs). */
    public Builder<T> pinMemory(boolean pinMemory) { this.pinMemory = pinMemory; return this; }

    /** The device pinned batches are meant for (default {@link Device#defaultDevice()}). */
    public Builder<T> pinMemoryDevice(Device device) { this.pinMemoryDevice = device; return this; }

    /** Drop the last incomplete batch (default false). */
    public Builder<T> dropLast(boolean dropLast) { this.dropLast = dropLast; return this; }

    /**
     * Milliseconds to wait for a batch from the workers before failing; 0 (default) waits forever.
     * Ignored without workers, as in PyTorch.
     */
    public Builder<T> timeout(long timeoutMs) { this.timeoutMs = timeoutMs; return this; }

    /** Called with the worker id in each worker thread before it loads anything. */
    public Builder<T> workerInit(IntConsumer workerInit) { this.workerInit = workerInit; return this; }

    /** The generator for shuffling and for the workers' and samples' seeds (default: the default generator). */
    public Builder<T> generator(Generator generator) { this.generator = generator; return this; }

    /** Batches each worker prepares ahead (default 2); only with numWorkers &gt; 0. */
    public Builder<T> prefetchFactor(int prefetchFactor) { this.prefetchFactor = prefetchFactor; return this; }

    /** Keep the worker threads between epochs (default false); needs numWorkers &gt; 0. */
    public Builder<T> persistentWorkers(boolean persistentWorkers) { this.persistentWorkers = persistentWorkers; return this; }

    /** Checks the options (PyTorch's rules and messages) and builds the loader. */
    public <B> DataLoader<B> build() {
      if (numWorkers < 0) {
        throw new IllegalArgumentException("DataLoader: numWorkers option should be non-negative; use numWorkers=0 to "
            + "load in the calling thread, got " + numWorkers);
      }
      if (timeoutMs < 0) throw new IllegalArgumentException("DataLoader: timeout option should be non-negative, got " + timeoutMs);
      if (numWorkers == 0 && prefetchFactor != null) {
        throw new IllegalArgumentException("DataLoader: prefetchFactor option could only be specified with numWorkers > 0");
      }
      if (prefetchFactor != null && prefetchFactor <= 0) {
        throw new IllegalArgumentException("DataLoader: prefetchFactor must be positive, got " + prefetchFactor);
      }
      if (persistentWorkers && numWorkers == 0) {
        throw new IllegalArgumentException("DataLoader: persistentWorkers option needs numWorkers > 0");
      }
      if (batchSize != null && batchSize <= 0) {
        throw new IllegalArgumentException("DataLoader: batchSize should be a positive integer value (or null to turn "
            + "automatic batching off), but got batchSize=" + batchSize);
      }
      if (iterableDataset != null) {
        if (shuffle) throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true");
        if (sampler != null) throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified sampler option");
        if (batchSampler != null) throw new IllegalArgumentException("DataLoader with IterableDataset: expected unspecified batchSampler option");
      }
      if (sampler != null && shuffle) throw new IllegalArgumentException("DataLoader: sampler option is mutually exclusive with shuffle");
      if (batchSampler != null && (batchSize == null || batchSize != 1 || shuffle || sampler != null || dropLast)) {
        throw new IllegalArgumentException("DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, "
            + "sampler, and dropLast");
      }
      if (batchSize == null && dropLast) {
        throw new IllegalArgumentException("DataLoader: batchSize=null option disables auto-batching and is mutually "
            + "exclusive with dropLast");
      }
      return new DataLoader<>(this);
    }
  }
}
