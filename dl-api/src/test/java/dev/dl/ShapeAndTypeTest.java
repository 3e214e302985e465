package dev.dl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShapeAndTypeTest {
  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource({
      "INT8, UINT8, INT16", "UINT8, INT16, INT16", "INT32, INT64, INT64", "BOOL, INT8, INT8",
      "FLOAT16, BFLOAT16, FLOAT32", "INT64, FLOAT16, FLOAT16", "FLOAT32, FLOAT64, FLOAT64",
      "BOOL, BOOL, BOOL", "UINT8, BOOL, UINT8", "BFLOAT16, FLOAT64, FLOAT64"})
  void promotesLikePyTorch(DType a, DType b, DType expected) {
    assertEquals(expected, DType.promote(a, b));
    assertEquals(expected, DType.promote(b, a));
  }

  @Test
  void scalarsPromoteAsWrappedNumbers() {
    assertEquals(DType.INT32, Dispatch.resultType(DType.INT32, DType.Kind.INT));
    assertEquals(DType.FLOAT32, Dispatch.resultType(DType.INT64, DType.Kind.FLOAT));
    assertEquals(DType.FLOAT16, Dispatch.resultType(DType.FLOAT16, DType.Kind.FLOAT));
    assertEquals(DType.INT64, Dispatch.resultType(DType.BOOL, DType.Kind.INT));
  }

  @Test
  void broadcastsAndExplainsMismatch() {
    assertArrayEquals(new int[] {5, 3, 4}, Shape.broadcast(new int[] {3, 1}, new int[] {5, 1, 4}, "add"));
    assertArrayEquals(new int[] {0, 3}, Shape.broadcast(new int[] {0, 1}, new int[] {3}, "add"));
    var e = assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(new int[] {2, 3}, new int[] {4}, "add"));
    assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"),
        e.getMessage());
  }

  @Test
  void shapesValidateAndPrint() {
    assertEquals("[2, 3]", Shape.of(2, 3).toString());
    assertEquals(6, Shape.of(2, 3).numel());
    assertEquals(1, Shape.scalar().numel());
    assertEquals(3, Shape.of(2, 3).get(-1));
    assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -3));
    var e = assertThrows(IndexOutOfBoundsException.class, () -> Shape.normalizeDim(2, 2, "sum"));
    assertTrue(e.getMessage().contains("[-2, 1]") && e.getMessage().contains("got 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shape.numel(new int[] {1 << 20, 1 << 20}));
  }

  @Test
  void viewStridesFollowPyTorch() {
    assertArrayEquals(new int[] {3, 1}, Views.viewStrides(new int[] {6}, new int[] {1}, new int[] {2, 3}));
    // A transposed [3,2] cannot be flattened without a copy.
    assertEquals(null, Views.viewStrides(new int[] {3, 2}, new int[] {1, 3}, new int[] {6}));
    // but splitting its dims works.
    int[] split = Views.viewStrides(new int[] {3, 2}, new int[] {1, 3}, new int[] {3, 1, 2});
    assertEquals(1, split[0]);
    assertEquals(3, split[2]);
    assertArrayEquals(new int[] {2, 3, 4}, Views.inferShape(new int[] {2, -1, 4}, 24, "view"));
    assertThrows(IllegalArgumentException.class, () -> Views.inferShape(new int[] {-1, -1}, 24, "view"));
    var e = assertThrows(IllegalArgumentException.class, () -> Views.inferShape(new int[] {5, -1}, 24, "view"));
    assertTrue(e.getMessage().contains("invalid for input of size 24"), e.getMessage());
  }

  @Test
  void devicesParse() {
    assertEquals(new Device("cuda", 1), Device.of("cuda:1"));
    assertEquals(Device.CPU, Device.of("cpu"));
    assertEquals("opencl:0", Device.of("OpenCL:0").toString());
    assertEquals("cpu", Device.CPU.toString());
    assertThrows(IllegalArgumentException.class, () -> Device.of("cuda:x"));
    assertThrows(IllegalArgumentException.class, () -> Device.of("cuda:-1"));
    assertThrows(IllegalArgumentException.class, () -> Device.of("a b"));
  }

  @Test
  void dtypeNamesRoundTrip() {
    for (DType t : DType.values()) {
      assertEquals(t, DType.fromName(t.torchName()));
      assertEquals(t, DType.fromName("torch." + t.torchName()));
    }
    assertEquals(DType.FLOAT16, DType.fromName("half"));
    assertThrows(IllegalArgumentException.class, () -> DType.fromName("complex64"));
  }

  @Test
  void generatorStateRoundTrips() {
    Generator g = new Generator(3);
    g.nextLong();
    long[] state = g.state();
    long a = g.nextLong();
    g.setState(state);
    assertEquals(a, g.nextLong());
    assertThrows(IllegalArgumentException.class, () -> g.setState(new long[] {1}));
    for (int i = 0; i < 100; i++) {
      int r = g.nextInt(7);
      assertTrue(r >= 0 && r < 7);
    }
  }

  @Test
  void gradModeScopesNestAndRestore() {
    assertTrue(GradMode.isEnabled());
    try (var outer = GradMode.noGrad()) {
      assertEquals(false, GradMode.isEnabled());
      try (var inner = GradMode.enableGrad()) {
        assertTrue(GradMode.isEnabled());
      }
      assertEquals(false, GradMode.isEnabled());
    }
    assertTrue(GradMode.isEnabled());
    try (var inf = GradMode.inferenceMode(); var en = GradMode.enableGrad()) {
      assertEquals(false, GradMode.isEnabled());
      assertTrue(GradMode.isInferenceMode());
    }
    assertTrue(GradMode.isEnabled());
  }
}
