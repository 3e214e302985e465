package dev.dl.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backend's own fork/join pool, so kernels never compete with the common pool that user code
 * (parallel streams, DataLoader workers) may saturate. Size: {@code -Ddl.cpu.threads} or
 * {@code DL_CPU_THREADS}, default the number of processors.
 */
final class Parallel {
  /** Below this many elements a kernel runs on the calling thread: forking costs more than it saves. */
  static final int GRAIN = 32 * 1024;

  /** A body over the half-open index range {@code [lo, hi)}. */
  @FunctionalInterface
  interface Range {
    void run(int lo, int hi);
  }

  private static final Parallel SHARED = new Parallel(configuredThreads());

  final int threads;
  private final ForkJoinPool pool;

  Parallel(int threads) {
    this.threads = threads;
    AtomicInteger ids = new AtomicInteger();
    this.pool = new ForkJoinPool(threads, p -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("dl-cpu-" + ids.getAndIncrement());
      t.setDaemon(true);
      return t;
    }, null, false);
  }

  static Parallel shared() { return SHARED; }

  private static int configuredThreads() {
    String v = System.getProperty("dl.cpu.threads");
    if (v == null || v.isBlank()) v = System.getenv("DL_CPU_THREADS");
    int n = Runtime.getRuntime().availableProcessors();
    if (v == null || v.isBlank()) return n;
    try {
      int requested = Integer.parseInt(v.trim());
      if (requested > 0) return requested;
    } catch (NumberFormatException e) {
      // fall through to the warning below
    }
    // A bad setting must not make the default device unusable: say so once and use the default.
    System.getLogger("dev.dl.backend.cpu").log(System.Logger.Level.WARNING, "ignoring dl.cpu.threads / DL_CPU_THREADS = '"
        + v + "': expected a positive integer; using " + n + " threads");
    return n;
  }

  /**
   * Runs {@code body} over {@code [0, total)}, split into chunks of at least {@code grain} items,
   * about four per thread so uneven chunks balance out.
   */
  void forRange(int total, int grain, Range body) {
    if (total <= 0) return;
    int chunk = Math.max(Math.max(grain, 1), (total + threads * 4 - 1) / (threads * 4));
    if (threads == 1 || total <= chunk) {
      body.run(0, total);
      return;
    }
    Split task = new Split(body, 0, total, chunk);
    try {
      if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) {
        task.invoke();
      } else {
        pool.invoke(task);
      }
    } catch (RuntimeException e) {
      // Fork/join rethrows a worker's exception as a fresh copy whose message may be lost; the
      // user should see the kernel's own message (e.g. integer division by zero).
      if (e.getCause() instanceof RuntimeException cause && cause.getClass() == e.getClass()) throw cause;
      throw e;
    }
  }

  private static final class Split extends RecursiveAction {
    private final Range body;
    private final int lo;
    private final int hi;
    private final int chunk;

    Split(Range body, int lo, int hi, int chunk) {
      this.body = body;
      this.lo = lo;
      this.hi = hi;
      this.chunk = chunk;
    }

    @Override
    protected void compute() {
      if (hi - lo <= chunk) {
        body.run(lo, hi);
        return;
      }
      int mid = lo + (hi - lo) / 2;
      invokeAll(new Split(body, lo, mid, chunk), new Split(body, mid, hi, chunk));
    }
  }
}
