// FILL, COPY (a cast), UNARY, BINARY and WHERE over strided operands. One work-item per element;
// the op is a run-time switch (uniform across a launch, so it costs no divergence).

__kernel void fill(__global TO* out, int outOff, __constant const int* meta, int n, CO value) {
  int i = get_global_id(0);
  if (i >= n) return;
  int off[1] = {outOff};
  strided_offsets(i, meta, 1, off);
  STO(out, off[0], value);
}

inline CI unary_op(int op, CI v) {
  switch (op) {
    case OP_NEG: return -v;
#if I_FLOAT
    case OP_ABS: return fabs(v);
    case OP_SIGN: return isnan(v) ? v : (CI) ((v > 0) - (v < 0));
    case OP_EXP: return exp(v);
    case OP_LOG: return log(v);
    case OP_LOG1P: return log1p(v);
    case OP_EXPM1: return expm1(v);
    case OP_SQRT: return sqrt(v);
    case OP_RSQRT: return rsqrt(v);
    case OP_SIN: return sin(v);
    case OP_COS: return cos(v);
    case OP_TAN: return tan(v);
    case OP_TANH: return tanh(v);
    case OP_SIGMOID: return (CI) 1 / ((CI) 1 + exp(-v));
    case OP_RELU: return isnan(v) ? v : (v > 0 ? v : (CI) 0);
    // x * Phi(x) through erfc: 1 + erf(x / sqrt 2) cancels catastrophically for negative x.
    case OP_GELU: return isinf(v) ? (v > 0 ? v : (CI) -0.0) : v * (CI) 0.5 * erfc(-v * (CI) 0.70710678118654752440);
    case OP_SILU: return v / ((CI) 1 + exp(-v));
    // max(x, 0) + log1p(e^-|x|) never overflows.
    case OP_SOFTPLUS: return fmax(v, (CI) 0) + log1p(exp(-fabs(v)));
    case OP_ERF: return erf(v);
    case OP_FLOOR: return floor(v);
    case OP_CEIL: return ceil(v);
    case OP_ROUND: return rint(v);
    case OP_TRUNC: return trunc(v);
    case OP_RECIPROCAL: return (CI) 1 / v;
    case OP_ISNAN: return (CI) isnan(v);
    case OP_ISINF: return (CI) isinf(v);
    case OP_ISFINITE: return (CI) isfinite(v);
#else
    case OP_ABS: return v < 0 ? -v : v;
    case OP_SIGN: return (CI) ((v > 0) - (v < 0));
    case OP_RELU: return v > 0 ? v : (CI) 0;
    case OP_ISNAN: return 0;
    case OP_ISINF: return 0;
    case OP_ISFINITE: return 1;
#endif
    case OP_LOGICAL_NOT: return (CI) (v == 0);
    default: return v;  // on integers FLOOR, CEIL, ROUND and TRUNC are identities
  }
}

__kernel void unary(__global const TI* x, int xOff, __global TO* out, int outOff,
                    __constant const int* meta, int n, int op) {
  int i = get_global_id(0);
  if (i >= n) return;
  int off[2] = {outOff, xOff};
  strided_offsets(i, meta, 2, off);
  STO(out, off[0], unary_op(op, LDI(x, off[1])));
}

// Predicates write bool whatever the input: a second entry point in the same program saves a
// build per dtype.
__kernel void unary_to_bool(__global const TI* x, int xOff, __global uchar* out, int outOff,
                            __constant const int* meta, int n, int op) {
  int i = get_global_id(0);
  if (i >= n) return;
  int off[2] = {outOff, xOff};
  strided_offsets(i, meta, 2, off);
  out[off[0]] = (uchar) (unary_op(op, LDI(x, off[1])) != 0);
}

