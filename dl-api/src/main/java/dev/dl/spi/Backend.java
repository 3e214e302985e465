package dev.dl.spi;

import dev.dl.DType;
import dev.dl.Device;
import java.util.Set;

/**
 * One device's allocator and kernels. A new backend implements storage management, host
 * transfers and the primitive kernels below (about a dozen methods); fused kernels are
 * {@code default} methods it may override.
 *
 * <p>Contract for every kernel: {@code out} is freshly allocated or a tensor the caller may
 * overwrite; inputs are already broadcast to the shape the kernel expects (stride 0 on broadcast
 * dims) and may be non-contiguous; shapes, dtypes and devices were checked by the dispatcher, so
 * kernels only {@code assert}. Kernels may run asynchronously; {@link #read} and
 * {@link #synchronize} wait for them.
 */
public interface Backend {
  /** The device this backend instance drives. */
  Device device();

  /** Dtypes this backend stores and computes; the TCK tests exactly these. */
  Set<DType> dtypes();

  // ---- memory ----

  /** Allocates storage for {@code length} elements; contents are unspecified. */
  Storage allocate(DType dtype, int length);

  /**
   * Copies {@code length} elements from a host array (of {@link DType#hostArrayType()}) into the
   * storage starting at {@code dstOffset}.
   */
  void write(Storage dst, int dstOffset, Object hostArray, int srcOffset, int length);

  /** Copies {@code length} elements from the storage into a host array; waits for pending work. */
  void read(Storage src, int srcOffset, Object hostArray, int dstOffset, int length);

  /** Waits until all queued kernels and copies on this device have finished. */
  default void synchronize() {}

  /** True when the backend can stage host data in page-locked memory (DataLoader pinMemory). */
  default boolean supportsPinnedMemory() { return false; }

  // ---- primitive kernels ----

  /**
   * FILL: sets every element of {@code out} to {@code value}, which is a {@link Long} for integer
   * and bool dtypes (bool: 0 or 1) and a {@link Double} for floating point.
   */
  void fill(Operand out, Number value);

  /** COPY: {@code out[i] = cast(x[i])}; same shape, any strides (negative too), any two dtypes. */
  void copy(Operand out, Operand x);

  /** One of {@link Op#UNARY}; {@code x} has out's dtype except for predicates (out is bool). */
  void unary(Op op, Operand out, Operand x);

  /** One of {@link Op#BINARY}; a and b share a dtype, out has it too except comparisons (bool). */
  void binary(Op op, Operand out, Operand a, Operand b);

  /** WHERE: {@code out = cond ? a : b}; cond is bool; a, b and out share a dtype. */
  void where(Operand out, Operand cond, Operand a, Operand b);

  /**
   * One of {@link Op#REDUCE} over {@code dims} (sorted, distinct, non-empty). {@code out} has x's
   * shape with those dims set to 1. ARGMAX/ARGMIN get exactly one dim and write int64; the others
   * write x's dtype. Reducing an empty dim yields the identity (0 for SUM, 1 for PROD); the
   * dispatcher rejects MAX/MIN/ARG* over empty dims.
   */
  void reduce(Op op, Operand out, Operand x, int[] dims);

  /** CUMSUM or CUMPROD along {@code dim}; out and x share shape and dtype. */
  void scan(Op op, Operand out, Operand x, int dim);

  /** MATMUL: {@code out[b] = a[b] @ b[b]} for a [B,M,K], b [B,K,N], out [B,M,N] contiguous. */
  void matmul(Operand out, Operand a, Operand b);

  /** IM2COL: x [n,c,h,w] to out [n, c*kh*kw, outH*outW] contiguous; padding reads 0. */
  void im2col(Operand out, Operand x, ConvGeometry g);

  /** COL2IM: cols [n, c*kh*kw, outH*outW] to out [n,c,h,w] contiguous, summing overlaps. */
  void col2im(Operand out, Operand cols, ConvGeometry g);

  /**
   * GATHER along {@code dim}: {@code out[..i..] = x[..index[..i..]..]}; index is int64 with out's
   * shape, in range (checked by the dispatcher).
   */
  void gather(Operand out, Operand x, int dim, Operand index);

  /**
   * SCATTER or SCATTER_ADD into {@code out} in place along {@code dim}: for every position p of
   * index/src, {@code out[p with dim replaced by index[p]] (+)= src[p]}.
   */
  void scatter(Op op, Operand out, int dim, Operand index, Operand src);

  /**
   * RANDOM_UNIFORM or RANDOM_NORMAL into contiguous {@code out} (floating point), element i drawn
   * from the Philox stream of {@code seed} at counter {@code offset} as defined in {@link Philox}.
   */
  void random(Op op, Operand out, long seed, long offset);

  // ---- optional fused kernels: return false to let dl-api use the decomposition ----

  /** SOFTMAX / LOG_SOFTMAX along {@code dim} of a floating-point x into contiguous out. */
  default boolean softmax(Op op, Operand out, Operand x, int dim) { return false; }

  /**
   * CONV2D forward: {@code out [n, outC, outH, outW] = x [n, c, h, w] (*) weight [outC, c/groups,
   * kh, kw] + bias [outC]}, a cross-correlation with the geometry's stride, padding (reads 0) and
   * dilation. {@code bias} may be null. x, weight, bias and out are contiguous and share a
   * floating-point dtype; {@code g} describes x and the window.
   */
  default boolean conv2d(Operand out, Operand x, Operand weight, Operand bias, ConvGeometry g, int groups) {
    return false;
  }

  /**
   * CONV2D's gradient with respect to its input: writes every element of {@code gradX [n, c, h,
   * w]} from {@code gradOut [n, outC, outH, outW]} and {@code weight}; all contiguous, one dtype.
   */
  default boolean conv2dBackwardInput(Operand gradX, Operand gradOut, Operand weight, ConvGeometry g, int groups) {
    return false;
  }

  /**
   * CONV2D's gradient with respect to its weight: writes every element of {@code gradWeight
   * [outC, c/groups, kh, kw]} (summed over the batch) from {@code gradOut} and {@code x}; all
   * contiguous, one dtype. The bias gradient is a plain sum that dl-api computes itself.
   */
  default boolean conv2dBackwardWeight(Operand gradWeight, Operand gradOut, Operand x, ConvGeometry g, int groups) {
    return false;
  }

  /**
   * MAX_POOL2D: for each window of contiguous {@code x [n, c, h, w]} (geometry: window, stride,
   * padding, dilation; padded positions never win), writes its maximum to {@code values [n, c,
   * outH, outW]} (x's dtype) and the flat position {@code row * w + col} of that maximum in x's
   * plane to {@code indices} (int64, same shape). The first maximum wins ties; NaN beats every
   * number, as in PyTorch.
   */
  default boolean maxPool2d(Operand values, Operand indices, Operand x, ConvGeometry g) { return false; }
}
