package dev.dl.autograd;

import dev.dl.Backends;
import dev.dl.DType;
import dev.dl.Device;
import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.util.Set;

/**
 * A test device ("fusedconv") that is the CPU backend plus naive fused CONV2D kernels (float32
 * and float64), so the CONV2D node, its derivative rule and the fused gradient calls run whatever
 * the CPU backend itself fuses. Its low priority keeps {@code cpu} the default device.
 */
public final class FusedConvDevice implements BackendProvider {
  /** The device this provider serves. */
  public static final Device DEVICE = new Device("fusedconv", 0);

  @Override
  public String type() { return DEVICE.type(); }

  @Override
  public int priority() { return -100; }

  @Override
  public Availability probe() { return Availability.available(1, "CPU backend with reference fused conv2d, for tests"); }

  @Override
  public Backend create(int index) { return new FusedConvBackend(); }

  /** Delegates everything to the CPU backend (looked up lazily: never during discovery) except CONV2D. */
  static final class FusedConvBackend implements Backend {
    private static Backend cpu() { return Backends.backend(Device.CPU); }

    @Override public Device device() { return DEVICE; }
    @Override public Set<DType> dtypes() { return cpu().dtypes(); }
    @Override public Storage allocate(DType dtype, int length) { return cpu().allocate(dtype, length); }
    @Override public void write(Storage dst, int off, Object host, int srcOff, int n) { cpu().write(dst, off, host, srcOff, n); }
    @Override public void read(Storage src, int off, Object host, int dstOff, int n) { cpu().read(src, off, host, dstOff, n); }
    @Override public void fill(Operand out, Number value) { cpu().fill(out, value); }
    @Override public void copy(Operand out, Operand x) { cpu().copy(out, x); }
    @Override public void unary(Op op, Operand out, Operand x) { cpu().unary(op, out, x); }
    @Override public void binary(Op op, Operand out, Operand a, Operand b) { cpu().binary(op, out, a, b); }
    @Override public void where(Operand out, Operand c, Operand a, Operand b) { cpu().where(out, c, a, b); }
    @Override public void reduce(Op op, Operand out, Operand x, int[] dims) { cpu().reduce(op, out, x, dims); }
    @Override public void scan(Op op, Operand out, Operand x, int dim) { cpu().scan(op, out, x, dim); }
    @Override public void matmul(Operand out, Operand a, Operand b) { cpu().matmul(out, a, b); }
    @Override public void im2col(Operand out, Operand x, ConvGeometry g) { cpu().im2col(out, x, g); }
    @Override public void col2im(Operand out, Operand cols, ConvGeometry g) { cpu().col2im(out, cols, g); }
    @Override public void gather(Operand out, Operand x, int dim, Operand index) { cpu().gather(out, x, dim, index); }
    @Override public void scatter(Op op, Operand out, int dim, Operand i, Operand src) { cpu().scatter(op, out, dim, i, src); }
    @Override public void random(Op op, Operand out, long seed, long offset) { cpu().random(op, out, seed, offset); }
    @Override public boolean softmax(Op op, Operand out, Operand x, int dim) { return cpu().softmax(op, out, x, dim); }
    @Override public boolean maxPool2d(Operand v, Operand i, Operand x, ConvGeometry g) { return cpu().maxPool2d(v, i, x, g); }

    @Override
    public boolean conv2d(Operand out, Operand x, Operand weight, Operand bias, ConvGeometry g, int groups) {
      if (!fused(x.dtype())) return false;
      double[] xs = load(x), ws = load(weight), bs = bias == null ? null : load(bias);
      int oc = weight.shape()[0];
      double[] r = new double[out.numel()];
      taps(g, oc, groups, (o, oi, xi, wi) -> r[oi] += xs[xi] * ws[wi]);
      if (bs != null) {
        int plane = g.outH() * g.outW();
        for (int k = 0; k < r.length; k++) r[k] += bs[(k / plane) % oc];
      }
      store(out, r);
      return true;
    }

    @Override
    public boolean conv2dBackwardInput(Operand gradX, Operand gradOut, Operand weight, ConvGeometry g, int groups) {
      if (!fused(gradOut.dtype())) return false;
      double[] go = load(gradOut), ws = load(weight);
      double[] r = new double[gradX.numel()];
      taps(g, weight.shape()[0], groups, (o, oi, xi, wi) -> r[xi] += go[oi] * ws[wi]);
      store(gradX, r);
      return true;
    }

    @Override
    public boolean conv2dBackwardWeight(Operand gradWeight, Operand gradOut, Operand x, ConvGeometry g, int groups) {
      if (!fused(gradOut.dtype())) return false;
      double[] go = load(gradOut), xs = load(x);
      double[] r = new double[gradWeight.numel()];
      taps(g, gradOut.shape()[1], groups, (o, oi, xi, wi) -> r[wi] += go[oi] * xs[xi]);
      store(gradWeight, r);
      return true;
    }

    private static boolean fused(DType t) { return t == DType.FLOAT32 || t == DType.FLOAT64; }

    /** One multiply of the convolution: output, input and weight flat positions. */
    interface Tap {
      void at(int o, int outIndex, int xIndex, int wIndex);
    }

    /** Visits every (output, input, weight) triple of the cross-correlation that lies inside the image. */
    private static void taps(ConvGeometry g, int oc, int groups, Tap tap) {
      int oh = g.outH(), ow = g.outW(), cg = g.c() / groups, og = oc / groups;
      for (int b = 0; b < g.n(); b++) {
        for (int o = 0; o < oc; o++) {
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
              int oi = ((b * oc + o) * oh + oy) * ow + ox;
              for (int ci = 0; ci < cg; ci++) {
                int ch = (o / og) * cg + ci;
                for (int i = 0; i < g.kh(); i++) {
                  int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                  if (y < 0 || y >= g.h()) continue;
                  for (int j = 0; j < g.kw(); j++) {
                    int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                    if (xx < 0 || xx >= g.w()) continue;
                    tap.at(o, oi, ((b * g.c() + ch) * g.h() + y) * g.w() + xx, ((o * cg + ci) * g.kh() + i) * g.kw() + j);
                  }
                }
              }
            }
          }
        }
      }
    }

    private static double[] load(Operand op) {
      int n = op.numel();
      double[] r = new double[n];
      if (op.dtype() == DType.FLOAT64) {
        cpu().read(op.storage(), op.offset(), r, 0, n);
      } else {
        float[] f = new float[n];
        cpu().read(op.storage(), op.offset(), f, 0, n);
        for (int i = 0; i < n; i++) r[i] = f[i];
      }
      return r;
    }

    private static void store(Operand op, double[] v) {
      if (op.dtype() == DType.FLOAT64) {
        cpu().write(op.storage(), op.offset(), v, 0, v.length);
      } else {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        cpu().write(op.storage(), op.offset(), f, 0, f.length);
      }
    }
  }
}
