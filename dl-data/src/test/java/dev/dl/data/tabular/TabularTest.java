package dev.dl.data.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.collections.impl.list.primitive.IntInterval;
import org.junit.jupiter.api.Test;

class TabularTest {
  private final Tensor x = Tensor.of(new float[] {1, 10, 2, 10, 3, 10}, 3, 2);

  @Test
  void standardScalerUsesPopulationStdAndLeavesConstantColumns() {
    StandardScaler s = new StandardScaler();
    Tensor z = s.fitTransform(x);
    double sd = Math.sqrt(2.0 / 3);
    assertArrayEquals(new float[] {(float) (-1 / sd), 0, 0, 0, (float) (1 / sd), 0}, z.toFloatArray(), 1e-5f);
    assertArrayEquals(x.toFloatArray(), s.inverseTransform(z).toFloatArray(), 1e-5f);
    assertArrayEquals(new double[] {2, 10}, s.mean(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 3)));
    assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(x));
  }

  @Test
  void minMaxScalerMapsOntoTheRange() {
    MinMaxScaler s = new MinMaxScaler(-1, 1);
    Tensor z = s.fitTransform(x);
    assertArrayEquals(new float[] {-1, -1, 0, -1, 1, -1}, z.toFloatArray(), 1e-6f);
    assertArrayEquals(x.toFloatArray(), s.inverseTransform(z).toFloatArray(), 1e-5f);
    assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(1, 1));
  }

  @Test
  void labelEncoderSortsClasses() {
    LabelEncoder e = new LabelEncoder();
    assertArrayEquals(new long[] {1, 0, 1, 2}, e.fitTransform(List.of("dog", "cat", "dog", "eel")).toLongArray());
    assertEquals(List.of("cat", "dog", "eel"), e.classes());
    assertEquals(List.of("eel", "cat"), e.inverseTransform(Tensor.of(new long[] {2, 0}, 2)));
    var err = assertThrows(IllegalArgumentException.class, () -> e.transform(List.of("cow")));
    assertTrue(err.getMessage().contains("cow"));
  }

  @Test
  void oneHotEncoderLaysOutColumnBlocks() {
    OneHotEncoder e = new OneHotEncoder(true);
    Tensor t = e.fitTransform(List.of(List.of("red", "S"), List.of("blue", "M"), List.of("red", "M")));
    assertEquals(Shape.of(3, 4), t.shape());
    // categories: [blue, red], [M, S]
    assertArrayEquals(new float[] {0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0}, t.toFloatArray());
    assertArrayEquals(new float[] {0, 0, 1, 0}, e.transform(List.of(List.of("green", "M"))).toFloatArray());
    List<List<String>> back = e.inverseTransform(e.transform(List.of(List.of("green", "S"))));
    assertNull(back.get(0).get(0));
    assertEquals("S", back.get(0).get(1));
    OneHotEncoder strict = new OneHotEncoder(false).fit(List.of(List.of("a")));
    assertThrows(IllegalArgumentException.class, () -> strict.transform(List.of(List.of("b"))));
  }

  @Test
  void trainTestSplitIsAPartitionAndSeeded() {
    TrainTestSplit.Split s = TrainTestSplit.split(10, 0.25, 3, null);
    assertEquals(7, s.train().size());
    assertEquals(3, s.test().size());
    Set<Integer> all = new HashSet<>();
    s.train().forEach(all::add);
    s.test().forEach(all::add);
    assertEquals(10, all.size());
    assertEquals(s, TrainTestSplit.split(10, 0.25, 3, null));
  }

  @Test
  void stratifiedSplitKeepsClassProportions() {
    long[] y = new long[100];
    for (int i = 0; i < 100; i++) y[i] = i < 80 ? 0 : 1;
    TrainTestSplit.Split s = TrainTestSplit.split(100, 0.2, 1, Tensor.of(y, 100));
    assertEquals(20, s.test().size());
    assertEquals(4, s.test().count(i -> i >= 80));
    assertEquals(16, s.train().count(i -> i >= 80));
    assertEquals(IntInterval.zeroTo(99), s.train().toList().withAll(s.test()).toSortedList());
    Tensor taken = TrainTestSplit.take(Tensor.arange(100).reshape(100, 1), s.test());
    assertEquals(Shape.of(20, 1), taken.shape());
    assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.split(3, 0.5, 0, Tensor.of(new long[] {0, 0, 1}, 3)));
  }
}
