package dev.dl.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Dropout;
import dev.dl.nn.Linear;
import dev.dl.nn.ReLU;
import dev.dl.nn.Sequential;
import dev.dl.optim.Adam;
import dev.dl.optim.StepLR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  /** Everything one training run owns; the generator drives data, dropout and nothing else. */
  private static final class Run {
    final Generator gen;
    final Sequential model;
    final Adam opt;
    final StepLR sched;

    Run(long seed) {
      gen = new Generator(seed);
      Generator.manualSeed(seed);
      model = new Sequential(new Linear(4, 8), new ReLU(), new Dropout(0.3, gen), new Linear(8, 3));
      opt = new Adam(model.parameters(), 0.01);
      sched = new StepLR(opt, 1, 0.7);
    }

    void epoch() {
      CrossEntropyLoss lossFn = new CrossEntropyLoss();
      for (int b = 0; b < 3; b++) {
        Tensor x = Tensor.randn(gen, 5, 4);
        Tensor y = Tensor.randint(0, 3, dev.dl.Shape.of(5), gen, dev.dl.Device.defaultDevice());
        opt.zeroGrad();
        lossFn.forward(model.apply(x), y).backward();
        opt.step();
      }
      sched.step();
    }
  }

  @Test
  void resumingContinuesBitIdentically() throws IOException {
    Run straight = new Run(42);
    for (int e = 0; e < 4; e++) straight.epoch();

    Run first = new Run(42);
    for (int e = 0; e < 2; e++) first.epoch();
    Path ckpt = dir.resolve("ckpt.safetensors");
    Checkpoint.save(ckpt, first.model, first.opt, first.sched.stateDict(), 1, first.gen);

    Run resumed = new Run(7);   // different initial weights and generator state
    Checkpoint.Contents c = Checkpoint.restore(ckpt, resumed.model, resumed.opt, resumed.sched::loadStateDict, resumed.gen);
    assertEquals(1, c.epoch());
    for (int e = c.epoch() + 1; e < 4; e++) resumed.epoch();

    straight.model.stateDict().forEach((k, v) ->
        assertArrayEquals(v.toFloatArray(), resumed.model.stateDict().get(k).toFloatArray(), 0f, k));
    assertArrayEquals(straight.gen.state(), resumed.gen.state());
    assertEquals(straight.opt.paramGroups().get(0).lr(), resumed.opt.paramGroups().get(0).lr(), 0.0);
  }

  @Test
  void mismatchedModelIsRejectedBeforeAnythingChanges() throws IOException {
    Run a = new Run(1);
    a.epoch();
    Path ckpt = dir.resolve("c.safetensors");
    Checkpoint.save(ckpt, a.model, a.opt, a.sched.stateDict(), 0, a.gen);
    Sequential other = new Sequential(new Linear(4, 9), new ReLU(), new Linear(9, 3));
    Adam otherOpt = new Adam(other.parameters(), 0.5);
    Tensor before = ((Linear) other.get(0)).weight.tensor().clone();
    long[] genBefore = new Generator(3).state();
    Generator g = new Generator(3);
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(ckpt, other, otherOpt, null, g));
    assertTrue(((Linear) other.get(0)).weight.tensor().equal(before));
    assertEquals(0.5, otherOpt.paramGroups().get(0).lr());
    assertArrayEquals(genBefore, g.state());
  }

  @Test
  void plainWeightFilesAreNotCheckpoints() throws IOException {
    Path p = dir.resolve("w.safetensors");
    Safetensors.save(new Linear(2, 2).stateDict(), Map.of("format", "pt"), p);
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoint.load(p));
    assertTrue(e.getMessage().contains("not a dl checkpoint"), e.getMessage());
  }

  @Test
  void overwritingIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
    Run a = new Run(1);
    Path ckpt = dir.resolve("c.safetensors");
    for (int e = 0; e < 3; e++) Checkpoint.save(ckpt, a.model, a.opt, a.sched.stateDict(), e, a.gen);
    assertEquals(2, Checkpoint.load(ckpt).epoch());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
