package dev.dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Generator;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.collections.impl.factory.primitive.IntLists;
import org.junit.jupiter.api.Test;

class DatasetTest {
  static Dataset<Integer> range(int n) {
    return new Dataset<>() {
      @Override public Integer get(int index) { return Dataset.checkIndex(index, n, "range"); }
      @Override public int size() { return n; }
    };
  }

  @Test
  void tensorDatasetReturnsRows() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor y = Tensor.of(new long[] {7, 8, 9}, 3);
    TensorDataset ds = new TensorDataset(x, y);
    assertEquals(3, ds.size());
    List<Tensor> row = ds.get(1);
    assertArrayEquals(new float[] {3, 4}, row.get(0).toFloatArray());
    assertEquals(8, row.get(1).itemLong());
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> ds.get(3));
    assertTrue(e.getMessage().contains("index 3"), e.getMessage());
  }

  @Test
  void tensorDatasetRejectsMismatchedSizes() {
    var e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[4]"), e.getMessage());
  }

  @Test
  void concatDatasetMapsIndicesIntoParts() {
    ConcatDataset<Integer> c = new ConcatDataset<>(List.of(range(2), range(0), range(3)));
    assertEquals(5, c.size());
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) all.add(c.get(i));
    assertEquals(List.of(0, 1, 0, 1, 2), all);
    assertArrayEquals(new int[] {2, 2, 5}, c.cumulativeSizes());
    assertThrows(IndexOutOfBoundsException.class, () -> c.get(5));
  }

  @Test
  void subsetPicksIndicesInOrder() {
    Subset<Integer> s = new Subset<>(range(10), IntLists.immutable.of(7, 2, 2));
    assertEquals(3, s.size());
    assertEquals(7, s.get(0));
    assertEquals(2, s.get(2));
    assertThrows(IndexOutOfBoundsException.class, () -> new Subset<>(range(3), IntLists.immutable.of(3)));
  }

  @Test
  void randomSplitByCountsIsAPartitionAndReproducible() {
    List<Subset<Integer>> a = Datasets.randomSplit(range(10), new int[] {3, 7}, new Generator(5));
    List<Subset<Integer>> b = Datasets.randomSplit(range(10), new int[] {3, 7}, new Generator(5));
    assertEquals(3, a.get(0).size());
    assertEquals(7, a.get(1).size());
    Set<Integer> seen = new HashSet<>();
    for (Subset<Integer> s : a) for (int i = 0; i < s.size(); i++) seen.add(s.get(i));
    assertEquals(10, seen.size());
    assertEquals(a.get(0).indices(), b.get(0).indices());
    assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(range(10), new int[] {3, 6}, new Generator(1)));
  }

  @Test
  void randomSplitByFractionsDealsTheRemainderLikePyTorch() {
    // floor(10 * 0.33) = 3 each, remainder 1 goes to the first part
    List<Subset<Integer>> parts = Datasets.randomSplit(range(10), new double[] {0.34, 0.33, 0.33}, new Generator(1));
    assertEquals(List.of(4, 3, 3), parts.stream().map(Subset::size).toList());
    assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(range(10), new double[] {0.5, 0.4}, new Generator(1)));
  }

  @Test
  void mapAppliesTheTransformOnGet() {
    Dataset<String> s = range(3).map(i -> "#" + i);
    assertEquals("#2", s.get(2));
    assertEquals(3, s.size());
  }
}
