package dev.dl.spi;

/**
 * Counts in-place modifications of a storage; a tensor and all its views share one. Autograd
 * remembers the version of every tensor it saves and refuses to use one that changed since.
 */
public final class VersionCounter {
  private int version;

  /** The current version. */
  public int get() { return version; }

  /** Called after every in-place write. */
  public void bump() { version++; }
}
