package dev.dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplerTest {
  private static double bowl(Trial t) {
    double x = t.suggestFloat("x", -10, 10);
    double y = t.suggestFloat("y", -10, 10);
    return (x - 2) * (x - 2) + (y + 3) * (y + 3);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void tpeBeatsRandomOnABowl(long seed) {
    Study tpe = new Study(Direction.MINIMIZE, new TpeSampler(seed), Pruner.NONE);
    tpe.optimize(SamplerTest::bowl, 60);
    Study random = new Study(Direction.MINIMIZE, new RandomSampler(seed), Pruner.NONE);
    random.optimize(SamplerTest::bowl, 60);
    // The last 30 TPE trials concentrate near the optimum; random ones stay spread over the square.
    double tpeTail = tpe.trials().subList(30, 60).stream().mapToDouble(FrozenTrial::value).average().orElseThrow();
    double randomTail = random.trials().subList(30, 60).stream().mapToDouble(FrozenTrial::value).average().orElseThrow();
    assertTrue(tpeTail < randomTail / 2, "TPE mean " + tpeTail + " vs random mean " + randomTail);
    assertTrue(tpe.bestTrial().value() < 1.0, "TPE best " + tpe.bestTrial());
  }

  @Test
  void tpePrefersTheGoodCategoryAndLogRange() {
    Study study = new Study(Direction.MAXIMIZE, new TpeSampler(11, 10, 24), Pruner.NONE);
    study.optimize(t -> {
      String opt = t.suggestCategorical("opt", List.of("sgd", "adam", "rmsprop"));
      double lr = t.suggestFloat("lr", 1e-5, 1, true);
      return (opt.equals("adam") ? 1 : 0) - Math.abs(Math.log10(lr) + 3) / 5;
    }, 60);
    long adamLate = study.trials().subList(30, 60).stream().filter(t -> t.params().get("opt").equals("adam")).count();
    assertTrue(adamLate >= 20, "adam chosen " + adamLate + " of the last 30 trials");
    double bestLr = (Double) study.bestTrial().params().get("lr");
    assertTrue(bestLr > 2e-4 && bestLr < 5e-3, "best lr " + bestLr);
  }

  @Test
  void tpeIsRandomDuringStartup() {
    Study tpe = new Study(Direction.MINIMIZE, new TpeSampler(5, 10, 24), Pruner.NONE);
    Study random = new Study(Direction.MINIMIZE, new RandomSampler(5), Pruner.NONE);
    tpe.optimize(t -> t.suggestFloat("x", 0, 1), 10);
    random.optimize(t -> t.suggestFloat("x", 0, 1), 10);
    assertEquals(random.trials().stream().map(FrozenTrial::params).toList(), tpe.trials().stream().map(FrozenTrial::params).toList());
  }

  @Test
  void intsKeepTheirRangeUnderTpe() {
    Study study = new Study(Direction.MINIMIZE, new TpeSampler(3, 5, 24), Pruner.NONE);
    study.optimize(t -> Math.abs(t.suggestInt("layers", 1, 4) - 4) + Math.abs(t.suggestInt("hidden", 8, 512, true) - 64) / 64.0, 40);
    for (FrozenTrial t : study.trials()) {
      int layers = (Integer) t.params().get("layers");
      int hidden = (Integer) t.params().get("hidden");
      assertTrue(layers >= 1 && layers <= 4 && hidden >= 8 && hidden <= 512, t.toString());
    }
    assertEquals(4, study.bestTrial().params().get("layers"));
  }

  @Test
  void truncatedNormalCdfMatchesKnownValues() {
    assertEquals(0.5, TpeSampler.Parzen.phi(0), 1e-7);
    assertEquals(0.8413447, TpeSampler.Parzen.phi(1), 1e-6);
    assertEquals(0.0227501, TpeSampler.Parzen.phi(-2), 1e-6);
  }
}
