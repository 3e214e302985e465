package dev.dl.spi;

import dev.dl.Tensor;

/**
 * Access to a tensor's autograd slots for the grad recorder (dl-autograd). Users never need this:
 * it lets the engine attach graph nodes without making those setters part of {@link Tensor}'s API.
 */
public abstract class GradAccess {
  private static volatile GradAccess impl;

  /** For dl-api's own implementation only. */
  protected GradAccess() {}

  /** Installs the implementation; dl-api calls this once when {@link Tensor} initialises. */
  protected static void install(GradAccess access) {
    if (impl != null) throw new IllegalStateException("GradAccess is already installed");
    impl = access;
  }

  private static GradAccess impl() {
    GradAccess a = impl;
    if (a == null) {
      try {
        Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = impl;
    }
    return a;
  }

  /** Sets the node that produced {@code t} (null makes it a leaf). */
  public static void setGradFn(Tensor t, GradNode node) { impl().gradFn(t, node); }

  /** Sets requires-grad without the leaf and dtype checks of {@link Tensor#requiresGrad_(boolean)}. */
  public static void setRequiresGrad(Tensor t, boolean requires) { impl().requiresGrad(t, requires); }

  /** The recorder's per-tensor data, or null. */
  public static Object gradMeta(Tensor t) { return impl().meta(t); }

  /** Sets the recorder's per-tensor data. */
  public static void setGradMeta(Tensor t, Object meta) { impl().meta(t, meta); }

  /** Sets {@code t.grad()} without a shape check. */
  public static void setGrad(Tensor t, Tensor grad) { impl().grad(t, grad); }

  /**
   * {@code t}'s sizes without the copy {@code t.shape().toArray()} makes, for the recorder's
   * per-op bookkeeping; the array is the tensor's own and must not be modified.
   */
  public static int[] sizes(Tensor t) { return impl().shapeArray(t); }

  /** The version counter shared by {@code t} and its views. */
  public static VersionCounter versionOf(Tensor t) { return impl().version(t); }

  protected abstract void gradFn(Tensor t, GradNode node);

  protected abstract void requiresGrad(Tensor t, boolean requires);

  protected abstract Object meta(Tensor t);

  protected abstract void meta(Tensor t, Object meta);

  protected abstract void grad(Tensor t, Tensor grad);

  protected abstract VersionCounter version(Tensor t);

  protected abstract int[] shapeArray(Tensor t);
}
