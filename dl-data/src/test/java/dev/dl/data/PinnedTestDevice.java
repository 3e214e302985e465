package dev.dl.data;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test device that says it has pinned host memory and otherwise runs on the CPU backend, so the
 * DataLoader's upload path runs on a machine without a GPU. Counts host-to-device writes.
 */
public final class PinnedTestDevice implements BackendProvider {
  static final Device DEVICE = new Device("pinnedtest", 0);
  static final AtomicInteger WRITES = new AtomicInteger();

  @Override public String type() { return DEVICE.type(); }

  @Override public int priority() { return -100; }

  @Override public Availability probe() { return Availability.available(1, "CPU kernels, claims pinned memory"); }

  @Override public Backend create(int index) { return new Delegate(Backends.backend(Device.CPU)); }

  private record Delegate(Backend cpu) implements Backend {
    @Override public Device device() { return DEVICE; }
    @Override public Set<DType> dtypes() { return cpu.dtypes(); }
    @Override public boolean supportsPinnedMemory() { return true; }
    @Override public Storage allocate(DType dtype, int length) { return cpu.allocate(dtype, length); }
    @Override public void write(Storage dst, int dstOffset, Object host, int srcOffset, int length) {
      WRITES.incrementAndGet();
      cpu.write(dst, dstOffset, host, srcOffset, length);
    }
    @Override public void read(Storage src, int srcOffset, Object host, int dstOffset, int length) {
      cpu.read(src, srcOffset, host, dstOffset, length);
    }
    @Override public void fill(Operand out, Number value) { cpu.fill(out, value); }
    @Override public void copy(Operand out, Operand x) { cpu.copy(out, x); }
    @Override public void unary(Op op, Operand out, Operand x) { cpu.unary(op, out, x); }
    @Override public void binary(Op op, Operand out, Operand a, Operand b) { cpu.binary(op, out, a, b); }
    @Override public void where(Operand out, Operand c, Operand a, Operand b) { cpu.where(out, c, a, b); }
    @Override public void reduce(Op op, Operand out, Operand x, int[] dims) { cpu.reduce(op, out, x, dims); }
    @Override public void scan(Op op, Operand out, Operand x, int dim) { cpu.scan(op, out, x, dim); }
    @Override public void matmul(Operand out, Operand a, Operand b) { cpu.matmul(out, a, b); }
    @Override public void im2col(Operand out, Operand x, ConvGeometry g) { cpu.im2col(out, x, g); }
    @Override public void col2im(Operand out, Operand cols, ConvGeometry g) { cpu.col2im(out, cols, g); }
    @Override public void gather(Operand out, Operand x, int dim, Operand index) { cpu.gather(out, x, dim, index); }
    @Override public void scatter(Op op, Operand out, int dim, Operand index, Operand src) { cpu.scatter(op, out, dim, index, src); }
    @Override public void random(Op op, Operand out, long seed, long offset) { cpu.random(op, out, seed, offset); }
  }
}
