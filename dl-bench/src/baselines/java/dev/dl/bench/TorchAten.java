package dev.dl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * In-place libtorch ops that DJL does not expose ({@code relu_}, {@code exp_}, {@code copy_}),
 * called through the FFM API on the functions behind {@code torch.relu_} and friends
 * ({@code at::_ops::relu_::call(at::Tensor&)}, which go through the dispatcher as PyTorch's own
 * calls do). A DJL {@link PtNDArray}'s handle is the address of its {@code at::Tensor}, so it is the
 * {@code at::Tensor&} argument. The library is the {@code libtorch_cpu.so} DJL already loaded.
 */
final class TorchAten {
  private static final MethodHandle RELU_;
  private static final MethodHandle EXP_;
  private static final MethodHandle COPY_;

  static {
    SymbolLookup torch = SymbolLookup.libraryLookup(loadedLibrary("libtorch_cpu.so"), Arena.global());
    Linker linker = Linker.nativeLinker();
    FunctionDescriptor unary = FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    RELU_ = linker.downcallHandle(find(torch, "_ZN2at4_ops5relu_4callERNS_6TensorE"), unary);
    EXP_ = linker.downcallHandle(find(torch, "_ZN2at4_ops4exp_4callERNS_6TensorE"), unary);
    COPY_ = linker.downcallHandle(find(torch, "_ZN2at4_ops5copy_4callERNS_6TensorERKS2_b"),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
  }

  private TorchAten() {}

  /** {@code x.relu_()}. */
  static void relu(NDArray x) { unaryInPlace(RELU_, "relu_", x); }

  /** {@code x.exp_()}. */
  static void exp(NDArray x) { unaryInPlace(EXP_, "exp_", x); }

  private static void unaryInPlace(MethodHandle op, String name, NDArray x) {
    try {
      MemorySegment self = (MemorySegment) op.invokeExact(tensor(x));
    } catch (Throwable e) {
      throw new IllegalStateException("libtorch " + name + " failed", e);
    }
  }

  /** {@code dst.copy_(src)}. */
  static void copy(NDArray dst, NDArray src) {
    try {
      MemorySegment self = (MemorySegment) COPY_.invokeExact(tensor(dst), tensor(src), false);
    } catch (Throwable e) {
      throw new IllegalStateException("libtorch copy_ failed", e);
    }
  }

  private static MemorySegment tensor(NDArray x) { return MemorySegment.ofAddress(((PtNDArray) x).getHandle()); }

  private static MemorySegment find(SymbolLookup lib, String symbol) {
    return lib.find(symbol).orElseThrow(() -> new IllegalStateException("libtorch has no symbol " + symbol
        + "; TorchAten matches the libtorch version DJL loads (see dl-bench/README.md)"));
  }

  /** The path of a shared library this process has mapped (DJL loads libtorch from its cache). */
  private static Path loadedLibrary(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        int slash = line.indexOf('/');
        if (slash >= 0 && line.endsWith("/" + name)) return Path.of(line.substring(slash));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/maps to find " + name, e);
    }
    throw new IllegalStateException(name + " is not loaded: open libtorch through Torch.open() first");
  }
}
