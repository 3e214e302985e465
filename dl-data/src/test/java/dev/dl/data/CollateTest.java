package dev.dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.DType;
import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollateTest {
  public record Pair(Tensor x, Object y) {}

  public record WithInt(Tensor x, int label) {}

  @Test
  void stacksTensorsAlongANewFirstDim() {
    Tensor b = (Tensor) Collate.defaultCollate(List.of(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {3, 4}, 2)));
    assertEquals(Shape.of(2, 2), b.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, b.toFloatArray());
  }

  @Test
  void numbersBecomeTensorsOfPyTorchsDtypes() {
    assertEquals(DType.INT64, ((Tensor) Collate.defaultCollate(List.of(1, 2))).dtype());
    assertEquals(DType.INT64, ((Tensor) Collate.defaultCollate(List.of(1L, 2L))).dtype());
    assertEquals(DType.FLOAT32, ((Tensor) Collate.defaultCollate(List.of(1f, 2f))).dtype());
    assertEquals(DType.FLOAT64, ((Tensor) Collate.defaultCollate(List.of(1.0, 2.5))).dtype());
    Tensor bools = (Tensor) Collate.defaultCollate(List.of(true, false));
    assertEquals(DType.BOOL, bools.dtype());
    assertArrayEquals(new boolean[] {true, false}, bools.toBooleanArray());
  }

  @Test
  void recordsCollateFieldWiseAndAreRebuilt() {
    Object b = Collate.defaultCollate(List.of(new Pair(Tensor.zeros(3), 1), new Pair(Tensor.ones(3), 2)));
    Pair p = assertInstanceOf(Pair.class, b);
    assertEquals(Shape.of(2, 3), p.x().shape());
    assertArrayEquals(new long[] {1, 2}, ((Tensor) p.y()).toLongArray());
    Example e = (Example) Collate.defaultCollate(List.of(Example.of(Tensor.zeros(2), 4), Example.of(Tensor.ones(2), 5)));
    assertArrayEquals(new long[] {4, 5}, e.label().toLongArray());
  }

  @Test
  void recordComponentThatCannotHoldTheBatchIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Collate.defaultCollate(List.of(new WithInt(Tensor.zeros(1), 1), new WithInt(Tensor.zeros(1), 2))));
    assertTrue(e.getMessage().contains("'label'") && e.getMessage().contains("int"), e.getMessage());
  }

  @Test
  void nestedListsMapsArraysAndStrings() {
    List<Object> s0 = List.of(Map.of("a", 1.5f), new float[] {1, 2}, "x", new Tensor[] {Tensor.zeros(2)});
    List<Object> s1 = List.of(Map.of("a", 2.5f), new float[] {3, 4}, "y", new Tensor[] {Tensor.ones(2)});
    @SuppressWarnings("unchecked")
    List<Object> b = (List<Object>) Collate.defaultCollate(List.of(s0, s1));
    assertArrayEquals(new float[] {1.5f, 2.5f}, ((Tensor) ((Map<?, ?>) b.get(0)).get("a")).toFloatArray());
    assertEquals(Shape.of(2, 2), ((Tensor) b.get(1)).shape());
    assertEquals(List.of("x", "y"), b.get(2));
    Tensor[] arr = (Tensor[]) b.get(3);
    assertEquals(Shape.of(2, 2), arr[0].shape());
  }

  @Test
  void shapeMismatchNamesTheShapesAndThePath() {
    var e = assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(
        List.of(Example.of(Tensor.zeros(3, 32, 32), 0), Example.of(Tensor.zeros(3, 28, 28), 1))));
    assertTrue(e.getMessage().contains("[3, 32, 32]") && e.getMessage().contains("[3, 28, 28]")
        && e.getMessage().contains("batch.input") && e.getMessage().contains("sample 1"), e.getMessage());
  }

  @Test
  void unequalListsAndMixedTypesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(List.of(1, 2), List.of(1))));
    assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(1, 2.0)));
    var e = assertThrows(IllegalArgumentException.class, () -> Collate.defaultCollate(List.of(new Object(), new Object())));
    assertTrue(e.getMessage().contains("custom collate"), e.getMessage());
  }

  @Test
  void padSequencesPadsAndReportsLengths() {
    List<Tensor> b = Collate.padSequences(true, -1).apply(List.of(
        List.of(Tensor.of(new long[] {1, 2, 3}, 3), Tensor.scalar(0L)),
        List.of(Tensor.of(new long[] {4}, 1), Tensor.scalar(1L))));
    assertArrayEquals(new long[] {1, 2, 3, 4, -1, -1}, b.get(0).toLongArray());
    assertArrayEquals(new long[] {0, 1}, b.get(1).toLongArray());
    assertArrayEquals(new long[] {3, 1}, b.get(2).toLongArray());
  }
}