// flag[0] records integer division by zero (1), read back by the host to throw.
inline CI binary_op(int op, CI a, CI b, __global int* flag) {
  switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_EQ: return (CI) (a == b);
    case OP_NE: return (CI) (a != b);
    case OP_LT: return (CI) (a < b);
    case OP_LE: return (CI) (a <= b);
    case OP_GT: return (CI) (a > b);
    case OP_GE: return (CI) (a >= b);
    case OP_LOGICAL_AND: return (CI) (a != 0 && b != 0);
    case OP_LOGICAL_OR: return (CI) (a != 0 || b != 0);
    case OP_LOGICAL_XOR: return (CI) ((a != 0) != (b != 0));
#if I_FLOAT
    case OP_DIV: return a / b;
    case OP_MAXIMUM: return isnan(a) ? a : isnan(b) ? b : (a > b ? a : b);
    case OP_MINIMUM: return isnan(a) ? a : isnan(b) ? b : (a < b ? a : b);
    case OP_POW: return pow(a, b);
    case OP_FMOD: return fmod(a, b);
    case OP_REMAINDER: {
      CI m = fmod(a, b);
      if (m != 0 && ((b < 0) != (m < 0))) m += b;
      return m;
    }
    case OP_FLOOR_DIVIDE: {
      // PyTorch's div_floor_floating: exact for large quotients, where floor(a / b) is not.
      if (b == 0) return a / b;
      CI m = fmod(a, b);
      CI d = (a - m) / b;
      if (m != 0 && ((b < 0) != (m < 0))) d -= (CI) 1;
      if (d == 0) return copysign((CI) 0, a / b);
      CI f = floor(d);
      if (d - f > (CI) 0.5) f += (CI) 1;
      return f;
    }
#else
    case OP_DIV: return b == 0 ? 0 : a / b;
    case OP_MAXIMUM: return a > b ? a : b;
    case OP_MINIMUM: return a < b ? a : b;
    case OP_POW: {
      if (b < 0) return a == 1 ? (CI) 1 : a == -1 ? ((b & 1) ? (CI) -1 : (CI) 1) : (CI) 0;
      CI r = 1;
      CI base = a;
      CI e = b;
      while (e > 0) {
        if (e & 1) r *= base;
        base *= base;
        e >>= 1;
      }
      return r;
    }
    case OP_FMOD:
    case OP_REMAINDER:
    case OP_FLOOR_DIVIDE: {
      if (b == 0) {
        flag[0] = 1;
        return 0;
      }
      // -MIN / -1 overflows and traps on x86: negate through unsigned arithmetic instead.
      if (b == -1) return op == OP_FLOOR_DIVIDE ? (CI) ((ulong) 0 - (ulong) (long) a) : (CI) 0;
      CI q = a / b;
      CI m = a - q * b;
      if (op == OP_FMOD) return m;
      if (op == OP_REMAINDER) return (m != 0 && ((m < 0) != (b < 0))) ? m + b : m;
      return (m != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }
#endif
    default: return a;
  }
}

__kernel void binary(__global const TI* a, int aOff, __global const TI* b, int bOff, __global TO* out, int outOff,
                     __constant const int* meta, int n, int op, __global int* flag) {
  int i = get_global_id(0);
  if (i >= n) return;
  int off[3] = {outOff, aOff, bOff};
  strided_offsets(i, meta, 3, off);
  STO(out, off[0], binary_op(op, LDI(a, off[1]), LDI(b, off[2]), flag));
}

// Comparisons write bool: as unary_to_bool.
__kernel void binary_to_bool(__global const TI* a, int aOff, __global const TI* b, int bOff, __global uchar* out,
                             int outOff, __constant const int* meta, int n, int op, __global int* flag) {
  int i = get_global_id(0);
  if (i >= n) return;
  int off[3] = {outOff, aOff, bOff};
  strided_offsets(i, meta, 3, off);
  out[off[0]] = (uchar) (binary_op(op, LDI(a, off[1]), LDI(b, off[2]), flag) != 0);
}

__kernel void where_select(__global const uchar* cond, int cOff, __global const TI* a, int aOff,
                           __global const TI* b, int bOff, __global TO* out, int outOff,
                           __constant const int* meta, int n) {
  int i = get_global_id(0);
  if (i >= n) return;
  int off[4] = {outOff, cOff, aOff, bOff};
  strided_offsets(i, meta, 4, off);
  STO(out, off[0], cond[off[1]] ? LDI(a, off[2]) : LDI(b, off[3]));
}
