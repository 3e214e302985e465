package dev.dl.spi;

/**
 * The geometry of an im2col/col2im over an image batch [n, c, h, w] with a kh x kw window.
 * Columns are laid out [n, c*kh*kw, outH*outW], channel-major then kernel row then kernel column,
 * which matches a PyTorch conv weight [outC, c, kh, kw] flattened to [outC, c*kh*kw].
 * Padding reads as zero.
 */
public record ConvGeometry(int n, int c, int h, int w, int kh, int kw,
                           int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {
  public ConvGeometry {
    if (n < 0 || c < 0 || h < 0 || w < 0 || kh <= 0 || kw <= 0 || strideH <= 0 || strideW <= 0
        || padH < 0 || padW < 0 || dilationH <= 0 || dilationW <= 0) {
      throw new IllegalArgumentException("invalid convolution geometry " + this);
    }
  }

  /** Output height: (h + 2*padH - dilationH*(kh-1) - 1) / strideH + 1. */
  public int outH() { return (h + 2 * padH - dilationH * (kh - 1) - 1) / strideH + 1; }

  /** Output width: (w + 2*padW - dilationW*(kw-1) - 1) / strideW + 1. */
  public int outW() { return (w + 2 * padW - dilationW * (kw - 1) - 1) / strideW + 1; }

  /** Rows of the column matrix per image: c*kh*kw. */
  public int colRows() { return c * kh * kw; }

  /** Columns of the column matrix per image: outH*outW. */
  public int colCols() { return outH() * outW(); }
}
