package dev.dl.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * The op vocabulary: every primitive a backend implements, plus the metadata-only movement ops
 * that autograd records. Composite ops (softmax, layerNorm, crossEntropy, ...) are written once
 * in dl-api from these; a backend may override a few of them with fused kernels (the FUSED group).
 *
 * <p>Dtype contract: the dispatcher casts inputs first, so for arithmetic ops a kernel always
 * sees inputs and output of one dtype; comparisons and predicates write {@code bool}; ARGMAX and
 * ARGMIN write {@code int64}; index operands are {@code int64}; WHERE's condition is {@code bool}.
 */
public enum Op {
  // ---- unary elementwise: Backend.unary(op, out, x) ----
  /** -x. */ NEG,
  /** |x|. */ ABS,
  /** -1, 0 or 1 (NaN stays NaN). */ SIGN,
  /** e^x. */ EXP,
  /** natural logarithm. */ LOG,
  /** log(1 + x), accurate near 0. */ LOG1P,
  /** e^x - 1, accurate near 0. */ EXPM1,
  /** square root. */ SQRT,
  /** 1 / sqrt(x). */ RSQRT,
  /** sine. */ SIN,
  /** cosine. */ COS,
  /** tangent. */ TAN,
  /** hyperbolic tangent. */ TANH,
  /** 1 / (1 + e^-x). */ SIGMOID,
  /** max(x, 0). */ RELU,
  /** x * Phi(x), the exact (erf) form. */ GELU,
  /** x * sigmoid(x). */ SILU,
  /** log(1 + e^x), computed stably. */ SOFTPLUS,
  /** the error function. */ ERF,
  /** round toward -inf. */ FLOOR,
  /** round toward +inf. */ CEIL,
  /** round half to even, as PyTorch. */ ROUND,
  /** round toward zero. */ TRUNC,
  /** 1 / x. */ RECIPROCAL,
  /** !x on bool. */ LOGICAL_NOT,
  /** x is NaN (writes bool). */ ISNAN,
  /** x is +-inf (writes bool). */ ISINF,
  /** x is neither NaN nor inf (writes bool). */ ISFINITE,

  // ---- binary elementwise, inputs pre-broadcast to out's shape: Backend.binary(op, out, a, b) ----
  /** a + b (logical or on bool). */ ADD,
  /** a - b. */ SUB,
  /** a * b (logical and on bool). */ MUL,
  /** true division a / b (floating point only). */ DIV,
  /** floor(a / b), Python's //. */ FLOOR_DIVIDE,
  /** a ^ b. */ POW,
  /** elementwise max, NaN-propagating. */ MAXIMUM,
  /** elementwise min, NaN-propagating. */ MINIMUM,
  /** C's fmod: result has the sign of a. */ FMOD,
  /** Python's %: result has the sign of b. */ REMAINDER,
  /** a and b on bool. */ LOGICAL_AND,
  /** a or b on bool. */ LOGICAL_OR,
  /** a xor b on bool. */ LOGICAL_XOR,
  /** a == b (writes bool). */ EQ,
  /** a != b (writes bool). */ NE,
  /** a &lt; b (writes bool). */ LT,
  /** a &lt;= b (writes bool). */ LE,
  /** a &gt; b (writes bool). */ GT,
  /** a &gt;= b (writes bool). */ GE,

  // ---- ternary ----
  /** cond ? a : b, all pre-broadcast: Backend.where. */ WHERE,

  // ---- reductions over a set of dims, out in keepdim shape: Backend.reduce(op, out, x, dims) ----
  /** sum (float32 accumulates in float64 where the backend can). */ SUM,
  /** product. */ PROD,
  /** maximum (NaN-propagating); on bool it is "any". */ MAX,
  /** minimum (NaN-propagating); on bool it is "all". */ MIN,
  /** index of the first maximum along exactly one dim (writes int64). */ ARGMAX,
  /** index of the first minimum along exactly one dim (writes int64). */ ARGMIN,

  // ---- scans along one dim: Backend.scan(op, out, x, dim) ----
  /** running sum. */ CUMSUM,
  /** running product. */ CUMPROD,

  // ---- linear algebra and convolution ----
  /** batched matrix product [B,M,K] x [B,K,N] -&gt; [B,M,N]: Backend.matmul. */ MATMUL,
  /** unfold image patches to columns [N, C*kh*kw, oh*ow]: Backend.im2col. */ IM2COL,
  /** fold columns back to an image, summing overlaps (adjoint of IM2COL): Backend.col2im. */ COL2IM,

  // ---- indexing ----
  /** out[i][j] = x[i][index[i][j]] along dim: Backend.gather. */ GATHER,
  /** out[i][index[i][j]] = src[i][j] along dim, in place: Backend.scatter. */ SCATTER,
  /** out[i][index[i][j]] += src[i][j] along dim, in place: Backend.scatter. */ SCATTER_ADD,

