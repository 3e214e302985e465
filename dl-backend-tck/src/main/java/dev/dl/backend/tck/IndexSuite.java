package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;

/** GATHER, SCATTER, SCATTER_ADD and indexSelect against the reference, for every dtype. */
final class IndexSuite {
  private IndexSuite() {}

  /** An indexing case: the indexed tensor, the dim, and the index shape. */
  record Case(Arg x, int dim, int[] index) {
    String label() { return x.label() + " dim " + dim + " index" + Nd.label(index); }
  }

  static final List<Case> GATHER = List.of(
      new Case(Arg.of(4, 13), 1, new int[] {4, 5}),
      new Case(Arg.of(4, 13), 0, new int[] {3, 13}),
      new Case(Arg.of(13), 0, new int[] {20}),
      new Case(Arg.of(3, 4, 5), 2, new int[] {2, 3, 7}),
      new Case(Arg.transposed(5, 13), 1, new int[] {5, 6}),
      new Case(Arg.sliced(13, 7), 0, new int[] {4, 7}),
      new Case(Arg.of(4, 13), 1, new int[] {4, 0}));

  static final List<Case> SCATTER = List.of(
      new Case(Arg.of(4, 13), 1, new int[] {4, 5}),
      new Case(Arg.of(6, 5), 0, new int[] {3, 5}),
      new Case(Arg.of(13), 0, new int[] {7}),
      new Case(Arg.of(3, 4, 5), 1, new int[] {2, 3, 4}),
      new Case(Arg.transposed(5, 13), 1, new int[] {5, 6}));

  /** Int64 indices below {@code bound}; unique along {@code dim} when {@code unique} (scatter is then deterministic). */
  static Nd indices(Random r, int[] shape, int dim, int bound, boolean unique) {
    Nd idx = Nd.zeros(DType.INT64, shape);
    int stride = Nd.strides(shape)[dim];
    List<Long> pool = new ArrayList<>();
    for (long i = 0; i < bound; i++) pool.add(i);
    int[] at = new int[shape.length];
    for (int k = 0; k < idx.numel(); k++, Ref.next(at, shape)) {
      if (at[dim] != 0) continue;
      Collections.shuffle(pool, r);
      for (int j = 0; j < shape[dim]; j++) {
        idx.l[k + j * stride] = unique ? pool.get(j) : r.nextInt(bound);
      }
    }
    return idx;
  }

  static List<DynamicTest> tests(Env env) {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType t : env.supported(OpCase.ALL)) {
      for (Case c : GATHER) {
        String name = "GATHER " + t + " " + c.label();
        tests.add(Env.test(name, () -> {
          Random r = Env.random(name);
          Nd x = c.x().draw(r, t, Domain.STANDARD);
          Nd index = indices(r, c.index(), c.dim(), c.x().shape()[c.dim()], false);
          Tensor out = env.tensor(c.x(), x).gather(c.dim(), env.tensor(index));
          Check.close(name, Ref.gather(x, c.dim(), index), out, false);
        }));
      }
      for (Case c : SCATTER) {
        for (boolean add : new boolean[] {false, true}) {
          String name = (add ? "SCATTER_ADD " : "SCATTER ") + t + " " + c.label();
          tests.add(Env.test(name, () -> {
            Random r = Env.random(name);
            Nd self = c.x().draw(r, t, Domain.SMALL);
            Nd index = indices(r, c.index(), c.dim(), c.x().shape()[c.dim()], !add);
            // src may be larger than index in every dim; only index's extent is used.
            int[] srcShape = c.index().clone();
            srcShape[srcShape.length - 1] += 2;
            Nd src = Domain.SMALL.draw(r, t, srcShape);
            Tensor s = env.tensor(c.x(), self);
            Tensor out = add ? s.scatterAdd(c.dim(), env.tensor(index), env.tensor(src))
                : s.scatter(c.dim(), env.tensor(index), env.tensor(src));
            Check.close(name, Ref.scatter(self, c.dim(), index, src, add), out, false);
            Check.close(name + " (input unchanged)", self, s, false);
          }));
        }
      }
      for (int dim = 0; dim < 2; dim++) {
        for (Arg x : List.of(Arg.of(13, 7), Arg.sliced(13, 7))) {
          int d = dim;
          String name = "INDEX_SELECT " + t + " " + x.label() + " dim " + d;
          tests.add(Env.test(name, () -> {
            Random r = Env.random(name);
            Nd xv = x.draw(r, t, Domain.STANDARD);
            Nd index = indices(r, new int[] {9}, 0, x.shape()[d], false);
            Tensor out = env.tensor(x, xv).indexSelect(d, env.tensor(index));
            Check.close(name, Ref.indexSelect(xv, d, index), out, false);
          }));
        }
      }
    }
    return tests;
  }
}
