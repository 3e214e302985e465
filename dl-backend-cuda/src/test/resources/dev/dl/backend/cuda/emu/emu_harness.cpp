// KernelEmulationTest's program: runs the reduction, scan, softmax, GEMM, im2col/col2im,
// gather/scatter and broadcast kernels on the host (cuda_shim.h) on small strided inputs and
// compares each with a naive loop. Prints "<case> OK" or "<case> FAIL <detail>" per case.
#include "cuda_shim.h"
#include "elementwise.cu"
#include "reduce.cu"
#include "gemm.cu"
#include "conv.cu"
#include "index.cu"
#include <cstdio>
#include <random>
#include <string>

static std::mt19937_64 rng(20261124);
static double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }
static long long integer(long long lo, long long hi) { return std::uniform_int_distribution<long long>(lo, hi)(rng); }

static Dims dims(std::vector<int> shape) {
  Dims d{};
  d.ndim = (int) shape.size();
  for (size_t i = 0; i < shape.size(); i++) d.size[i] = shape[i];
  return d;
}
static Strides strides(int offset, std::vector<int> s) {
  Strides r{};
  r.offset = offset;
  for (size_t i = 0; i < s.size(); i++) r.s[i] = s[i];
  return r;
}
static Dim3 d3(unsigned x, unsigned y = 1, unsigned z = 1) { return Dim3{x, y, z}; }

static void report(const std::string& name, bool ok, const std::string& detail) {
  std::printf("%s %s%s%s\n", name.c_str(), ok ? "OK" : "FAIL", ok ? "" : " ", ok ? "" : detail.c_str());
}
static bool close(double a, double e, double tol) {
  if (std::isnan(e)) return std::isnan(a);
  return a == e || std::fabs(a - e) <= tol * std::max(1.0, std::fabs(e));
}

// SUM over dims {0, 2} of a [4,5,6] view that is the transpose of a contiguous [6,5,4] buffer.
static void reduceSumTransposed() {
  std::vector<float> x(120), out(5, -1);
  for (auto& v : x) v = (float) uniform(-1, 1);
  Dims kept = dims({5}), red = dims({4, 6});
  emulate(d3(2), d3(32), [&] {
    reduce_f32(OP_SUM, 5, kept, strides(0, {1}), out.data(), strides(0, {4}), red, strides(0, {1, 20}), 24, x.data());
  });
  bool ok = true;
  std::string detail;
  for (int j = 0; j < 5; j++) {
    double e = 0;
    for (int i = 0; i < 4; i++)
      for (int k = 0; k < 6; k++) e += x[i + 4 * j + 20 * k];
    if (!close(out[j], e, 1e-6)) { ok = false; detail += std::to_string(j) + ":" + std::to_string(out[j]) + "!=" + std::to_string(e) + " "; }
  }
  report("reduce_f32 SUM transposed [4,5,6] dims {0,2}", ok, detail);
}

// MAX over dim 1 of [3, 37] int32 (block 64, one element per thread or none), and MIN.
static void reduceMaxMinInt() {
  std::vector<int> x(111), mx(3), mn(3);
  for (auto& v : x) v = (int) integer(-1000000, 1000000);
  emulate(d3(2), d3(64), [&] {
    reduce_i32(OP_MAX, 3, dims({3}), strides(0, {1}), mx.data(), strides(0, {37}), dims({37}), strides(0, {1}), 37, x.data());
  });
  emulate(d3(3), d3(64), [&] {
    reduce_i32(OP_MIN, 3, dims({3}), strides(0, {1}), mn.data(), strides(0, {37}), dims({37}), strides(0, {1}), 37, x.data());
  });
  bool ok = true;
  for (int r = 0; r < 3; r++) {
    int a = x[37 * r], b = x[37 * r];
    for (int k = 0; k < 37; k++) { a = std::max(a, x[37 * r + k]); b = std::min(b, x[37 * r + k]); }
    ok &= mx[r] == a && mn[r] == b;
  }
  report("reduce_i32 MAX/MIN [3,37] dim 1", ok, "");
}

