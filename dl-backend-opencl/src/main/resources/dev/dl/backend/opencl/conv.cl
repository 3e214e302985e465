// IM2COL and COL2IM. geo = [n, c, h, w, kh, kw, strideH, strideW, padH, padW, dilH, dilW, outH, outW,
// then the 4 strides of the image and the 3 strides of the column tensor].

__kernel void im2col(__global const TI* x, int xOff, __global TO* out, int outOff, __constant const int* geo, int total) {
  int i = get_global_id(0);
  if (i >= total) return;
  int kh = geo[4], kw = geo[5], oh = geo[12], ow = geo[13];
  int cols = oh * ow;
  int rows = geo[1] * kh * kw;
  int col = i % cols;
  int row = (i / cols) % rows;
  int ni = i / (cols * rows);
  int kj = row % kw, ki = (row / kw) % kh, ci = row / (kw * kh);
  int ox = col % ow, oy = col / ow;
  int iy = oy * geo[6] - geo[8] + ki * geo[10];
  int ix = ox * geo[7] - geo[9] + kj * geo[11];
  CI v = 0;
  if (iy >= 0 && iy < geo[2] && ix >= 0 && ix < geo[3]) {
    v = LDI(x, xOff + ni * geo[14] + ci * geo[15] + iy * geo[16] + ix * geo[17]);
  }
  STO(out, outOff + i, v);  // i is already ((ni * rows + row) * cols + col)
}

// One work-item per image element gathers every column entry that reads it: deterministic, no atomics.
__kernel void col2im(__global const TI* cols, int cOff, __global TO* out, int outOff, __constant const int* geo, int total) {
  int i = get_global_id(0);
  if (i >= total) return;
  int c = geo[1], h = geo[2], w = geo[3], kh = geo[4], kw = geo[5];
  int sh = geo[6], sw = geo[7], ph = geo[8], pw = geo[9], dh = geo[10], dw = geo[11], oh = geo[12], ow = geo[13];
  int xx = i % w, y = (i / w) % h, ci = (i / (w * h)) % c, ni = i / (w * h * c);
  CI sum = 0;
  for (int ki = 0; ki < kh; ki++) {
    int ty = y + ph - ki * dh;
    if (ty < 0 || ty % sh != 0) continue;
    int oy = ty / sh;
    if (oy >= oh) continue;
    for (int kj = 0; kj < kw; kj++) {
      int tx = xx + pw - kj * dw;
      if (tx < 0 || tx % sw != 0) continue;
      int ox = tx / sw;
      if (ox >= ow) continue;
      int row = (ci * kh + ki) * kw + kj;
      sum += LDI(cols, cOff + ni * geo[18] + row * geo[19] + (oy * ow + ox) * geo[20]);
    }
  }
  STO(out, outOff + i, sum);
}
