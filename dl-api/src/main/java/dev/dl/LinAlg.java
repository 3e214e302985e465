package dev.dl;

import dev.dl.spi.Op;
import java.util.Arrays;

/** Matrix products in every rank combination of {@code torch.matmul}, all through the MATMUL kernel. */
final class LinAlg {
  private LinAlg() {}

  private static void sameDtype(String op, Tensor a, Tensor b) {
    Dispatch.sameDevice(op, a, b);
    if (a.dtype != b.dtype) {
      throw new IllegalArgumentException(op + ": expected both operands to have the same dtype, but got " + a.dtype
          + " != " + b.dtype + " (shapes " + a.shapeString() + " and " + b.shapeString() + ")");
    }
    if (a.dtype == DType.BOOL) {
      throw new IllegalArgumentException(op + ": not implemented for bool tensors (shapes " + a.shapeString() + " and "
          + b.shapeString() + "); cast to a numeric dtype first");
    }
  }

  /** out[b] = a[b] @ b[b] for 3-D operands with equal batch sizes. */
  static Tensor batched(Tensor a, Tensor b) {
    int batch = a.shape[0], m = a.shape[1], k = a.shape[2], n = b.shape[2];
    Tensor out;
    if (k == 0) {
      out = Tensor.zeros(Shape.of(batch, m, n), a.dtype, a.device());
    } else {
      out = Dispatch.empty(a.backend, new int[] {batch, m, n}, a.dtype);
      if (out.numel() > 0) a.backend.matmul(out.operand(), a.operand(), b.operand());
    }
    return Dispatch.record(Op.MATMUL, out, Dispatch.NO_ARGS, a, b);
  }

  static Tensor dot(Tensor a, Tensor b) {
    if (a.dim() != 1 || b.dim() != 1) {
      throw new IllegalArgumentException("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim()
          + "D tensors (shapes " + a.shapeString() + " and " + b.shapeString() + ")");
    }
    if (a.shape[0] != b.shape[0]) {
      throw new IllegalArgumentException("dot: inconsistent tensor size, expected tensor " + a.shapeString()
          + " and src " + b.shapeString() + " to have the same number of elements, but got " + a.shape[0] + " and "
          + b.shape[0] + " elements respectively");
    }
    sameDtype("dot", a, b);
    return batched(a.view(1, 1, -1), b.view(1, -1, 1)).view();
  }

  static Tensor mv(Tensor mat, Tensor vec) {
    if (mat.dim() != 2 || vec.dim() != 1) {
      throw new IllegalArgumentException("mv: vector + matrix @ vector expected, got matrix " + mat.shapeString()
          + " and vector " + vec.shapeString());
    }
    if (mat.shape[1] != vec.shape[0]) {
      throw new IllegalArgumentException("mv: size mismatch, got input (" + mat.shape[0] + "), mat (" + mat.shape[0]
          + "x" + mat.shape[1] + "), vec (" + vec.shape[0] + ")");
    }
    sameDtype("mv", mat, vec);
    return batched(mat.unsqueeze(0), vec.view(1, -1, 1)).view(mat.shape[0]);
  }