// PROD with NaN propagation in MAX, and the identity of an empty reduction.
static void reduceProdNanEmpty() {
  std::vector<double> x = {1.5, -2, 4, 0.5, 3, 7}, prod(2), mx(2);
  emulate(d3(1), d3(32), [&] {
    reduce_f64(OP_PROD, 2, dims({2}), strides(0, {1}), prod.data(), strides(0, {3}), dims({3}), strides(0, {1}), 3, x.data());
  });
  std::vector<double> y = {1, NAN, 3, 4, 5, 6};
  emulate(d3(1), d3(32), [&] {
    reduce_f64(OP_MAX, 2, dims({2}), strides(0, {1}), mx.data(), strides(0, {3}), dims({3}), strides(0, {1}), 3, y.data());
  });
  std::vector<__half> h(1), empty(1);
  h[0] = __float2half(9.0f);
  emulate(d3(1), d3(32), [&] {
    reduce_f16(OP_SUM, 1, dims({}), strides(0, {}), h.data(), strides(0, {}), dims({0}), strides(0, {1}), 0, empty.data());
  });
  std::vector<float> p(1, 5.0f), e2(1);
  emulate(d3(1), d3(32), [&] {
    reduce_f32(OP_PROD, 1, dims({}), strides(0, {}), p.data(), strides(0, {}), dims({0}), strides(0, {1}), 0, e2.data());
  });
  bool ok = prod[0] == -12 && prod[1] == 10.5 && std::isnan(mx[0]) && mx[1] == 6 && __half2float(h[0]) == 0.0f && p[0] == 1.0f;
  report("reduce_f64 PROD, MAX with NaN; empty SUM/PROD identities", ok, "");
}

// ARGMAX/ARGMIN along dim 1 of [4, 300]: ties take the first index, NaN wins.
static void argReduce() {
  std::vector<float> x(1200);
  for (auto& v : x) v = (float) integer(0, 50);  // many ties
  x[300 + 123] = NAN;
  x[300 + 250] = NAN;
  std::vector<long long> amax(4), amin(4);
  emulate(d3(3), d3(256), [&] {
    argreduce_f32(OP_ARGMAX, 4, dims({4}), strides(0, {1}), amax.data(), strides(0, {300}), 300, 1, x.data());
  });
  emulate(d3(2), d3(256), [&] {
    argreduce_f32(OP_ARGMIN, 4, dims({4}), strides(0, {1}), amin.data(), strides(0, {300}), 300, 1, x.data());
  });
  bool ok = true;
  std::string detail;
  for (int r = 0; r < 4; r++) {
    long long bi = 0, si = 0;
    for (int k = 1; k < 300; k++) {
      float v = x[300 * r + k], b = x[300 * r + bi], s = x[300 * r + si];
      if (!std::isnan(b) && (std::isnan(v) || v > b)) bi = k;
      if (!std::isnan(s) && (std::isnan(v) || v < s)) si = k;
    }
    if (amax[r] != bi || amin[r] != si) {
      ok = false;
      detail += "row " + std::to_string(r) + ": " + std::to_string(amax[r]) + "/" + std::to_string(amin[r]) + " vs " + std::to_string(bi) + "/" + std::to_string(si) + " ";
    }
  }
  report("argreduce_f32 ARGMAX/ARGMIN [4,300] ties and NaN", ok, detail);
}

// CUMSUM along dim 0 of a [7,3] transposed view; CUMPROD in int8 wraps.
static void scans() {
  std::vector<double> x(21), out(21);
  for (auto& v : x) v = uniform(-2, 2);
  // view [7,3] with strides {1,7} over a [3,7] buffer; out contiguous [7,3].
  emulate(d3(1), d3(64), [&] {
    scan_f64(OP_CUMSUM, 3, dims({3}), strides(0, {1}), out.data(), strides(0, {7}), x.data(), 7, 3, 1);
  });
  bool ok = true;
  for (int c = 0; c < 3; c++) {
    double acc = 0;
    for (int r = 0; r < 7; r++) { acc += x[r + 7 * c]; ok &= close(out[3 * r + c], acc, 1e-12); }
  }
  std::vector<signed char> b = {3, 5, 7, 11}, bo(4);
  emulate(d3(1), d3(32), [&] { scan_i8(OP_CUMPROD, 1, dims({}), strides(0, {}), bo.data(), strides(0, {}), b.data(), 4, 1, 1); });
  ok &= bo[0] == 3 && bo[1] == 15 && bo[2] == (signed char) 105 && bo[3] == (signed char) (105 * 11);
  report("scan_f64 CUMSUM transposed, scan_i8 CUMPROD wraps", ok, "");
}