  // ---- data movement and creation ----
  /** strided copy with dtype conversion (PyTorch's casting rules): Backend.copy. */ COPY,
  /** set every element to one value: Backend.fill. */ FILL,
  /** uniform [0, 1) from Philox4x32-10 (see {@link Philox}): Backend.random. */ RANDOM_UNIFORM,
  /** standard normal from Philox4x32-10 via Box-Muller (see {@link Philox}): Backend.random. */ RANDOM_NORMAL,

  // ---- fused kernels a backend may offer (Backend.softmax); each has a composite fallback ----
  /** softmax along one dim. */ SOFTMAX,
  /** log-softmax along one dim. */ LOG_SOFTMAX,
  /**
   * 2-D convolution (cross-correlation) with optional bias: Backend.conv2d and its two gradient
   * kernels; inputs {x, weight} or {x, weight, bias}, args {groups}, the geometry of x.
   */
  CONV2D,
  /**
   * 2-D max pooling: Backend.maxPool2d; inputs {x, indices} (indices: int64 flat positions of each
   * window's maximum in x's h*w plane, not differentiable), the geometry of x with the padding.
   */
  MAX_POOL2D,

  // ---- assembled in dl-api from COPY into slices of a new tensor; recorded for autograd ----
  /** concatenation along one dim; args: {dim}. */ CAT,

  // ---- movement: metadata only in dl-api, never sent to a backend; recorded for autograd ----
  /** reshape of a contiguous layout; args: none (input shape is known). */ VIEW,
  /** permutation of dims; args: the permutation. */ PERMUTE,
  /** broadcast view with stride 0; args: none. */ EXPAND,
  /** strided slice along one dim; args: {dim, start, length, step} (step may be negative). */ SLICE;

  /** Elementwise ops with one input. */
  public static final Set<Op> UNARY = EnumSet.range(NEG, ISFINITE);
  /** Elementwise ops with two inputs. */
  public static final Set<Op> BINARY = EnumSet.range(ADD, GE);
  /** Binary ops that write bool. */
  public static final Set<Op> COMPARISON = EnumSet.range(EQ, GE);
  /** Unary ops that write bool. */
  public static final Set<Op> PREDICATE = EnumSet.of(ISNAN, ISINF, ISFINITE, LOGICAL_NOT);
  /** Ops on bool operands only. */
  public static final Set<Op> LOGICAL = EnumSet.of(LOGICAL_NOT, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR);
  /** Unary ops defined only for floating-point inputs (integers are promoted to float32 first). */
  public static final Set<Op> FLOAT_ONLY = EnumSet.of(EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, SIN, COS, TAN,
      TANH, SIGMOID, GELU, SILU, SOFTPLUS, ERF, RECIPROCAL, DIV);
  /** Reductions. */
  public static final Set<Op> REDUCE = EnumSet.range(SUM, ARGMIN);
  /** Scans. */
  public static final Set<Op> SCAN = EnumSet.of(CUMSUM, CUMPROD);
  /** Associative, commutative binary ops (a backend may reorder them). */
  public static final Set<Op> ASSOCIATIVE = EnumSet.of(ADD, MUL, MAXIMUM, MINIMUM, LOGICAL_AND, LOGICAL_OR,
      LOGICAL_XOR);
  /** Metadata-only ops. */
  public static final Set<Op> MOVEMENT = EnumSet.range(VIEW, SLICE);
  /** Piecewise-constant ops: recorded like PyTorch, with a gradient of zero. */
  public static final Set<Op> ZERO_GRADIENT = EnumSet.of(SIGN, FLOOR, CEIL, ROUND, TRUNC);
  /** Ops whose outputs carry no gradient: they are not recorded. */
  public static final Set<Op> NON_DIFFERENTIABLE = EnumSet.of(LOGICAL_NOT,
      ISNAN, ISINF, ISFINITE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR, EQ, NE, LT, LE, GT, GE, ARGMAX, ARGMIN,
      FLOOR_DIVIDE, FILL, RANDOM_UNIFORM, RANDOM_NORMAL);

  // Computed once: the dispatcher names the op in every error message it might build.
  private String displayName;
  private String methodName;

  static {
    for (Op op : values()) {
      StringBuilder sb = new StringBuilder();
      for (String part : op.name().split("_")) {
        sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
      }
      op.displayName = sb.toString();
      op.methodName = Character.toLowerCase(op.displayName.charAt(0)) + op.displayName.substring(1);
    }
  }

  /** PyTorch-style name used in autograd node names, e.g. {@code LogSoftmax}. */
  public String displayName() { return displayName; }

  /** The Tensor method's name, used in error messages, e.g. {@code logSoftmax}. */
  public String methodName() { return methodName; }
}
