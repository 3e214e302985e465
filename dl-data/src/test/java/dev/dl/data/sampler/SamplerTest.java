package dev.dl.data.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Generator;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.impl.factory.primitive.IntLists;
import org.eclipse.collections.impl.list.primitive.IntInterval;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SamplerTest {
  @Test
  void sequentialCountsUp() {
    assertEquals(IntLists.immutable.of(0, 1, 2), new SequentialSampler(3).indices());
    assertEquals(0, new SequentialSampler(0).indices().size());
  }

  @Test
  void randomWithoutReplacementIsAPermutationAndSeeded() {
    IntList a = new RandomSampler(50, new Generator(3)).indices();
    IntList b = new RandomSampler(50, new Generator(3)).indices();
    assertEquals(a, b);
    assertEquals(IntInterval.zeroTo(49), a.toSortedList());
    assertNotEquals(IntInterval.zeroTo(49), a);
    RandomSampler twoEpochs = new RandomSampler(50, new Generator(3));
    assertNotEquals(twoEpochs.indices(), twoEpochs.indices());
  }

  @Test
  void randomNumSamplesRepeatsPermutations() {
    IntList idx = new RandomSampler(4, false, 10, new Generator(1)).indices();
    assertEquals(10, idx.size());
    int[] a = idx.toArray();
    assertEquals(IntInterval.zeroTo(3), IntLists.immutable.of(java.util.Arrays.copyOfRange(a, 0, 4)).toSortedList());
    assertEquals(IntInterval.zeroTo(3), IntLists.immutable.of(java.util.Arrays.copyOfRange(a, 4, 8)).toSortedList());
  }

  @Test
  void randomWithReplacementStaysInRange() {
    IntList idx = new RandomSampler(5, true, 200, new Generator(9)).indices();
    assertEquals(200, idx.size());
    assertTrue(idx.allSatisfy(i -> i >= 0 && i < 5));
    assertEquals(5, idx.distinct().size());
    assertThrows(IllegalArgumentException.class, () -> new RandomSampler(5, false, 0, null));
  }

  @Test
  void subsetRandomPermutesOnlyTheGivenIndices() {
    IntList idx = new SubsetRandomSampler(IntLists.immutable.of(10, 20, 30), new Generator(2)).indices();
    assertEquals(IntLists.immutable.of(10, 20, 30), idx.toSortedList());
  }

  @Test
  void weightedFollowsTheWeights() {
    IntList idx = new WeightedRandomSampler(new double[] {1, 0, 3}, 4000, true, new Generator(4)).indices();
    assertEquals(4000, idx.size());
    assertEquals(0, idx.count(i -> i == 1));
    int twos = idx.count(i -> i == 2);
    // expectation 3000, standard deviation about 27
    assertTrue(twos > 2800 && twos < 3200, "index 2 drawn " + twos + " times");
  }

  @Test
  void weightedWithoutReplacementDrawsDistinctNonzeroIndices() {
    IntList idx = new WeightedRandomSampler(new double[] {1, 0, 3, 2}, 3, false, new Generator(4)).indices();
    assertEquals(IntLists.immutable.of(0, 2, 3), idx.toSortedList());
    var e = assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[] {1, 0}, 2, false, null));
    assertTrue(e.getMessage().contains("only 1 weights are nonzero"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new WeightedRandomSampler(new double[] {1, -1}, 1, true, null));
  }

  @Test
  void batchSamplerCutsBatches() {
    List<IntList> keep = new ArrayList<>();
    new BatchSampler(new SequentialSampler(5), 2, false).forEach(keep::add);
    assertEquals(List.of(IntLists.immutable.of(0, 1), IntLists.immutable.of(2, 3), IntLists.immutable.of(4)), keep);
    assertEquals(3, new BatchSampler(new SequentialSampler(5), 2, false).size());
    List<IntList> drop = new ArrayList<>();
    new BatchSampler(new SequentialSampler(5), 2, true).forEach(drop::add);
    assertEquals(2, drop.size());
    assertEquals(2, new BatchSampler(new SequentialSampler(5), 2, true).size());
    assertThrows(IllegalArgumentException.class, () -> new BatchSampler(new SequentialSampler(5), 0, true));
  }

  @ParameterizedTest
  @CsvSource({"10, 3, false", "10, 3, true", "9, 3, false", "2, 4, false", "11, 4, true"})
  void distributedRanksShareOnePermutationWithPyTorchPadding(int n, int replicas, boolean dropLast) {
    int expected = dropLast && n % replicas != 0 ? (int) Math.ceil((n - replicas) / (double) replicas)
        : (int) Math.ceil(n / (double) replicas);
    List<Integer> union = new ArrayList<>();
    for (int rank = 0; rank < replicas; rank++) {
      DistributedSampler s = new DistributedSampler(n, replicas, rank, true, 7, dropLast);
      s.setEpoch(3);
      IntList mine = s.indices();
      assertEquals(expected, mine.size());
      assertEquals(expected, s.size());
      mine.forEach(union::add);
    }
    assertEquals(expected * replicas, union.size());
    if (!dropLast) assertEquals(n, union.stream().distinct().count());
    else assertEquals(union.size(), union.stream().distinct().count());
  }

  @Test
  void distributedEpochChangesTheShuffleAndNoShuffleIsStrided() {
    DistributedSampler s = new DistributedSampler(20, 2, 1, true, 0, false);
    s.setEpoch(0);
    IntList e0 = s.indices();
    s.setEpoch(1);
    assertNotEquals(e0, s.indices());
    assertEquals(IntLists.immutable.of(1, 3, 0), new DistributedSampler(5, 2, 1, false, 0, false).indices());
    assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(5, 2, 2, false, 0, false));
  }
}
