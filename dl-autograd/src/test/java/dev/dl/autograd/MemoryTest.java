package dev.dl.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.GradMode;
import dev.dl.Tensor;
import org.junit.jupiter.api.Test;

/** Graphs do not outlive their backward pass: the live-node count of a training loop stays flat. */
class MemoryTest {
  /** Lets the collector reclaim graphs earlier tests dropped, so counts below change only by this test. */
  private static long settledLiveNodes() throws InterruptedException {
    long last = -1;
    for (int stable = 0, attempt = 0; stable < 3 && attempt < 200; attempt++) {
      System.gc();
      Thread.sleep(5);
      long now = Autograd.liveGraphNodes();
      stable = now == last ? stable + 1 : 0;
      last = now;
    }
    return last;
  }

  @Test
  void trainingLoopDoesNotAccumulateGraphNodes() throws InterruptedException {
    Leaves r = new Leaves(11);
    Tensor x = r.constant(8, 3), target = r.constant(8, 1);
    Tensor w = r.randn(3, 1), b = r.randn(1);
    long before = settledLiveNodes();
    double firstLoss = 0, lastLoss = 0;
    for (int step = 0; step < 300; step++) {
      Tensor loss = x.mm(w).add(b).tanh().sub(target).square().mean();
      if (step == 0) {
        firstLoss = loss.item();
        assertTrue(Autograd.liveGraphNodes() > before, "the forward pass records nodes");
      }
      lastLoss = loss.item();
      loss.backward();
      try (var _ = GradMode.noGrad()) {
        w.sub_(w.grad().mul(0.1));
        b.sub_(b.grad().mul(0.1));
      }
      w.setGrad(null);
      b.setGrad(null);
      assertEquals(before, Autograd.liveGraphNodes(), "step " + step + " left graph nodes alive");
    }
    assertTrue(lastLoss < firstLoss, "the loop trains: " + firstLoss + " -> " + lastLoss);
  }

  @Test
  void retainedGraphsAreCountedUntilReleased() throws InterruptedException {
    Tensor w = new Leaves(12).randn(4);
    long before = settledLiveNodes();
    Tensor loss = w.exp().sum();
    long recorded = Autograd.liveGraphNodes();
    assertTrue(recorded >= before + 2, "exp and sum are recorded");
    loss.backward(null, true, false);
    assertEquals(recorded, Autograd.liveGraphNodes());
    loss.backward();
    assertEquals(before, Autograd.liveGraphNodes());
  }

  @Test
  void graphsThatNeverRunBackwardAreReclaimedByTheCollector() throws InterruptedException {
    Tensor w = new Leaves(13).randn(16);
    long before = settledLiveNodes();
    for (int i = 0; i < 200; i++) w.mul(2).exp().sum();
    for (int attempt = 0; attempt < 100 && Autograd.liveGraphNodes() > before; attempt++) {
      System.gc();
      Thread.sleep(10);
    }
    assertEquals(before, Autograd.liveGraphNodes());
  }
}