  static Tensor mm(Tensor a, Tensor b) {
    if (a.dim() != 2 || b.dim() != 2) {
      throw new IllegalArgumentException("mm: expected 2-D tensors, got " + a.dim() + "-D " + a.shapeString() + " and "
          + b.dim() + "-D " + b.shapeString());
    }
    checkInner("mm", a, b);
    sameDtype("mm", a, b);
    return batched(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
  }

  private static void checkInner(String op, Tensor a, Tensor b) {
    int k1 = a.shape[a.dim() - 1], k2 = b.shape[b.dim() == 1 ? 0 : b.dim() - 2];
    if (k1 != k2) {
      throw new IllegalArgumentException(op + ": mat1 and mat2 shapes cannot be multiplied (" + matrixString(a)
          + " and " + matrixString(b) + ")");
    }
  }

  private static String matrixString(Tensor t) {
    if (t.dim() == 1) return "1x" + t.shape[0];
    int rows = t.numel() / Math.max(1, t.shape[t.dim() - 1]);
    if (t.shape[t.dim() - 1] == 0) rows = t.dim() == 2 ? t.shape[0] : rows;
    return rows + "x" + t.shape[t.dim() - 1];
  }

  static Tensor bmm(Tensor a, Tensor b) {
    if (a.dim() != 3 || b.dim() != 3) {
      throw new IllegalArgumentException("bmm: batch1 must be a 3D tensor and batch2 a 3D tensor, got shapes "
          + a.shapeString() + " and " + b.shapeString());
    }
    if (a.shape[0] != b.shape[0] || a.shape[2] != b.shape[1]) {
      throw new IllegalArgumentException("bmm: expected size for first two dimensions of batch2 tensor to be: ["
          + a.shape[0] + ", " + a.shape[2] + "] but got: [" + b.shape[0] + ", " + b.shape[1] + "] (batch1 "
          + a.shapeString() + ", batch2 " + b.shapeString() + ")");
    }
    sameDtype("bmm", a, b);
    return batched(a, b);
  }

  static Tensor matmul(Tensor a, Tensor b) {
    if (a.dim() == 0 || b.dim() == 0) {
      throw new IllegalArgumentException("matmul: both arguments need to be at least 1D, but they are " + a.dim()
          + "D and " + b.dim() + "D");
    }
    if (a.dim() == 1 && b.dim() == 1) return dot(a, b);
    if (a.dim() == 2 && b.dim() == 1) return mv(a, b);
    if (a.dim() == 1 && b.dim() == 2) {
      checkInner("matmul", a, b);
      return mm(a.unsqueeze(0), b).squeeze(0);
    }
    if (a.dim() == 2 && b.dim() == 2) return mm(a, b);
    checkInner("matmul", a, b);
    sameDtype("matmul", a, b);
    // Batched: prepend/append size-1 dims for vectors, broadcast the batch dims, fold them into one.
    boolean aVec = a.dim() == 1, bVec = b.dim() == 1;
    Tensor a2 = aVec ? a.unsqueeze(0) : a;
    Tensor b2 = bVec ? b.unsqueeze(1) : b;
    int m = a2.shape[a2.dim() - 2], k = a2.shape[a2.dim() - 1], n = b2.shape[b2.dim() - 1];
    int[] aBatch = Arrays.copyOf(a2.shape, a2.dim() - 2);
    int[] bBatch = Arrays.copyOf(b2.shape, b2.dim() - 2);
    int[] batch = Shape.broadcast(aBatch, bBatch, "matmul");
    int batchNumel = Shape.numel(batch);
    Tensor a3 = a2.expand(concat(batch, m, k)).reshape(batchNumel, m, k);
    Tensor b3 = b2.expand(concat(batch, k, n)).reshape(batchNumel, k, n);
    Tensor out = batched(a3, b3).view(concat(batch, m, n));
    if (aVec) out = out.squeeze(-2);
    if (bVec) out = out.squeeze(-1);
    return out;
  }

  private static int[] concat(int[] batch, int x, int y) {
    int[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = x;
    out[batch.length + 1] = y;
    return out;
  }

  static Tensor outer(Tensor a, Tensor b) {
    if (a.dim() != 1 || b.dim() != 1) {
      throw new IllegalArgumentException("outer: expected 1-D tensors, got shapes " + a.shapeString() + " and "
          + b.shapeString());
    }
    return a.unsqueeze(1).mul(b.unsqueeze(0));
  }

  static Tensor addmm(Tensor self, Tensor mat1, Tensor mat2, double beta, double alpha) {
    Tensor prod = mm(mat1, mat2);
    Shape.broadcast(self.shape, prod.shape, "addmm");
    if (alpha != 1) prod = prod.mul(alpha);
    return beta == 0 ? prod.add(Tensor.zerosLike(self)) : prod.add(beta == 1 ? self : self.mul(beta));
  }

  static Tensor baddbmm(Tensor self, Tensor b1, Tensor b2, double beta, double alpha) {
    Tensor prod = bmm(b1, b2);
    Shape.broadcast(self.shape, prod.shape, "baddbmm");
    if (alpha != 1) prod = prod.mul(alpha);
    return beta == 0 ? prod.add(Tensor.zerosLike(self)) : prod.add(beta == 1 ? self : self.mul(beta));
  }
}
