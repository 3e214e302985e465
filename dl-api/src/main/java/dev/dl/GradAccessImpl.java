package dev.dl;

import dev.dl.spi.GradAccess;
import dev.dl.spi.GradNode;
import dev.dl.spi.VersionCounter;

/** Gives the grad recorder write access to a tensor's package-private autograd slots. */
final class GradAccessImpl extends GradAccess {
  private GradAccessImpl() {}

  static void install() { GradAccess.install(new GradAccessImpl()); }

  @Override protected void gradFn(Tensor t, GradNode node) { t.gradFn = node; }

  @Override protected void requiresGrad(Tensor t, boolean requires) { t.requiresGrad = requires; }

  @Override protected Object meta(Tensor t) { return t.gradMeta; }

  @Override protected void meta(Tensor t, Object meta) { t.gradMeta = meta; }

  @Override protected void grad(Tensor t, Tensor grad) { t.grad = grad; }

  @Override protected VersionCounter version(Tensor t) { return t.version; }

  @Override protected int[] shapeArray(Tensor t) { return t.shape; }
}
