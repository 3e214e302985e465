package dev.dl.data;

import dev.dl.Generator;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * One epoch over a map-style dataset. Without workers, batches load in the calling thread on
 * {@code next()}. With workers, batch {@code k} goes to worker {@code k % n} and at most
 * {@code prefetchFactor * n} batches are in flight; {@code next()} waits only for the oldest one,
 * so batches come back in sampler order.
 */
final class MapStyleIterator<B> implements BatchIterator<B> {
  private final DataLoader<B> loader;
  private final long baseSeed;
  private final Iterator<? extends IntList> batches;
  private final EpochState state;
  private final Cleaner.Cleanable cleanable;
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private long dispatchedBatches;
  private long dispatchedSamples;

  private record Pending(long batchNumber, IntList indices, CompletableFuture<Object> result) {}

  MapStyleIterator(DataLoader<B> loader, long baseSeed, WorkerPool sharedPool) {
    this.loader = loader;
    this.baseSeed = baseSeed;
    this.batches = loader.batchSampler != null ? loader.batchSampler.iterator() : singles(loader.sampler.indices());
    WorkerPool pool = sharedPool;
    boolean owns = false;
    if (loader.numWorkers > 0 && pool == null) {
      pool = new WorkerPool(loader.numWorkers, baseSeed, loader.dataset, loader.workerInit);
      owns = true;
    }
    this.state = new EpochState(pool, owns);
    this.cleanable = DataLoader.CLEANER.register(this, state);
    if (pool != null) fill();
  }

  private static Iterator<IntList> singles(IntList indices) {
    return new Iterator<>() {
      private int next;

      @Override public boolean hasNext() { return next < indices.size(); }

      @Override public IntList next() { return IntArrayList.newListWith(indices.get(next++)); }
    };
  }

  private void fill() {
    int limit = loader.prefetchFactor * state.pool.size();
    while (inFlight.size() < limit && batches.hasNext()) {
      IntList indices = batches.next();
      Pending p = new Pending(dispatchedBatches, indices, new CompletableFuture<>());
      long firstOrdinal = dispatchedSamples;
      int worker = (int) (dispatchedBatches % state.pool.size());
      state.pool.submit(worker, new BatchTask(loader, state, indices, firstOrdinal, baseSeed, p.batchNumber, p.result));
      inFlight.add(p);
      dispatchedBatches++;
      dispatchedSamples += indices.size();
    }
  }

  @Override
  public boolean hasNext() {
    if (state.closed) return false;
    boolean more = state.pool == null ? batches.hasNext() : !inFlight.isEmpty();
    if (!more) close();
    return more;
  }

  @Override
  @SuppressWarnings("unchecked")
  public B next() {
    if (!hasNext()) throw new NoSuchElementException("DataLoader: the epoch has no more batches");
    if (state.pool == null) {
      IntList indices = batches.next();
      long batchNumber = dispatchedBatches++;
      long first = dispatchedSamples;
      dispatchedSamples += indices.size();
      return (B) loadBatch(loader, indices, first, baseSeed, batchNumber, null, state);
    }
    Pending p = inFlight.poll();
    try {
      Object batch = loader.timeoutMs > 0 ? p.result.get(loader.timeoutMs, TimeUnit.MILLISECONDS) : p.result.get();
      fill();
      return (B) batch;
    } catch (TimeoutException e) {
      close();
      throw new DataLoaderException("DataLoader timed out after " + loader.timeoutMs + " ms waiting for batch "
          + p.batchNumber + " (sample indices " + p.indices + ") from worker " + (p.batchNumber % state.pool.size())
          + "; a dataset get() or transform is slower than the timeout or blocked: raise timeout(...) or fix the dataset",
          -1, p.batchNumber, e);
    } catch (ExecutionException e) {
      close();
      if (e.getCause() instanceof DataLoaderException dle) throw dle;
      throw new DataLoaderException("DataLoader: batch " + p.batchNumber + " failed: " + e.getCause(), -1,
          p.batchNumber, e.getCause());
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new DataLoaderException("DataLoader: interrupted while waiting for batch " + p.batchNumber, -1, p.batchNumber, e);
    } catch (CancellationException e) {
      throw new NoSuchElementException("DataLoader: the epoch was closed");
    }
  }

  @Override
  public void close() {
    cleanable.clean();
    for (Pending p : inFlight) p.result.cancel(false);
    inFlight.clear();
  }

  /**
   * Loads the samples of one batch with each sample's generator set, then collates and pins.
   * Failures name the sample index and keep the original cause.
   */
  static Object loadBatch(DataLoader<?> loader, IntList indices, long firstOrdinal, long baseSeed, long batchNumber,
      WorkerInfo worker, EpochState state) {
    List<Object> samples = new ArrayList<>(indices.size());
    String who = worker == null ? "DataLoader" : "DataLoader worker " + worker.id();
    for (int k = 0; k < indices.size(); k++) {
      if (state.closed) throw new CancellationException("epoch closed");
      int index = indices.get(k);
      LoaderContext.setSampleGenerator(new Generator(LoaderContext.sampleSeed(baseSeed, 0, firstOrdinal + k)));
      try {
        samples.add(loader.dataset.get(index));
      } catch (RuntimeException | Error e) {
        throw new DataLoaderException(who + " failed to load sample index " + index + " (batch " + batchNumber
            + " of the epoch): " + e, index, batchNumber, e);
      } finally {
        LoaderContext.setSampleGenerator(null);
      }
    }
    try {
      return loader.collateAndPin(samples);
    } catch (RuntimeException | Error e) {
      throw new DataLoaderException(who + ": collate failed for batch " + batchNumber + " (sample indices " + indices
          + "): " + e.getMessage(), -1, batchNumber, e);
    }
  }

  /** One batch for one worker; completes {@code result} with the batch or the failure. */
  private static final class BatchTask implements WorkerPool.WorkerTask {
    private final DataLoader<?> loader;
    private final EpochState state;
    private final IntList indices;
    private final long firstOrdinal;
    private final long baseSeed;
    private final long batchNumber;
    private final CompletableFuture<Object> result;

    BatchTask(DataLoader<?> loader, EpochState state, IntList indices, long firstOrdinal, long baseSeed, long batchNumber,
        CompletableFuture<Object> result) {
      this.loader = loader;
      this.state = state;
      this.indices = indices;
      this.firstOrdinal = firstOrdinal;
      this.baseSeed = baseSeed;
      this.batchNumber = batchNumber;
      this.result = result;
    }

    @Override
    public void run() {
      if (state.closed) {
        result.cancel(false);
        return;
      }
      try {
        result.complete(loadBatch(loader, indices, firstOrdinal, baseSeed, batchNumber, DataLoader.workerInfo(), state));
      } catch (CancellationException e) {
        result.cancel(false);
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public void fail(Runnable thrower) {
      try {
        thrower.run();
      } catch (RuntimeException e) {
        result.completeExceptionally(new DataLoaderException(e.getMessage() + " (batch " + batchNumber + ")", -1,
            batchNumber, e.getCause()));
      }
    }

    @Override
    public EpochState epoch() { return state; }

    @Override
    public void cancel() { result.cancel(false); }
  }
}
