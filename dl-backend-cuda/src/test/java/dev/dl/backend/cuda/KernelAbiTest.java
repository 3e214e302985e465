package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.dl.DType;
import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java/CUDA calling convention without a GPU: every backend method is run for every dtype
 * against a mocked driver, and the arguments of each cuLaunchKernel are compared, one by one, with
 * the parameter list of the kernel's {@code .entry} in the committed PTX (4-byte ints, 8-byte
 * integers and pointers, doubles, and by-value int structs of the right byte size).
 */
class KernelAbiTest {
  private record Launch(String kernel, Object[] args) {}

  private static final Pattern ENTRY = Pattern.compile("\\.entry (\\w+)\\(([^)]*)\\)");
  private static final Pattern PARAM = Pattern.compile("\\.param (?:\\.align \\d+ )?\\.(\\w+) \\w+?(?:\\[(\\d+)])?\\s*$");

  /** Kernel name to parameter kinds ("u32", "u64", "f64", "b8[68]") from the sm_90 PTX. */
  private static Map<String, List<String>> signatures() {
    Map<String, List<String>> sigs = new HashMap<>();
    for (String module : KernelNames.MODULES) {
      Matcher m = ENTRY.matcher(CudaSources.read(CudaSources.ptx(90, module)));
      while (m.find()) {
        List<String> kinds = new ArrayList<>();
        for (String p : m.group(2).split(",")) {
          Matcher pm = PARAM.matcher(p.strip());
          if (!pm.find()) throw new AssertionError("unparsed PTX parameter '" + p.strip() + "' of " + m.group(1));
          kinds.add(pm.group(2) == null ? pm.group(1) : pm.group(1) + "[" + pm.group(2) + "]");
        }
        sigs.put(m.group(1), kinds);
      }
    }
    return sigs;
  }

  private static String kindOf(Object arg) {
    return switch (arg) {
      case Integer i -> "u32";
      case Long l -> "u64";
      case Double d -> "f64";
      case CudaDriver.DevicePtr p -> "u64";
      case int[] struct -> "b8[" + 4 * struct.length + "]";
      default -> "unsupported " + arg.getClass().getSimpleName();
    };
  }

  private static List<Launch> runEveryMethodForEveryDtype() {
    CudaDriver driver = mock(CudaDriver.class);
    when(driver.device(0)).thenReturn(new CudaDriver.DeviceInfo("NVIDIA H100", 9, 0, 80L << 30, 132));
    when(driver.memAlloc(anyLong())).thenAnswer(inv -> new Object());
    when(driver.function(any(), any())).thenAnswer(inv -> inv.getArgument(1));
    List<Launch> launches = new ArrayList<>();
    doAnswer(inv -> {
      launches.add(new Launch((String) inv.getArgument(0), (Object[]) inv.getRawArguments()[3]));
      return null;
    }).when(driver).launch(any(), any(), any(), any(Object[].class));
    CudaBackend b = new CudaBackend(driver, 0, s -> { throw new UnsatisfiedLinkError("no cuBLAS in this test"); });
    for (DType t : DType.values()) {
      Storage x = b.allocate(t, 24), y = b.allocate(t, 24), out = b.allocate(t, 24);
      Storage bool = b.allocate(DType.BOOL, 24), idx = b.allocate(DType.INT64, 24), arg = b.allocate(DType.INT64, 24);
      Operand x3 = Operand.contiguous(x, 2, 3, 4), y3 = Operand.contiguous(y, 2, 3, 4), o3 = Operand.contiguous(out, 2, 3, 4);
      Operand transposed = new Operand(y, t, new int[] {2, 3, 4}, new int[] {1, 2, 6}, 0);
      b.fill(o3, t.isFloatingPoint() ? (Number) 1.5 : (Number) 1L);
      for (DType to : DType.values()) b.copy(Operand.contiguous(b.allocate(to, 24), 2, 3, 4), transposed);
      b.unary(Op.NEG, o3, transposed);
      b.unary(Op.ISNAN, Operand.contiguous(bool, 2, 3, 4), x3);
      b.binary(Op.ADD, o3, x3, transposed);
      b.binary(Op.LE, Operand.contiguous(bool, 2, 3, 4), x3, transposed);
      b.where(o3, Operand.contiguous(bool, 2, 3, 4), x3, transposed);
      b.reduce(Op.SUM, Operand.contiguous(out, 2, 1, 4), transposed, new int[] {1});
      b.reduce(Op.ARGMIN, Operand.contiguous(arg, 2, 3, 1), x3, new int[] {2});
      b.scan(Op.CUMSUM, o3, transposed, 2);
      b.matmul(Operand.contiguous(out, 2, 3, 3), Operand.contiguous(x, 2, 3, 4), new Operand(y, t, new int[] {2, 4, 3}, new int[] {12, 1, 4}, 0));
      ConvGeometry g = new ConvGeometry(1, 1, 4, 6, 2, 2, 1, 1, 0, 0, 1, 1);
      b.im2col(Operand.contiguous(b.allocate(t, 4 * 15), 1, 4, 15), Operand.contiguous(x, 1, 1, 4, 6), g);
      b.col2im(Operand.contiguous(x, 1, 1, 4, 6), Operand.contiguous(b.allocate(t, 4 * 15), 1, 4, 15), g);
      b.gather(Operand.contiguous(out, 2, 3, 2), x3, 2, Operand.contiguous(idx, 2, 3, 2));
      b.scatter(Op.SCATTER_ADD, o3, 2, Operand.contiguous(idx, 2, 3, 2), Operand.contiguous(y, 2, 3, 2));
      if (t.isFloatingPoint()) {
        b.softmax(Op.SOFTMAX, o3, transposed, 1);
        b.random(Op.RANDOM_NORMAL, o3, 1L, 2L);
      }
    }
    return launches;
  }

  @Test
  void everyLaunchMatchesItsKernelsPtxParameters() {
    Map<String, List<String>> sigs = signatures();
    List<Launch> launches = runEveryMethodForEveryDtype();
    List<String> wrong = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    for (Launch l : launches) {
      seen.add(l.kernel());
      List<String> expected = sigs.get(l.kernel());
      List<String> actual = java.util.Arrays.stream(l.args()).map(KernelAbiTest::kindOf).toList();
      if (!actual.equals(expected)) wrong.add(l.kernel() + ": passes " + actual + ", PTX declares " + expected);
    }
    assertEquals(List.of(), wrong);
    // Every kernel family ran for every dtype (copy for every pair), so no kernel escaped the check.
    assertEquals(new TreeSet<>(KernelNames.all(java.util.EnumSet.allOf(DType.class))), seen);
  }
}