// SOFTMAX and LOG_SOFTMAX along dim 1 of [3, 50]; one row is all -inf except one value.
static void softmaxes() {
  std::vector<float> x(150), sm(150), lsm(150);
  for (auto& v : x) v = (float) uniform(-30, 30);
  for (int k = 0; k < 50; k++) x[100 + k] = -INFINITY;
  x[100 + 17] = 2.0f;
  emulate(d3(2), d3(64), [&] {
    softmax_f32(OP_SOFTMAX, 3, dims({3}), strides(0, {50}), sm.data(), strides(0, {50}), x.data(), 50, 1, 1);
  });
  emulate(d3(2), d3(64), [&] {
    softmax_f32(OP_LOG_SOFTMAX, 3, dims({3}), strides(0, {50}), lsm.data(), strides(0, {50}), x.data(), 50, 1, 1);
  });
  bool ok = true;
  std::string detail;
  for (int r = 0; r < 3; r++) {
    double m = -INFINITY, s = 0;
    for (int k = 0; k < 50; k++) m = std::max(m, (double) x[50 * r + k]);
    for (int k = 0; k < 50; k++) s += std::exp(x[50 * r + k] - m);
    for (int k = 0; k < 50; k++) {
      double l = x[50 * r + k] - m - std::log(s);
      if (!close(sm[50 * r + k], std::exp(l), 1e-5) || !close(lsm[50 * r + k], l, 1e-5)) {
        ok = false;
        if (detail.size() < 300) detail += std::to_string(r) + "," + std::to_string(k) + ": " + std::to_string(sm[50 * r + k]) + "/"
            + std::to_string(lsm[50 * r + k]) + " vs " + std::to_string(std::exp(l)) + "/" + std::to_string(l) + " ";
      }
    }
  }
  report("softmax_f32 SOFTMAX/LOG_SOFTMAX [3,50] with a -inf row", ok, detail);
}

// Batched GEMM [2,70,33] x [2,33,65] with b stored transposed; int64 with a broadcast batch.
static void gemms() {
  int B = 2, M = 70, K = 33, N = 65;
  std::vector<float> a(B * M * K), b(B * K * N), out(B * M * N);
  for (auto& v : a) v = (float) uniform(-1, 1);
  for (auto& v : b) v = (float) uniform(-1, 1);
  // b[z][k][n] lives at z*K*N + n*K + k (each batch stored [N,K]).
  emulate(d3((N + 63) / 64, (M + 63) / 64, B), d3(16, 16), [&] {
    gemm_f32(B, M, N, K, a.data(), 0, M * K, K, 1, b.data(), 0, K * N, 1, K, out.data(), 0);
  });
  bool ok = true;
  for (int z = 0; z < B; z++)
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) {
        double e = 0;
        for (int k = 0; k < K; k++) e += (double) a[z * M * K + i * K + k] * b[z * K * N + j * K + k];
        ok &= close(out[z * M * N + i * N + j], e, 1e-5);
      }
  std::vector<long long> ia(3 * 5), ib(2 * 5 * 4), io(2 * 3 * 4);
  for (auto& v : ia) v = integer(-9, 9);
  for (auto& v : ib) v = integer(-9, 9);
  emulate(d3(1, 1, 1), d3(16, 16), [&] {  // gridDim.z 1 < batch 2: the batch loop grid-strides
    gemm_i64(2, 3, 4, 5, ia.data(), 0, 0, 5, 1, ib.data(), 0, 20, 4, 1, io.data(), 0);
  });
  for (int z = 0; z < 2; z++)
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 4; j++) {
        long long e = 0;
        for (int k = 0; k < 5; k++) e += ia[i * 5 + k] * ib[z * 20 + k * 4 + j];
        ok &= io[z * 12 + i * 4 + j] == e;
      }
  report("gemm_f32 [2,70,33]x[2,33,65] transposed b; gemm_i64 broadcast batch", ok, "");
}

