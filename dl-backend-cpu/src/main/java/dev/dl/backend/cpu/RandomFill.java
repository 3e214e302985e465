package dev.dl.backend.cpu;

import dev.dl.DType;
import dev.dl.spi.Op;
import dev.dl.spi.Operand;
import dev.dl.spi.Philox;

/**
 * RANDOM_UNIFORM and RANDOM_NORMAL from the Philox4x32-10 stream defined in {@link Philox}. Each
 * chunk of elements computes whole 4-word blocks once and takes its words from them, so results
 * equal {@link Philox#sample} bit for bit and do not depend on the thread count.
 */
final class RandomFill {
  private final Parallel parallel;

  RandomFill(Parallel parallel) { this.parallel = parallel; }

  void random(Op op, Operand out, long seed, long offset) {
    DType t = out.dtype();
    Object o = CpuStorage.data(out);
    int base = out.offset();
    int k0 = (int) seed, k1 = (int) (seed >>> 32);
    // Words per element: 2 for normals and float64 uniforms, 1 otherwise.
    int words = (int) Philox.wordsUsed(op, t, 1);
    parallel.forRange(out.numel(), Parallel.GRAIN / 4, (lo, hi) -> {
      Words w = new Words(k0, k1);
      for (int i = lo; i < hi; i++) {
        long word = offset + (long) i * words;
        double v;
        if (op == Op.RANDOM_NORMAL) {
          v = Philox.normal(w.get(word), w.get(word + 1));
        } else if (t == DType.FLOAT64) {
          v = Philox.uniform53(w.get(word), w.get(word + 1));
        } else {
          v = Philox.uniform24(w.get(word));
        }
        Cast.setD(o, t, base + i, v);
      }
    });
  }

  /** A cursor over the stream that keeps the last computed block. */
  private static final class Words {
    private final int k0;
    private final int k1;
    private final int[] block = new int[4];
    private long blockIndex = -1;

    Words(int k0, int k1) {
      this.k0 = k0;
      this.k1 = k1;
    }

    int get(long word) {
      long bi = word >>> 2;
      if (bi != blockIndex) {
        Philox.block((int) bi, (int) (bi >>> 32), 0, 0, k0, k1, block);
        blockIndex = bi;
      }
      return block[(int) (word & 3)];
    }
  }
}
