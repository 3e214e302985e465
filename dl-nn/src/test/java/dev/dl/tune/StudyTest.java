package dev.dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyTest {
  @Test
  void suggestionsStayInRangeAndRepeatForTheSameName() {
    Study study = new Study(Direction.MINIMIZE, new RandomSampler(1), Pruner.NONE);
    study.optimize(trial -> {
      int n = trial.suggestInt("n", 3, 7);
      double lr = trial.suggestFloat("lr", 1e-5, 1e-1, true);
      double p = trial.suggestFloat("p", 0.0, 0.5);
      String opt = trial.suggestCategorical("opt", List.of("sgd", "adam"));
      assertTrue(n >= 3 && n <= 7, "n=" + n);
      assertTrue(lr >= 1e-5 && lr <= 1e-1, "lr=" + lr);
      assertTrue(p >= 0 && p <= 0.5, "p=" + p);
      assertTrue(opt.equals("sgd") || opt.equals("adam"));
      assertEquals(n, trial.suggestInt("n", 3, 7));
      assertEquals(opt, trial.suggestCategorical("opt", List.of("sgd", "adam")));
      return lr;
    }, 50);
    assertEquals(50, study.completedTrials().size());
  }

  @Test
  void intRangesReachBothEnds() {
    Study study = new Study(Direction.MINIMIZE, new RandomSampler(2), Pruner.NONE);
    List<Integer> seen = new ArrayList<>();
    study.optimize(trial -> seen.add(trial.suggestInt("n", 1, 3)) ? 0 : 1, 200);
    for (int v = 1; v <= 3; v++) {
      int value = v;
      long count = seen.stream().filter(x -> x == value).count();
      assertTrue(count > 40, "value " + v + " drawn " + count + " times of 200");
    }
  }

  @Test
  void logScaleSpreadsOverDecades() {
    Study study = new Study(Direction.MINIMIZE, new RandomSampler(3), Pruner.NONE);
    study.optimize(trial -> trial.suggestFloat("lr", 1e-6, 1, true), 400);
    long belowMilli = study.trials().stream().filter(t -> (Double) t.params().get("lr") < 1e-3).count();
    // Half the log range lies below 1e-3; a uniform draw would put 0.1% there.
    assertTrue(belowMilli > 150 && belowMilli < 250, "draws below 1e-3: " + belowMilli);
  }

  @Test
  void sameSeedSameStudy() {
    List<Object> a = run(new RandomSampler(9));
    List<Object> b = run(new RandomSampler(9));
    assertEquals(a, b);
    List<Object> c = run(new TpeSampler(9, 3, 8));
    List<Object> d = run(new TpeSampler(9, 3, 8));
    assertEquals(c, d);
  }

  private static List<Object> run(Sampler sampler) {
    Study study = new Study(Direction.MINIMIZE, sampler, Pruner.NONE);
    study.optimize(t -> Math.abs(t.suggestFloat("x", -1, 1) - 0.3), 15);
    return study.trials().stream().map(t -> t.params().get("x")).toList();
  }

  @Test
  void conflictingRangesForOneNameAreRejected() {
    Study study = new Study(Direction.MINIMIZE, new RandomSampler(1), Pruner.NONE);
    var e = assertThrows(IllegalArgumentException.class, () -> study.optimize(trial -> {
      trial.suggestInt("n", 1, 5);
      return trial.suggestInt("n", 1, 6);
    }, 1));
    assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    assertEquals(TrialState.FAIL, study.trials().get(0).state());
  }

  @Test
  void badRangesNameTheCall() {
    Study study = new Study(Direction.MINIMIZE, new RandomSampler(1), Pruner.NONE);
    var e = assertThrows(IllegalArgumentException.class, () -> study.optimize(t -> t.suggestFloat("lr", 0, 1, true), 1));
    assertTrue(e.getMessage().contains("suggestFloat"), e.getMessage());
  }

  @Test
  void bestTrialFollowsTheDirection() {
    double[] values = {3, 1, 2};
    Study min = new Study(Direction.MINIMIZE, new RandomSampler(1), Pruner.NONE);
    min.optimize(t -> values[t.number()], 3);
    assertEquals(1, min.bestTrial().number());
    Study max = new Study(Direction.MAXIMIZE, new RandomSampler(1), Pruner.NONE);
    max.optimize(t -> values[t.number()], 3);
    assertEquals(0, max.bestTrial().number());
    assertEquals(3.0, max.bestTrial().value());
  }

  @Test
  void prunedAndFailedTrialsAreRecorded() {
    Study study = new Study(Direction.MAXIMIZE, new RandomSampler(1), Pruner.NONE);
    study.optimize(t -> {
      t.report(0, 0.5);
      throw new TrialPruned(t, 0);
    }, 2);
    assertEquals(List.of(TrialState.PRUNED, TrialState.PRUNED), study.trials().stream().map(FrozenTrial::state).toList());
    assertEquals(0.5, study.trials().get(0).intermediateValues().get(0));
    var e = assertThrows(IllegalStateException.class, study::bestTrial);
    assertTrue(e.getMessage().contains("no trial has completed"), e.getMessage());
    RuntimeException boom = new RuntimeException("boom");
    assertSame(boom, assertThrows(RuntimeException.class, () -> study.optimize(t -> { throw boom; }, 1)));
    assertEquals(TrialState.FAIL, study.trials().get(2).state());
    assertFalse(study.bestTrialIfAny().isPresent());
  }

  @Test
  void afterEachSeesEveryTrial() {
    Study study = new Study(Direction.MINIMIZE, new RandomSampler(1), Pruner.NONE);
    List<Integer> numbers = new ArrayList<>();
    study.optimize(t -> 1.0, 4, t -> numbers.add(t.number()));
    assertEquals(List.of(0, 1, 2, 3), numbers);
  }
}