// im2col and col2im with stride (2,1), padding (1,0), dilation (1,2) against direct loops.
static void conv() {
  Geometry g{2, 3, 7, 6, 3, 2, 2, 1, 1, 0, 1, 2, 0, 0};
  g.outH = (g.h + 2 * g.padH - g.dilationH * (g.kh - 1) - 1) / g.strideH + 1;
  g.outW = (g.w + 2 * g.padW - g.dilationW * (g.kw - 1) - 1) / g.strideW + 1;
  int rows = g.c * g.kh * g.kw, cols = g.outH * g.outW;
  std::vector<double> x(g.n * g.c * g.h * g.w), col((size_t) g.n * rows * cols), y((size_t) g.n * rows * cols), back(x.size());
  for (auto& v : x) v = uniform(-1, 1);
  for (auto& v : y) v = uniform(-1, 1);
  emulate(d3(3), d3(64), [&] { im2col_f64(g, x.data(), 0, g.c * g.h * g.w, g.h * g.w, g.w, 1, col.data()); });
  emulate(d3(3), d3(64), [&] { col2im_f64(g, y.data(), 0, rows * cols, cols, 1, back.data()); });
  bool ok = true;
  std::vector<double> expectBack(x.size(), 0.0);
  for (int n = 0; n < g.n; n++)
    for (int c = 0; c < g.c; c++)
      for (int ki = 0; ki < g.kh; ki++)
        for (int kj = 0; kj < g.kw; kj++)
          for (int oh = 0; oh < g.outH; oh++)
            for (int ow = 0; ow < g.outW; ow++) {
              int ih = oh * g.strideH - g.padH + ki * g.dilationH, iw = ow * g.strideW - g.padW + kj * g.dilationW;
              int row = (c * g.kh + ki) * g.kw + kj;
              size_t ci = ((size_t) n * rows + row) * cols + oh * g.outW + ow;
              bool inside = ih >= 0 && ih < g.h && iw >= 0 && iw < g.w;
              double e = inside ? x[((n * g.c + c) * g.h + ih) * g.w + iw] : 0.0;
              ok &= col[ci] == e;
              if (inside) expectBack[((n * g.c + c) * g.h + ih) * g.w + iw] += y[ci];
            }
  for (size_t i = 0; i < back.size(); i++) ok &= close(back[i], expectBack[i], 1e-12);
  report("im2col_f64/col2im_f64 stride (2,1) pad (1,0) dilation (1,2)", ok, "");
}

// gather along dim 1 with a negative index; scatter_add with duplicates for int8 (CAS path) and
// float16; plain scatter.
static void indexing() {
  std::vector<float> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};  // [3,4]
  std::vector<long long> idx = {3, 0, -1, 1, 1, 2};                // [3,2]
  std::vector<float> out(6);
  emulate(d3(1), d3(32), [&] {
    gather_f32(6, dims({3, 2}), strides(0, {2, 1}), out.data(), strides(0, {4, 1}), x.data(), 1, 4, strides(0, {2, 1}), idx.data());
  });
  bool ok = out == std::vector<float>{3, 0, 7, 5, 9, 10};
  std::vector<signed char> acc(8, 100), src = {20, 20, 20, 20, 1, 2};  // [2,4] += scatter of [2,3]
  std::vector<long long> sidx = {0, 0, 3, 1, 1, 1};
  emulate(d3(2), d3(32), [&] {
    scatter_i8(OP_SCATTER_ADD, 6, dims({2, 3}), strides(0, {4, 1}), acc.data(), 1, 4, strides(0, {3, 1}), sidx.data(), strides(0, {3, 1}), src.data());
  });
  ok &= acc == std::vector<signed char>{(signed char) 140, 100, 100, 120, 100, (signed char) 123, 100, 100};
  std::vector<__half> h(4, __float2half(1.0f)), hs = {__float2half(0.5f), __float2half(0.25f), __float2half(2.0f)};
  std::vector<long long> hidx = {2, 2, 0};
  emulate(d3(1), d3(32), [&] {
    scatter_f16(OP_SCATTER_ADD, 3, dims({3}), strides(0, {1}), h.data(), 0, 4, strides(0, {1}), hidx.data(), strides(0, {1}), hs.data());
  });
  ok &= __half2float(h[0]) == 3.0f && __half2float(h[1]) == 1.0f && __half2float(h[2]) == 1.75f && __half2float(h[3]) == 1.0f;
  std::vector<double> d(4, 0.0), ds = {5, 6};
  std::vector<long long> didx = {3, 1};
  emulate(d3(1), d3(32), [&] {
    scatter_f64(OP_SCATTER, 2, dims({2}), strides(0, {1}), d.data(), 0, 4, strides(0, {1}), didx.data(), strides(0, {1}), ds.data());
  });
  ok &= d == std::vector<double>{0, 6, 0, 5};
  report("gather_f32 negative index; scatter_add_i8 (CAS), scatter_add_f16, scatter_f64", ok, "");
}

