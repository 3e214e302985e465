package dev.dl.backend.cpu.api;

import dev.dl.*;

import static dev.dl.backend.cpu.api.Checks.assertError;
import static dev.dl.backend.cpu.api.Checks.assertValues;
import static dev.dl.backend.cpu.api.Checks.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorViewsTest {
  private static Tensor m34() { return Tensor.arange(12).view(3, 4); }

  @Test
  void viewsShareStorage() {
    Tensor x = Tensor.zeros(2, 3);
    Tensor v = x.view(6);
    v.narrow(0, 1, 2).fill_(5);
    assertValues(x, shape(2, 3), 0, 5, 5, 0, 0, 0);
    assertEquals(1, x.version(), "in-place writes through a view bump the shared version");
  }

  @Test
  void reshapeViewAndFlatten() {
    Tensor x = m34();
    assertValues(x.view(-1, 6), shape(2, 6), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertValues(x.flatten(), shape(12), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertValues(x.unflatten(1, 2, -1), shape(3, 2, 2), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    Tensor t = x.t();
    assertFalse(t.isContiguous());
    assertError(IllegalArgumentException.class, () -> t.view(12), "view size is not compatible", "reshape");
    assertValues(t.reshape(12), shape(12), 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    assertError(IllegalArgumentException.class, () -> x.view(5, -1), "invalid for input of size 12");
  }

  @Test
  void permuteTransposeSqueezeExpand() {
    Tensor x = Tensor.arange(6).view(1, 2, 3);
    assertValues(x.permute(2, 0, 1), shape(3, 1, 2), 0, 3, 1, 4, 2, 5);
    assertValues(x.transpose(-1, -2), shape(1, 3, 2), 0, 3, 1, 4, 2, 5);
    assertValues(x.squeeze(), shape(2, 3), 0, 1, 2, 3, 4, 5);
    assertValues(x.squeeze(1), shape(1, 2, 3), 0, 1, 2, 3, 4, 5);
    assertValues(x.unsqueeze(-1), shape(1, 2, 3, 1), 0, 1, 2, 3, 4, 5);
    assertValues(Tensor.of(new float[] {1, 2}).view(2, 1).expand(2, 3), shape(2, 3), 1, 1, 1, 2, 2, 2);
    assertValues(Tensor.of(new float[] {1, 2}).expand(2, -1), shape(2, 2), 1, 2, 1, 2);
    assertError(IllegalArgumentException.class, () -> Tensor.ones(3).expand(4), "must match the existing size (3)");
    assertError(IllegalArgumentException.class, () -> x.permute(0, 0, 1), "repeated dim");
    assertError(IndexOutOfBoundsException.class, () -> x.transpose(0, 3), "out of range");
  }

  @Test
  void slicingAndSelectFollowPython() {
    Tensor x = m34();
    assertValues(x.select(0, -1), shape(4), 8, 9, 10, 11);
    assertValues(x.slice(1, 1, 100, 2), shape(3, 2), 1, 3, 5, 7, 9, 11);
    assertValues(x.slice(0, -2, Integer.MAX_VALUE, 1), shape(2, 4), 4, 5, 6, 7, 8, 9, 10, 11);
    assertValues(x.narrow(1, 3, 1), shape(3, 1), 3, 7, 11);
    assertValues(x.narrow(1, -2, 2), shape(3, 2), 2, 3, 6, 7, 10, 11);
    assertValues(x.narrow(0, 3, 0), shape(0, 4));
    assertError(IllegalArgumentException.class, () -> x.narrow(1, 3, 2), "exceeds dimension 1 of size 4");
    assertError(IllegalArgumentException.class, () -> x.narrow(1, 0, -1), "exceeds dimension");
    assertError(IndexOutOfBoundsException.class, () -> x.narrow(0, 4, 0), "start 4 out of range");
    assertValues(x.slice(0, 2, 1, 1), shape(0, 4));
    assertError(IndexOutOfBoundsException.class, () -> x.select(0, 3), "out of range");
    assertError(IllegalArgumentException.class, () -> x.slice(0, 0, 3, 0), "step must be greater than zero");
  }

  @Test
  void indexExpressionsMirrorPythonSubscripts() {
    Tensor x = m34();
    assertValues(x.index(Index.ALL, 1), shape(3), 1, 5, 9);
    assertValues(x.index(":, 1"), shape(3), 1, 5, 9);
    assertValues(x.index("1:3, ::2"), shape(2, 2), 4, 6, 8, 10);
    assertValues(x.index(Index.slice(1, 3), Index.slice(null, null, 2)), shape(2, 2), 4, 6, 8, 10);
    assertValues(x.index("..., None"), shape(3, 4, 1), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertValues(x.index("-1, -1"), shape(), 11);
    assertValues(x.index(Index.ELLIPSIS, 0), shape(3), 0, 4, 8);
    assertValues(x.index(Index.NEW_AXIS, 0, Index.ALL), shape(1, 4), 0, 1, 2, 3);
    assertValues(x.index(Tensor.of(new long[] {2, 0})), shape(2, 4), 8, 9, 10, 11, 0, 1, 2, 3);
    assertValues(x.index(Tensor.of(new long[] {-1})), shape(1, 4), 8, 9, 10, 11);
    assertError(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Tensor.of(new long[] {-1})), "out of bounds");
    assertValues(x.index(Index.ALL, Tensor.of(new long[][] {{0, 3}})), shape(3, 1, 2), 0, 3, 4, 7, 8, 11);
    Tensor mask = x.gt(8);
    assertValues(x.index(mask), shape(3), 9, 10, 11);
    assertValues(x.index(Tensor.of(new boolean[] {true, false, true})), shape(2, 4), 0, 1, 2, 3, 8, 9, 10, 11);
    assertError(IndexOutOfBoundsException.class, () -> x.index(0, 0, 0), "too many indices");
    assertError(IndexOutOfBoundsException.class, () -> x.index(5), "out of bounds for dimension 0 with size 3");
    assertError(IllegalArgumentException.class, () -> x.index("1:2:3:4"), "cannot parse");
    assertError(IllegalArgumentException.class, () -> x.index(Index.ELLIPSIS, Index.ELLIPSIS), "single ellipsis");
  }

  @Test
  void gatherScatterAndMasks() {
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    Tensor idx = Tensor.of(new long[][] {{0, 0}, {1, 0}});
    assertValues(x.gather(1, idx), shape(2, 2), 1, 1, 4, 3);
    assertValues(Tensor.zeros(2, 2).scatter(1, idx, x), shape(2, 2), 2, 0, 4, 3);
    assertValues(Tensor.zeros(2, 2).scatterAdd(1, idx, x), shape(2, 2), 3, 0, 4, 3);
    assertValues(x.indexSelect(0, Tensor.of(new long[] {1, 1, 0})), shape(3, 2), 3, 4, 3, 4, 1, 2);
    assertValues(x.maskedFill(x.gt(2), -1), shape(2, 2), 1, 2, -1, -1);
    assertValues(x.maskedSelect(Tensor.of(new boolean[] {false, true})), shape(2), 2, 4);
    assertValues(Tensor.where(x.gt(2), x, Tensor.scalar(0.0)), shape(2, 2), 0, 0, 3, 4);
    assertValues(x.nonzero(), shape(4, 2), 0, 0, 0, 1, 1, 0, 1, 1);
    assertError(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.of(new long[][] {{2}})), "out of bounds");
    assertError(IllegalArgumentException.class, () -> x.gather(1, Tensor.of(new float[][] {{0}})), "int64");
    assertError(IllegalArgumentException.class, () -> Tensor.where(x, x, x), "bool");
  }

  @Test
  void joiningAndRearranging() {
    Tensor a = Tensor.of(new float[][] {{1, 2}});
    Tensor b = Tensor.of(new float[][] {{3, 4}, {5, 6}});
    assertValues(Tensor.cat(List.of(a, b), 0), shape(3, 2), 1, 2, 3, 4, 5, 6);
    assertValues(Tensor.stack(List.of(a, a), 0), shape(2, 1, 2), 1, 2, 1, 2);
    assertValues(Tensor.cat(List.of(a.toDouble(), Tensor.of(new int[][] {{7, 8}})), 0), shape(2, 2), 1, 2, 7, 8);
    assertEquals(DType.FLOAT64, Tensor.cat(List.of(a.toDouble(), a), 0).dtype());
    List<Tensor> parts = Tensor.arange(5).split(2, 0);
    assertEquals(3, parts.size());
    assertValues(parts.get(2), shape(1), 4);
    assertEquals(3, Tensor.arange(5).chunk(3, 0).size());
    assertValues(Tensor.arange(5).split(new int[] {1, 4}, 0).get(1), shape(4), 1, 2, 3, 4);
    assertValues(b.flip(0), shape(2, 2), 5, 6, 3, 4);
    assertValues(b.flip(0, 1), shape(2, 2), 6, 5, 4, 3);
    assertValues(Tensor.arange(5).roll(2, 0), shape(5), 3, 4, 0, 1, 2);
    assertValues(Tensor.arange(4).view(2, 2).roll(new int[] {1}, new int[0]), shape(2, 2), 3, 0, 1, 2);
    assertValues(a.repeat(2, 2), shape(2, 4), 1, 2, 1, 2, 1, 2, 1, 2);
    assertValues(Tensor.ones(3, 3).tril(), shape(3, 3), 1, 0, 0, 1, 1, 0, 1, 1, 1);
    assertValues(Tensor.ones(2, 3).triu(1), shape(2, 3), 0, 1, 1, 0, 0, 1);
    assertValues(a.pad(new int[] {1, 2}, 9), shape(1, 5), 9, 1, 2, 9, 9);
    assertValues(b.pad(new int[] {0, 0, 1, 0}, 0), shape(3, 2), 0, 0, 3, 4, 5, 6);
    assertValues(Tensor.zeros(2, 4).sliceScatter(Tensor.ones(2, 2), 1, 0, 4, 2), shape(2, 4), 1, 0, 1, 0, 1, 0, 1, 0);
    assertError(IllegalArgumentException.class, () -> Tensor.cat(List.of(a, Tensor.ones(1, 3)), 0), "Expected size 2 but got size 3");
    assertError(IllegalArgumentException.class, () -> Tensor.stack(List.of(a, b), 0), "equal size", "[1, 2]", "[2, 2]");
    assertError(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0), "non-empty");
    assertError(IllegalArgumentException.class, () -> b.split(new int[] {1, 2}, 0), "sum exactly to 2");
  }

  @Test
  void inPlaceRulesMatchPyTorch() {
    Tensor x = Tensor.zeros(2, 3);
    assertError(IllegalArgumentException.class, () -> x.add_(Tensor.ones(4, 2, 3)), "doesn't match the broadcast shape");
    Tensor i = Tensor.zeros(DType.INT64, 2);
    assertError(IllegalArgumentException.class, () -> i.add_(1.5), "can't be cast to the desired output type int64");
    Tensor e = Tensor.zeros(1).expand(3);
    assertError(IllegalArgumentException.class, () -> e.add_(1.0), "single memory location");
    assertValues(x.add_(Tensor.of(new float[] {1, 2, 3})), shape(2, 3), 1, 2, 3, 1, 2, 3);
    assertValues(i.add_(2L).mul_(3L), shape(2), 6, 6);
    assertTrue(x.copy_(Tensor.of(new int[] {7, 8, 9})).allclose(Tensor.of(new float[][] {{7, 8, 9}, {7, 8, 9}})));
    assertValues(Tensor.ones(2).neg_(), shape(2), -1, -1);
    Tensor sq = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    assertError(IllegalArgumentException.class, () -> sq.add_(sq.t()), "single memory location", "clone()");
    assertValues(sq.add_(sq), shape(2, 2), 2, 4, 6, 8);
    Tensor rows = Tensor.arange(0.0, 4.0, 1.0).view(2, 2);
    assertValues(rows.select(0, 0).add_(rows.select(0, 1)), shape(2), 2, 4);
  }
}
