package dev.dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MedianPrunerTest {
  /** Trial k reports k*0.1 + step*0.01 for 5 steps, maximising; pruned trials stop early. */
  private static Study runCurves(MedianPruner pruner, double[] levels, List<Boolean> prunedAt) {
    Study study = new Study(Direction.MAXIMIZE, new RandomSampler(0), pruner);
    study.optimize(t -> {
      double level = levels[t.number()];
      for (int step = 0; step < 5; step++) {
        t.report(step, level + step * 0.01);
        if (t.shouldPrune()) {
          prunedAt.add(true);
          throw new TrialPruned(t, step);
        }
      }
      prunedAt.add(false);
      return level + 0.04;
    }, levels.length);
    return study;
  }

  @Test
  void prunesTrialsBelowTheMedianAfterStartup() {
    List<Boolean> pruned = new ArrayList<>();
    Study study = runCurves(new MedianPruner(3, 0, 1), new double[] {0.5, 0.6, 0.7, 0.2, 0.9, 0.1}, pruned);
    assertEquals(List.of(false, false, false, true, false, true), pruned);
    assertEquals(0, study.trials().get(3).lastStep(), "pruned at the first step it was judged");
    assertEquals(4, study.bestTrial().number());
  }

  @Test
  void waitsForStartupTrialsAndWarmup() {
    List<Boolean> pruned = new ArrayList<>();
    Study study = runCurves(new MedianPruner(5, 0, 1), new double[] {0.5, 0.6, 0.1}, pruned);
    assertEquals(List.of(false, false, false), pruned);
    pruned.clear();
    study = runCurves(new MedianPruner(1, 3, 1), new double[] {0.5, 0.1}, pruned);
    assertEquals(List.of(false, true), pruned);
    assertEquals(3, study.trials().get(1).lastStep());
  }

  @Test
  void minimisingPrunesHighValues() {
    Study study = new Study(Direction.MINIMIZE, new RandomSampler(0), new MedianPruner(1, 0, 1));
    List<Boolean> decisions = new ArrayList<>();
    study.optimize(t -> {
      double v = t.number() == 0 ? 1.0 : 2.0;
      t.report(0, v);
      decisions.add(t.shouldPrune());
      return v;
    }, 2);
    assertEquals(List.of(false, true), decisions);
  }

  @Test
  void medianOfEvenAndOddCounts() {
    assertEquals(2.0, MedianPruner.median(new double[] {1, 2, 3}));
    assertEquals(2.5, MedianPruner.median(new double[] {1, 2, 3, 4}));
  }

  @Test
  void noReportMeansNoPrune() {
    Study study = new Study(Direction.MAXIMIZE, new RandomSampler(0), new MedianPruner(0, 0, 1));
    study.optimize(t -> {
      assertFalse(t.shouldPrune());
      return 1;
    }, 1);
    assertTrue(study.trials().get(0).intermediateValues().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new MedianPruner(-1, 0, 1));
  }
}
