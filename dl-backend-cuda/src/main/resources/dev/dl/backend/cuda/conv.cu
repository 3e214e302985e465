// im2col / col2im for convolution as GEMM. Columns are [n, c*kh*kw, outH*outW] with rows ordered
// channel, kernel row, kernel column (matching a PyTorch weight [outC, c, kh, kw] flattened).
// col2im gathers instead of scattering: each image element sums the columns that read it, so the
// result is deterministic and needs no atomics.
#include "common.cuh"

// The geometry as an int struct, packed by Java in this order from ConvGeometry.
struct Geometry {
  int n, c, h, w, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW;
};

// x is [n, c, h, w] with strides xs[0..3] and offset xOff; out is contiguous.
template <typename T>
__device__ void im2col_impl(Geometry g, const T* x, int xOff, int xs0, int xs1, int xs2, int xs3, T* out) {
  const long long cols = (long long) g.outH * g.outW;
  const long long rows = (long long) g.c * g.kh * g.kw;
  const long long total = (long long) g.n * rows * cols;
  GRID_LOOP(i, total) {
    int col = (int) (i % cols);
    long long t = i / cols;
    int row = (int) (t % rows);
    int img = (int) (t / rows);
    int kj = row % g.kw, ki = (row / g.kw) % g.kh, ch = row / (g.kw * g.kh);
    int oh = col / g.outW, ow = col % g.outW;
    int ih = oh * g.strideH - g.padH + ki * g.dilationH;
    int iw = ow * g.strideW - g.padW + kj * g.dilationW;
    T v = store<T>(0LL);
    if (ih >= 0 && ih < g.h && iw >= 0 && iw < g.w) v = x[xOff + img * xs0 + ch * xs1 + ih * xs2 + iw * xs3];
    out[i] = v;
  }
}

// cols is [n, c*kh*kw, outH*outW] with strides cs[0..2] and offset cOff; out [n, c, h, w] contiguous.
template <typename T>
__device__ void col2im_impl(Geometry g, const T* cols, int cOff, int cs0, int cs1, int cs2, T* out) {
  typedef typename Compute<T>::type C;
  const long long total = (long long) g.n * g.c * g.h * g.w;
  GRID_LOOP(i, total) {
    int iw = (int) (i % g.w);
    int ih = (int) ((i / g.w) % g.h);
    int ch = (int) ((i / ((long long) g.w * g.h)) % g.c);
    int img = (int) (i / ((long long) g.w * g.h * g.c));
    C sum = (C) 0;
    for (int ki = 0; ki < g.kh; ki++) {
      int th = ih + g.padH - ki * g.dilationH;  // = oh * strideH when (ki, oh) reads this pixel
      if (th < 0 || th % g.strideH != 0) continue;
      int oh = th / g.strideH;
      if (oh >= g.outH) continue;
      for (int kj = 0; kj < g.kw; kj++) {
        int tw = iw + g.padW - kj * g.dilationW;
        if (tw < 0 || tw % g.strideW != 0) continue;
        int ow = tw / g.strideW;
        if (ow >= g.outW) continue;
        int row = (ch * g.kh + ki) * g.kw + kj;
        sum += load(cols[cOff + img * cs0 + row * cs1 + (oh * g.outW + ow) * cs2]);
      }
    }
    out[i] = store<T>(sum);
  }
}

#define CONV(sfx, T)                                                                                     \
  extern "C" __global__ void im2col_##sfx(Geometry g, const T* x, int xOff, int xs0, int xs1, int xs2,  \
                                          int xs3, T* out) {                                             \
    im2col_impl<T>(g, x, xOff, xs0, xs1, xs2, xs3, out);                                                 \
  }                                                                                                      \
  extern "C" __global__ void col2im_##sfx(Geometry g, const T* cols, int cOff, int cs0, int cs1,        \
                                          int cs2, T* out) {                                             \
    col2im_impl<T>(g, cols, cOff, cs0, cs1, cs2, out);                                                   \
  }
FOR_EACH_DTYPE(CONV)
