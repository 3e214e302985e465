package dev.dl.data;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The worker threads of a DataLoader. Each worker has its own task queue, as each PyTorch worker
 * process has its own index queue: batch {@code k} goes to worker {@code k % numWorkers}, and an
 * IterableDataset's epoch job goes to one specific worker. Threads are daemons so an abandoned
 * loader never keeps the JVM alive; {@link #close()} interrupts and joins them.
 */
final class WorkerPool implements AutoCloseable {
  static final String THREAD_PREFIX = "dl-data-worker-";
  private static final System.Logger LOG = System.getLogger(DataLoader.class.getName());
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final long JOIN_WARN_MS = 30_000;

  private final Thread[] threads;
  private final List<LinkedBlockingQueue<Runnable>> queues;
  private volatile boolean closed;

  WorkerPool(int numWorkers, long baseSeed, Object dataset, IntConsumer workerInit) {
    int poolId = POOLS.incrementAndGet();
    threads = new Thread[numWorkers];
    queues = new ArrayList<>(numWorkers);
    for (int w = 0; w < numWorkers; w++) {
      LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
      queues.add(queue);
      WorkerInfo info = new WorkerInfo(w, numWorkers, baseSeed + w, dataset);
      Thread t = new Thread(() -> runWorker(info, queue, workerInit), THREAD_PREFIX + poolId + "-" + w);
      t.setDaemon(true);
      threads[w] = t;
    }
    for (Thread t : threads) t.start();
  }

  private void runWorker(WorkerInfo info, LinkedBlockingQueue<Runnable> queue, IntConsumer workerInit) {
    LoaderContext.setWorker(info);
    Runnable initFailure = null;
    if (workerInit != null) {
      try {
        workerInit.accept(info.id());
      } catch (RuntimeException | Error e) {
        // Every batch sent to this worker fails with the cause, so the main thread sees it.
        initFailure = () -> {
          throw new IllegalStateException("workerInit failed in DataLoader worker " + info.id() + ": " + e, e);
        };
      }
    }
    try {
      while (!closed) {
        Runnable task = queue.take();
        if (initFailure != null && task instanceof WorkerTask wt) wt.fail(initFailure);
        else task.run();
      }
    } catch (InterruptedException e) {
      // close() interrupts idle workers: leave quietly.
    } finally {
      LoaderContext.setWorker(null);
      LoaderContext.setSampleGenerator(null);
    }
  }

  int size() { return threads.length; }

  boolean isClosed() { return closed; }

  void submit(int worker, Runnable task) {
    if (closed) throw new IllegalStateException("DataLoader workers were shut down");
    queues.get(worker).add(task);
  }

  /**
   * Drops the queued tasks of one epoch that have not started (when it ends early with persistent
   * workers); a null epoch drops every queued task.
   */
  void clearQueued(EpochState epoch) {
    for (LinkedBlockingQueue<Runnable> q : queues) {
      List<WorkerTask> dropped = new ArrayList<>();
      q.removeIf(r -> r instanceof WorkerTask wt && (epoch == null || wt.epoch() == epoch) && dropped.add(wt));
      dropped.forEach(WorkerTask::cancel);
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    clearQueued(null);
    for (Thread t : threads) t.interrupt();
    for (Thread t : threads) {
      if (t == Thread.currentThread()) continue;
      try {
        t.join(JOIN_WARN_MS);
        if (t.isAlive()) {
          LOG.log(Level.WARNING, "DataLoader worker thread " + t.getName() + " is still inside dataset.get after "
              + JOIN_WARN_MS + " ms; it will stop after its current sample");
          t.join();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A task that can be failed or cancelled without running. */
  interface WorkerTask extends Runnable {
    EpochState epoch();

    void fail(Runnable thrower);

    void cancel();
  }
}
