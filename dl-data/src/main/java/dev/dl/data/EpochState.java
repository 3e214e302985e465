package dev.dl.data;

/**
 * What an epoch's workers need to know and the epoch's clean-up. Kept apart from the iterator so a
 * Cleaner can stop the workers of an iterator that was dropped without being closed.
 */
final class EpochState implements Runnable {
  final WorkerPool pool;
  private final boolean ownsPool;
  volatile boolean closed;

  EpochState(WorkerPool pool, boolean ownsPool) {
    this.pool = pool;
    this.ownsPool = ownsPool;
  }

  @Override
  public void run() {
    if (closed) return;
    closed = true;
    if (pool == null) return;
    if (ownsPool) pool.close();
    else pool.clearQueued(this);
  }
}
