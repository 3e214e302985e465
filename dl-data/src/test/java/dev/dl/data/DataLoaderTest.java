package dev.dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.data.sampler.BatchSampler;
import dev.dl.data.sampler.SequentialSampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.collections.impl.factory.primitive.IntLists;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLoaderTest {
  /** Sample i = [i, u] with u drawn from the loader's per-sample generator (a random transform). */
  static final class Augmented implements Dataset<Tensor> {
    final int n;
    final AtomicInteger loads = new AtomicInteger();

    Augmented(int n) { this.n = n; }

    @Override public Tensor get(int index) {
      loads.incrementAndGet();
      return Tensor.of(new float[] {index, (float) DataLoader.sampleGenerator().nextDouble()}, 2);
    }

    @Override public int size() { return n; }
  }

  static long liveWorkers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(WorkerPool.THREAD_PREFIX)).count();
  }

  /** Waits (bounded) for worker threads to finish exiting after a close that did not join them. */
  static long settledWorkers() throws InterruptedException {
    for (int i = 0; i < 1000 && liveWorkers() > 0; i++) Thread.sleep(10);
    return liveWorkers();
  }

  @AfterEach
  void noThreadLeaks() throws InterruptedException {
    assertEquals(0, settledWorkers(), "worker threads left running");
  }

  static List<float[]> epoch(DataLoader<Tensor> loader) {
    List<float[]> out = new ArrayList<>();
    for (Tensor b : loader) out.add(b.toFloatArray());
    return out;
  }

  @Test
  void batchesInOrderWithPartialLastBatch() {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(5)).batchSize(2).build();
    List<Shape> shapes = new ArrayList<>();
    List<Float> firsts = new ArrayList<>();
    for (Tensor b : loader) {
      shapes.add(b.shape());
      firsts.add(b.toFloatArray()[0]);
    }
    assertEquals(List.of(Shape.of(2, 2), Shape.of(2, 2), Shape.of(1, 2)), shapes);
    assertEquals(List.of(0f, 2f, 4f), firsts);
    assertEquals(3, loader.size());
  }

  @Test
  void dropLastDropsTheIncompleteBatch() {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(5)).batchSize(2).dropLast(true).build();
    assertEquals(2, epoch(loader).size());
    assertEquals(2, loader.size());
  }

  @Test
  void sameSeedSameBatchesWhateverTheWorkerCount() {
    List<float[]> reference = null;
    for (int workers : new int[] {0, 1, 2, 4}) {
      try (DataLoader<Tensor> loader = DataLoader.builder(new Augmented(23)).batchSize(4).shuffle(true)
          .numWorkers(workers).generator(new Generator(1234)).build()) {
        List<float[]> batches = epoch(loader);
        assertEquals(6, batches.size());
        if (reference == null) {
          reference = batches;
        } else {
          for (int i = 0; i < batches.size(); i++) {
            assertArrayEquals(reference.get(i), batches.get(i), "batch " + i + " with " + workers + " workers");
          }
        }
      }
    }
    float[] first = reference.getFirst();
    assertFalse(first[0] == 0 && first[2] == 1 && first[4] == 2, "shuffle should change the order");
  }

  @Test
  void epochsReshuffleAndDifferentSeedsDiffer() {
    DataLoader<Tensor> a = DataLoader.builder(new Augmented(16)).batchSize(16).shuffle(true).generator(new Generator(1)).build();
    float[] e1 = epoch(a).getFirst();
    float[] e2 = epoch(a).getFirst();
    assertFalse(java.util.Arrays.equals(e1, e2));
    DataLoader<Tensor> b = DataLoader.builder(new Augmented(16)).batchSize(16).shuffle(true).generator(new Generator(2)).build();
    assertFalse(java.util.Arrays.equals(e1, epoch(b).getFirst()));
  }

  @Test
  void workersDeliverInSamplerOrder() {
    try (DataLoader<Tensor> loader = DataLoader.builder(new Augmented(40)).batchSize(3).numWorkers(3).prefetchFactor(1).build()) {
      float expected = 0;
      for (Tensor b : loader) {
        float[] v = b.toFloatArray();
        for (int i = 0; i < v.length; i += 2) assertEquals(expected++, v[i]);
      }
      assertEquals(40, expected);
    }
  }

  @Test
  void workersPrefetchAtMostPrefetchFactorBatchesEach() throws InterruptedException {
    Augmented ds = new Augmented(1000);
    DataLoader<Tensor> loader = DataLoader.builder(ds).batchSize(5).numWorkers(2).prefetchFactor(3).build();
    try (BatchIterator<Tensor> it = loader.iterator()) {
      it.next();
      int bound = (2 * 3 + 1) * 5;   // the batches in flight plus the one taken
      for (int i = 0; i < 2000 && ds.loads.get() < bound; i++) Thread.sleep(5);
      Thread.sleep(50);
      assertEquals(bound, ds.loads.get());
    }
  }

  @Test
  void breakingOutAndStartingANewEpochStopsTheOldWorkers() throws InterruptedException {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(100)).batchSize(2).numWorkers(2).build();
    for (Tensor b : loader) {
      assertEquals(2, liveWorkers());
      break;
    }
    Iterator<Tensor> second = loader.iterator();   // closes the abandoned epoch
    assertTrue(second.hasNext());
    loader.close();
    assertEquals(0, liveWorkers());
  }

  @Test
  void tryWithResourcesJoinsWorkersOnBreak() {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(100)).batchSize(2).numWorkers(3).build();
    try (BatchIterator<Tensor> it = loader.iterator()) {
      it.next();
      assertEquals(3, liveWorkers());
    }
    assertEquals(0, liveWorkers());
  }

  @Test
  void forEachStopsWorkersWhenTheBodyThrows() {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(100)).batchSize(2).numWorkers(2).build();
    assertThrows(IllegalStateException.class, () -> loader.forEach(b -> { throw new IllegalStateException("stop"); }));
    assertEquals(0, liveWorkers());
  }

  @Test
  void anAbandonedIteratorIsCleanedUpWhenCollected() throws InterruptedException {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(100)).batchSize(2).numWorkers(2).build();
    startAndAbandon(loader);
    for (int i = 0; i < 500 && liveWorkers() > 0; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(0, liveWorkers());
  }

  private static void startAndAbandon(DataLoader<Tensor> loader) {
    Iterator<Tensor> it = loader.iterator();
    it.next();
  }

  @Test
  void exhaustingAnEpochStopsTheWorkers() {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(10)).batchSize(3).numWorkers(2).build();
    assertEquals(4, epoch(loader).size());
    assertEquals(0, liveWorkers());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void aFailingSampleNamesItsIndexAndKeepsTheCause(int workers) {
    IllegalStateException boom = new IllegalStateException("corrupt record");
    Dataset<Tensor> ds = new Dataset<>() {
      @Override public Tensor get(int index) {
        if (index == 13) throw boom;
        return Tensor.zeros(2);
      }

      @Override public int size() { return 40; }
    };
    DataLoader<Tensor> loader = DataLoader.builder(ds).batchSize(4).numWorkers(workers).build();
    int[] delivered = {0};
    DataLoaderException e = assertThrows(DataLoaderException.class, () -> {
      for (Tensor b : loader) delivered[0]++;
    });
    assertEquals(3, delivered[0], "batches before the failing one all arrive");
    assertEquals(13, e.sampleIndex());
    assertEquals(3, e.batchNumber());
    assertSame(boom, e.getCause());
    assertTrue(e.getMessage().contains("sample index 13") && e.getMessage().contains("corrupt record"), e.getMessage());
  }

  @Test
  void aCollateFailureNamesTheBatch() {
    DataLoader<Object> loader = DataLoader.builder(new Augmented(4)).batchSize(2).numWorkers(1)
        .collate(s -> { throw new IllegalArgumentException("cannot pad"); }).build();
    DataLoaderException e = assertThrows(DataLoaderException.class, () -> loader.iterator().next());
    assertTrue(e.getMessage().contains("collate failed for batch 0") && e.getMessage().contains("[0, 1]"), e.getMessage());
    assertEquals(-1, e.sampleIndex());
  }

  @Test
  void timeoutGivesAClearError() {
    Dataset<Tensor> slow = new Dataset<>() {
      @Override public Tensor get(int index) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          throw new IllegalStateException("interrupted", e);
        }
        return Tensor.zeros(1);
      }

      @Override public int size() { return 4; }
    };
    DataLoader<Tensor> loader = DataLoader.builder(slow).batchSize(2).numWorkers(1).timeout(100).build();
    DataLoaderException e = assertThrows(DataLoaderException.class, () -> loader.iterator().next());
    assertTrue(e.getMessage().contains("timed out after 100 ms") && e.getMessage().contains("batch 0"), e.getMessage());
  }

  @Test
  void persistentWorkersSurviveEpochsAndInitOnce() {
    AtomicInteger inits = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Dataset<Tensor> ds = new Augmented(12).map(t -> {
      threads.add(Thread.currentThread().getName());
      return t;
    });
    try (DataLoader<Tensor> loader = DataLoader.builder(ds).batchSize(2).numWorkers(2).persistentWorkers(true)
        .workerInit(id -> inits.incrementAndGet()).build()) {
      epoch(loader);
      Set<String> first = Set.copyOf(threads);
      assertEquals(2, liveWorkers());
      epoch(loader);
      assertEquals(first, threads);
      assertEquals(2, inits.get());
    }
    assertEquals(0, liveWorkers());
  }

  @Test
  void persistentWorkersRecoverFromAnAbandonedEpoch() {
    try (DataLoader<Tensor> loader = DataLoader.builder(new Augmented(30)).batchSize(2).numWorkers(2)
        .persistentWorkers(true).prefetchFactor(4).build()) {
      for (Tensor b : loader) {
        assertEquals(Shape.of(2, 2), b.shape());
        break;
      }
      List<float[]> second = epoch(loader);
      assertEquals(15, second.size());
      for (int i = 0; i < 15; i++) assertEquals(2f * i, second.get(i)[0]);
      assertEquals(2, liveWorkers());
    }
  }

  @Test
  void workerInitAndWorkerInfoSeeTheirWorker() {
    Set<Integer> initIds = ConcurrentHashMap.newKeySet();
    Set<Long> seeds = ConcurrentHashMap.newKeySet();
    Dataset<Integer> ds = new Dataset<>() {
      @Override public Integer get(int index) {
        WorkerInfo w = DataLoader.workerInfo();
        seeds.add(w.seed() - w.id());
        return w.id();
      }

      @Override public int size() { return 8; }
    };
    DataLoader<Tensor> loader = DataLoader.builder(ds).batchSize(1).numWorkers(2)
        .workerInit(id -> initIds.add(DataLoader.workerInfo().id())).build();
    List<Long> ids = new ArrayList<>();
    for (Tensor b : loader) ids.add(b.itemLong());
    assertEquals(List.of(0L, 1L, 0L, 1L, 0L, 1L, 0L, 1L), ids, "batch k goes to worker k % numWorkers");
    assertEquals(Set.of(0, 1), initIds);
    assertEquals(1, seeds.size(), "worker seeds are baseSeed + id");
    assertNull(DataLoader.workerInfo());
  }

  @Test
  void aFailingWorkerInitReachesTheMainThread() {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(4)).numWorkers(1)
        .workerInit(id -> { throw new IllegalStateException("no GPU in worker"); }).build();
    DataLoaderException e = assertThrows(DataLoaderException.class, () -> loader.iterator().next());
    assertTrue(e.getMessage().contains("workerInit failed in DataLoader worker 0"), e.getMessage());
  }

  @Test
  void samplerAndBatchSamplerOptions() {
    DataLoader<Tensor> bySampler = DataLoader.builder(new Augmented(6)).batchSize(3)
        .sampler(new dev.dl.data.sampler.SubsetRandomSampler(IntLists.immutable.of(5, 4), new Generator(0))).build();
    assertEquals(1, epoch(bySampler).size());
    DataLoader<Tensor> byBatches = DataLoader.builder(new Augmented(6))
        .batchSampler(List.of(IntLists.immutable.of(5), IntLists.immutable.of(0, 1, 2))).build();
    List<float[]> b = epoch(byBatches);
    assertEquals(2, b.size());
    assertEquals(5f, b.get(0)[0]);
    assertEquals(2, byBatches.size());
    DataLoader<Tensor> viaBatchSampler = DataLoader.builder(new Augmented(6))
        .batchSampler(new BatchSampler(new SequentialSampler(6), 4, false)).build();
    assertEquals(2, viaBatchSampler.size());
  }

  @Test
  void batchSizeNullYieldsSamplesOneByOne() {
    DataLoader<Tensor> loader = DataLoader.builder(new Augmented(3)).batchSize(null).build();
    List<float[]> s = epoch(loader);
    assertEquals(3, s.size());
    assertEquals(2, s.get(0).length);
    assertEquals(3, loader.size());
  }

  @Test
  void customCollatePadsVariableLengthSequences() {
    Dataset<List<Tensor>> seqs = new Dataset<>() {
      @Override public List<Tensor> get(int i) {
        long[] v = new long[i + 1];
        java.util.Arrays.fill(v, i + 1);
        return List.of(Tensor.of(v, i + 1), Tensor.scalar((long) i));
      }

      @Override public int size() { return 4; }
    };
    DataLoader<List<Tensor>> loader = DataLoader.builder(seqs).batchSize(2).numWorkers(1)
        .collate(Collate.padSequences(true, 0)).build();
    List<List<Tensor>> batches = new ArrayList<>();
    loader.forEach(batches::add);
    assertEquals(Shape.of(2, 2), batches.get(0).get(0).shape());
    assertEquals(Shape.of(2, 4), batches.get(1).get(0).shape());
    assertArrayEquals(new long[] {3, 3, 3, 0, 4, 4, 4, 4}, batches.get(1).get(0).toLongArray());
    assertArrayEquals(new long[] {3, 4}, batches.get(1).get(2).toLongArray());
  }

  @Test
  void iterableDatasetWithWorkersShardsAndAlternates() {
    IterableDataset<Integer> stream = () -> {
      WorkerInfo w = DataLoader.workerInfo();
      int id = w == null ? 0 : w.id();
      int step = w == null ? 1 : w.numWorkers();
      List<Integer> mine = new ArrayList<>();
      for (int i = id; i < 8; i += step) mine.add(i);
      return mine.iterator();
    };
    DataLoader<Tensor> two = DataLoader.builder(stream).batchSize(2).numWorkers(2).build();
    List<List<Long>> got = new ArrayList<>();
    for (Tensor b : two) got.add(java.util.Arrays.stream(b.toLongArray()).boxed().toList());
    assertEquals(List.of(List.of(0L, 2L), List.of(1L, 3L), List.of(4L, 6L), List.of(5L, 7L)), got);
    try (DataLoader<Tensor> persistent = DataLoader.builder(stream).batchSize(2).numWorkers(2).persistentWorkers(true).build()) {
      for (int epoch = 0; epoch < 2; epoch++) {
        List<List<Long>> again = new ArrayList<>();
        for (Tensor b : persistent) again.add(java.util.Arrays.stream(b.toLongArray()).boxed().toList());
        assertEquals(got, again);
        assertEquals(2, liveWorkers());
      }
    }
    DataLoader<Tensor> none = DataLoader.builder(stream).batchSize(3).dropLast(true).build();
    int batches = 0;
    for (Tensor b : none) batches++;
    assertEquals(2, batches);
    assertThrows(IllegalStateException.class, none::size);
  }

  @Test
  void iterableDatasetFailureReachesTheConsumer() {
    IterableDataset<Integer> broken = () -> new Iterator<>() {
      int i;

      @Override public boolean hasNext() { return true; }

      @Override public Integer next() {
        if (i == 3) throw new IllegalStateException("bad line");
        return i++;
      }
    };
    DataLoader<Tensor> loader = DataLoader.builder(broken).batchSize(2).numWorkers(1).build();
    DataLoaderException e = assertThrows(DataLoaderException.class, () -> {
      for (Tensor b : loader) assertNotNull(b);
    });
    assertTrue(e.getMessage().contains("bad line"), e.getMessage());
  }

  @Test
  void optionsAreValidatedWithPyTorchsRules() {
    Augmented ds = new Augmented(4);
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).numWorkers(-1).build());
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).timeout(-1).build());
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).prefetchFactor(2).build());
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).persistentWorkers(true).build());
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).batchSize(0).build());
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).batchSize(null).dropLast(true).build());
    assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(ds).shuffle(true).sampler(new SequentialSampler(4)).build());
    var e = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(ds).batchSize(2).batchSampler(List.of(IntLists.immutable.of(0))).build());
    assertTrue(e.getMessage().contains("mutually exclusive"), e.getMessage());
    IterableDataset<Integer> it = () -> List.of(1).iterator();
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(it).shuffle(true).build());
    DataLoader<Tensor> closed = DataLoader.builder(ds).build();
    closed.close();
    assertThrows(IllegalStateException.class, closed::iterator);
  }

  @Test
  void tensorDatasetBatchesAsListsOfTensors() {
    TensorDataset ds = new TensorDataset(Tensor.arange(10).reshape(5, 2), Tensor.arange(5));
    DataLoader<List<Tensor>> loader = DataLoader.builder(ds).batchSize(2).build();
    List<Tensor> first = loader.iterator().next();
    assertEquals(Shape.of(2, 2), first.get(0).shape());
    assertArrayEquals(new long[] {0, 1}, first.get(1).toLongArray());
  }
}
