package dev.dl.backend.cpu.api;

import dev.dl.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintingTest {
  @Test
  void printsLikePyTorch() {
    assertEquals("tensor([[1., 2.],\n        [3., 4.]])", Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString());
    assertEquals("tensor([1.5000, 2.0000])", Tensor.of(new float[] {1.5f, 2}).toString());
    assertEquals("tensor(3.)", Tensor.scalar(3.0).toString());
    assertEquals("tensor([1, 2, 3])", Tensor.of(new long[] {1, 2, 3}).toString());
    assertEquals("tensor([1, 2], dtype=torch.int32)", Tensor.of(new int[] {1, 2}).toString());
    assertEquals("tensor([ True, False])", Tensor.of(new boolean[] {true, false}).toString());
    assertEquals("tensor([0.5000, 0.2500], dtype=torch.float64)", Tensor.of(new double[] {0.5, 0.25}).toString());
    assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(new float[] {1e-5f, 1}).toString());
    assertEquals("tensor([nan, inf, 1.])", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1}).toString());
    assertEquals("tensor([])", Tensor.zeros(0).toString());
    assertEquals("tensor([], size=(0, 3))", Tensor.zeros(0, 3).toString());
    assertEquals("tensor([[[0., 1.]],\n\n        [[2., 3.]]])", Tensor.arange(0.0, 4.0, 1.0).view(2, 1, 2).toString());
  }

  @Test
  void summarisesLargeTensors() {
    String s = Tensor.arange(2000).toString();
    assertTrue(s.startsWith("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"), s);
    String m = Tensor.zeros(100, 100).toString();
    assertTrue(m.contains("...") && m.split("\n").length < 10, m);
  }

  @Test
  void wrapsLongRows() {
    String s = Tensor.arange(30).toString();
    assertTrue(s.contains("\n"), s);
    for (String line : s.split("\n")) assertTrue(line.length() <= 80, line);
  }
}