// Broadcast binary, flipped copy with a cast, where with a broadcast condition.
static void elementwise() {
  std::vector<float> a(12), b(4), out(12);  // a [3,4], b [4] broadcast along dim 0
  for (auto& v : a) v = (float) uniform(-5, 5);
  for (auto& v : b) v = (float) uniform(1, 5);
  emulate(d3(1), d3(32), [&] {
    binary_f32(OP_REMAINDER, 12, dims({3, 4}), strides(0, {4, 1}), out.data(), strides(0, {4, 1}), a.data(), strides(0, {0, 1}), b.data());
  });
  bool ok = true;
  for (int i = 0; i < 12; i++) {
    double m = std::fmod((double) a[i], (double) b[i % 4]);
    if (m != 0 && ((m < 0) != (b[i % 4] < 0))) m += b[i % 4];
    ok &= close(out[i], m, 1e-6);
  }
  std::vector<long long> flipped(12);
  emulate(d3(2), d3(32), [&] { copy_f32_i64(12, dims({12}), strides(0, {1}), flipped.data(), strides(11, {-1}), a.data()); });
  for (int i = 0; i < 12; i++) ok &= flipped[i] == (long long) a[11 - i];
  std::vector<bool> cond = {true, false, true};  // [3,1] broadcast along dim 1
  std::vector<char> condBytes = {1, 0, 1};
  std::vector<float> w(12);
  emulate(d3(1), d3(32), [&] {
    where_f32(12, dims({3, 4}), strides(0, {4, 1}), w.data(), strides(0, {1, 0}), (const bool*) condBytes.data(),
              strides(0, {4, 1}), a.data(), strides(0, {0, 1}), b.data());
  });
  for (int i = 0; i < 12; i++) ok &= w[i] == (cond[i / 4] ? a[i] : b[i % 4]);
  report("binary_f32 REMAINDER broadcast, copy_f32_i64 flipped, where_f32 broadcast", ok, "");
}

// 16-bit and bool atomics through the CAS loop at every byte position of a word, and a bfloat16
// sum accumulated in float32.
static void narrowTypes() {
  std::vector<short> s16(5, 1000);
  std::vector<short> src = {1, 2, 3, 4, 5, -30000};
  std::vector<long long> idx = {1, 3, 1, 4, 0, 2};
  emulate(d3(2), d3(32), [&] {
    scatter_i16(OP_SCATTER_ADD, 6, dims({6}), strides(0, {1}), s16.data(), 0, 5, strides(0, {1}), idx.data(), strides(0, {1}), src.data());
  });
  bool ok = s16 == std::vector<short>{1005, 1004, (short) (1000 - 30000), 1002, 1004};
  std::vector<char> flagBytes = {0, 0, 1, 0, 0, 0, 0};
  std::vector<char> srcBytes = {1, 0, 1, 1, 0, 0};
  std::vector<long long> bidx = {0, 1, 2, 5, 6, 6};
  emulate(d3(1), d3(32), [&] {
    scatter_b8(OP_SCATTER_ADD, 6, dims({6}), strides(0, {1}), (bool*) flagBytes.data(), 0, 7, strides(0, {1}), bidx.data(),
               strides(0, {1}), (const bool*) srcBytes.data());
  });
  ok &= flagBytes == std::vector<char>{1, 0, 1, 0, 0, 1, 0};
  std::vector<__nv_bfloat16> bx(100), bo(1);
  double e = 0;
  for (int i = 0; i < 100; i++) { bx[i] = __float2bfloat16((float) (0.01 * i)); e += __bfloat162float(bx[i]); }
  emulate(d3(1), d3(128), [&] {
    reduce_bf16(OP_SUM, 1, dims({}), strides(0, {}), bo.data(), strides(0, {}), dims({100}), strides(0, {1}), 100, bx.data());
  });
  ok &= __bfloat162float(bo[0]) == __bfloat162float(__float2bfloat16((float) e));
  report("scatter_add_i16/b8 CAS at every byte position; reduce_bf16 SUM", ok, "");
}

int main() {
  reduceSumTransposed();
  reduceMaxMinInt();
  reduceProdNanEmpty();
  argReduce();
  scans();
  softmaxes();
  gemms();
  conv();
  indexing();
  elementwise();
  narrowTypes();
  return 0;
}
