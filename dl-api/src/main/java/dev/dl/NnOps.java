package dev.dl;

import dev.dl.spi.ConvGeometry;
import dev.dl.spi.Op;
import dev.dl.spi.OpCall;
import java.util.Arrays;

/**
 * Convolution, pooling, embedding, one-hot and dropout. conv2d, its gradients and max pooling use a
 * backend's fused kernel when it offers one (one recorded node) and otherwise compose IM2COL/COL2IM,
 * MATMUL and reductions.
 */
final class NnOps {
  private NnOps() {}

  static Tensor im2col(Tensor x, ConvGeometry g) {
    checkGeometry("im2col", x, g);
    Tensor out = Dispatch.empty(new int[] {g.n(), g.colRows(), g.colCols()}, x.dtype, x.device());
    if (out.numel() > 0) x.backend.im2col(out.operand(), x.operand(), g);
    return Dispatch.record(new OpCall(Op.IM2COL, new Tensor[] {x}, out, Dispatch.NO_ARGS, g));
  }

  static Tensor col2im(Tensor cols, ConvGeometry g) {
    int[] want = {g.n(), g.colRows(), g.colCols()};
    if (!Arrays.equals(cols.shape, want)) {
      throw new IllegalArgumentException("col2im: expected columns of shape " + Arrays.toString(want) + " for " + g
          + ", got " + cols.shapeString());
    }
    Tensor out = Dispatch.empty(new int[] {g.n(), g.c(), g.h(), g.w()}, cols.dtype, cols.device());
    if (out.numel() > 0) cols.backend.col2im(out.operand(), cols.operand(), g);
    return Dispatch.record(new OpCall(Op.COL2IM, new Tensor[] {cols}, out, Dispatch.NO_ARGS, g));
  }

  private static void checkGeometry(String op, Tensor x, ConvGeometry g) {
    int[] want = {g.n(), g.c(), g.h(), g.w()};
    if (!Arrays.equals(x.shape, want)) {
      throw new IllegalArgumentException(op + ": expected input of shape " + Arrays.toString(want) + ", got "
          + x.shapeString());
    }
    if (g.outH() <= 0 || g.outW() <= 0) {
      throw new IllegalArgumentException(op + ": calculated output size (" + g.outH() + "x" + g.outW() + ") is too "
          + "small for input " + x.shapeString() + " with kernel " + g.kh() + "x" + g.kw() + ", padding " + g.padH() + "x"
          + g.padW() + ", dilation " + g.dilationH() + "x" + g.dilationW());
    }
  }

  private static int[] pair(String op, String what, int[] v, int dflt) {
    if (v == null) return new int[] {dflt, dflt};
    if (v.length == 1) return new int[] {v[0], v[0]};
    if (v.length != 2) throw new IllegalArgumentException(op + ": " + what + " must have 1 or 2 values, got " + Arrays.toString(v));
    return v;
  }

  static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
    int[] dil = pair("conv2d", "dilation", dilation, 1);
    if ("valid".equals(padding)) return conv2d(input, weight, bias, stride, new int[] {0, 0}, dilation, groups);
    if (!"same".equals(padding)) {
      throw new IllegalArgumentException("conv2d: invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
    }
    int[] st = pair("conv2d", "stride", stride, 1);
    if (st[0] != 1 || st[1] != 1) {
      throw new IllegalArgumentException("conv2d: padding='same' is not supported for strided convolutions (stride "
          + Arrays.toString(st) + ")");
    }
    if (weight.dim() != 4) throw new IllegalArgumentException("conv2d: expected a 4-D weight, got " + weight.shapeString());
    int totalH = dil[0] * (weight.shape[2] - 1), totalW = dil[1] * (weight.shape[3] - 1);
    int top = totalH / 2, left = totalW / 2;
    if (totalH % 2 == 0 && totalW % 2 == 0) return conv2d(input, weight, bias, st, new int[] {top, left}, dil, groups);
    // Even kernels need one more row/column after than before, as PyTorch does.
    Tensor padded = input.pad(new int[] {left, totalW - left, top, totalH - top}, 0);
    return conv2d(padded, weight, bias, st, new int[] {0, 0}, dil, groups);
  }

  static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    if (input.dim() == 3) return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
    if (input.dim() != 4) {
      throw new IllegalArgumentException("conv2d: expected 3D (unbatched) or 4D (batched) input, but got input of size "
          + input.shapeString());
    }
    if (weight.dim() != 4) {
      throw new IllegalArgumentException("conv2d: expected a 4-D weight [out, in/groups, kH, kW], got " + weight.shapeString());
    }
    if (groups <= 0) throw new IllegalArgumentException("conv2d: non-positive groups is not supported, got " + groups);
    int n = input.shape[0], c = input.shape[1], o = weight.shape[0];
    if (c != weight.shape[1] * groups) {
      throw new IllegalArgumentException("conv2d: given groups=" + groups + ", weight of size " + weight.shapeString()
          + ", expected input" + input.shapeString() + " to have " + weight.shape[1] * groups + " channels, but got " + c
          + " channels instead");
    }
    if (o % groups != 0) {
      throw new IllegalArgumentException("conv2d: out_channels (" + o + ") must be divisible by groups (" + groups + ")");
    }
    if (bias != null && (bias.dim() != 1 || bias.shape[0] != o)) {
      throw new IllegalArgumentException("conv2d: expected bias of shape [" + o + "], got " + bias.shapeString());
    }
    Dispatch.sameDevice("conv2d", input, weight);
    if (input.dtype != weight.dtype) {
      throw new IllegalArgumentException("conv2d: input type (" + input.dtype + ") and weight type (" + weight.dtype
          + ") should be the same");
    }
    int[] st = pair("conv2d", "stride", stride, 1), pd = pair("conv2d", "padding", padding, 0);
    int[] dl = pair("conv2d", "dilation", dilation, 1);
    ConvGeometry g = new ConvGeometry(n, c, input.shape[2], input.shape[3], weight.shape[2], weight.shape[3],
        st[0], st[1], pd[0], pd[1], dl[0], dl[1]);
    checkGeometry("conv2d", input, g);
    Tensor fused = fusedConv2d(input, weight, bias, g, groups);
    if (fused != null) return fused;
    Tensor cols = im2col(input, g);
    Tensor out;
    if (groups == 1) {
      out = weight.reshape(o, -1).matmul(cols);
    } else {
      Tensor colsG = cols.view(n, groups, g.colRows() / groups, g.colCols());
      out = weight.reshape(groups, o / groups, -1).matmul(colsG);
    }
    out = out.reshape(n, o, g.outH(), g.outW());
    return bias == null ? out : out.add(bias.view(1, o, 1, 1));
  }

  /**
   * One CONV2D node through the backend's fused kernel, or null when the backend (or a mixed
   * dtype/device bias, or an empty tensor) leaves it to the composite.
   */
  private static Tensor fusedConv2d(Tensor input, Tensor weight, Tensor bias, ConvGeometry g, int groups) {
    int o = weight.shape[0];
    if (!input.dtype.isFloatingPoint() || input.numel() == 0 || weight.numel() == 0) return null;
    if (bias != null && (bias.dtype != input.dtype || !bias.device().equals(input.device()))) return null;
    Tensor x = input.contiguous(), w = weight.contiguous(), b = bias == null ? null : bias.contiguous();
    Tensor out = Dispatch.empty(x.backend, new int[] {g.n(), o, g.outH(), g.outW()}, x.dtype);
    if (!x.backend.conv2d(out.operand(), x.operand(), w.operand(), b == null ? null : b.operand(), g, groups)) return null;
    Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
    return Dispatch.record(new OpCall(Op.CONV2D, inputs, out, new int[] {groups}, g));
  }

  /** Checks a convolution gradient's operands: the output gradient and the other factor. */
  private static void checkConvGrad(String op, Tensor gradOutput, Tensor other, String otherName, int[] otherShape,
      ConvGeometry g, int groups) {
    if (groups <= 0 || g.c() % groups != 0) {
      throw new IllegalArgumentException(op + ": groups must be positive and divide the " + g.c()
          + " input channels, got " + groups);
    }
    if (g.outH() <= 0 || g.outW() <= 0) {
      throw new IllegalArgumentException(op + ": geometry " + g + " has an empty output (" + g.outH() + "x" + g.outW() + ")");
    }
    if (gradOutput.dim() != 4 || gradOutput.shape[0] != g.n() || gradOutput.shape[2] != g.outH()
        || gradOutput.shape[3] != g.outW() || gradOutput.shape[1] % groups != 0) {
      throw new IllegalArgumentException(op + ": expected an output gradient of shape [" + g.n() + ", outC, " + g.outH()
          + ", " + g.outW() + "] with outC divisible by groups=" + groups + " for " + g + ", got " + gradOutput.shapeString());
    }
    if (!Arrays.equals(other.shape, otherShape)) {
      throw new IllegalArgumentException(op + ": expected " + otherName + " of shape " + Arrays.toString(otherShape)
          + " for " + g + " and groups=" + groups + ", got " + other.shapeString());
    }
    Dispatch.sameDevice(op, gradOutput, other);
    if (gradOutput.dtype != other.dtype || !gradOutput.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": expected the output gradient and the " + otherName + " to share a "
          + "floating point dtype, got " + gradOutput.dtype + " and " + other.dtype);
    }
  }

  /** Gradient of conv2d with respect to its input [n, c, h, w], from the output gradient and the weight. */
  static Tensor conv2dInputGrad(Tensor gradOutput, Tensor weight, ConvGeometry g, int groups) {
    int o = gradOutput.dim() == 4 ? gradOutput.shape[1] : -1;
    checkConvGrad("conv2dInputGrad", gradOutput, weight, "weight", new int[] {o, g.c() / Math.max(groups, 1), g.kh(), g.kw()},
        g, groups);
    int n = g.n(), l = g.colCols();
    if (!Dispatch.needsGrad(gradOutput, weight) && gradOutput.numel() > 0 && weight.numel() > 0 && g.c() > 0) {
      Tensor go = gradOutput.contiguous(), w = weight.contiguous();
      Tensor out = Dispatch.empty(go.backend, new int[] {n, g.c(), g.h(), g.w()}, go.dtype);
      if (go.backend.conv2dBackwardInput(out.operand(), go.operand(), w.operand(), g, groups)) return out;
    }
    // Columns = weight^T @ gradOutput per group, folded back by col2im; recorded, so differentiable.
    Tensor cols;
    if (groups == 1) {
      cols = weight.reshape(o, -1).t().matmul(gradOutput.reshape(n, o, l));
    } else {
      Tensor wt = weight.reshape(groups, o / groups, -1).transpose(1, 2);
      cols = wt.matmul(gradOutput.reshape(n, groups, o / groups, l)).reshape(n, g.colRows(), l);
    }
    return col2im(cols, g);
  }

  /** Gradient of conv2d with respect to its weight [outC, c/groups, kh, kw], from the output gradient and the input. */
  static Tensor conv2dWeightGrad(Tensor gradOutput, Tensor input, ConvGeometry g, int groups) {
    checkConvGrad("conv2dWeightGrad", gradOutput, input, "input", new int[] {g.n(), g.c(), g.h(), g.w()}, g, groups);
    int n = g.n(), o = gradOutput.shape[1], l = g.colCols();
    int[] shape = {o, g.c() / groups, g.kh(), g.kw()};
    if (!Dispatch.needsGrad(gradOutput, input) && gradOutput.numel() > 0 && input.numel() > 0) {
      Tensor go = gradOutput.contiguous(), x = input.contiguous();
      Tensor out = Dispatch.empty(go.backend, shape, go.dtype);
      if (go.backend.conv2dBackwardWeight(out.operand(), go.operand(), x.operand(), g, groups)) return out;
    }
    // gradOutput @ columns^T per group, summed over the batch; recorded, so differentiable.
    Tensor cols = im2col(input, g);
    Tensor perImage;
    if (groups == 1) {
      perImage = gradOutput.reshape(n, o, l).matmul(cols.transpose(1, 2));
    } else {
      Tensor colsG = cols.view(n, groups, g.colRows() / groups, l).transpose(2, 3);
      perImage = gradOutput.reshape(n, groups, o / groups, l).matmul(colsG);
    }
    return perImage.sum(new int[] {0}, false).reshape(shape);
  }

  static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    if (input.dim() == 2) return conv1d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
    if (input.dim() != 3 || weight.dim() != 3) {
      throw new IllegalArgumentException("conv1d: expected input [N, C, L] (or [C, L]) and weight [out, in/groups, k], got "
          + input.shapeString() + " and " + weight.shapeString());
    }
    Tensor out = conv2d(input.unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
        new int[] {1, dilation}, groups);
    return out.squeeze(2);
  }

  static Tensor.ValuesIndices maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    if (input.dim() == 3) {
      Tensor.ValuesIndices r = maxPool2d(input.unsqueeze(0), kernel, stride, padding, dilation);
      return new Tensor.ValuesIndices(r.values().squeeze(0), r.indices().squeeze(0));
    }
    checkPoolInput("maxPool2d", input);
    int[] k = pair("maxPool2d", "kernel", kernel, 1);
    int[] st = stride == null ? k : pair("maxPool2d", "stride", stride, 1);
    int[] pd = pair("maxPool2d", "padding", padding, 0);
    int[] dl = pair("maxPool2d", "dilation", dilation, 1);
    for (int i = 0; i < 2; i++) {
      if (pd[i] > (dl[i] * (k[i] - 1) + 1) / 2) {
        throw new IllegalArgumentException("maxPool2d: pad should be at most half of effective kernel size, but got pad="
            + Arrays.toString(pd) + ", kernel_size=" + Arrays.toString(k) + " and dilation=" + Arrays.toString(dl));
      }
    }
    int n = input.shape[0], c = input.shape[1], h = input.shape[2], w = input.shape[3];
    Tensor.ValuesIndices fused = fusedMaxPool2d(input, k, st, pd, dl);
    if (fused != null) return fused;
    double fill = input.dtype.isFloatingPoint() ? Double.NEGATIVE_INFINITY : switch (input.dtype) {
      case UINT8, BOOL -> 0;
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
    Tensor padded = pd[0] == 0 && pd[1] == 0 ? input : input.pad(new int[] {pd[1], pd[1], pd[0], pd[0]}, fill);
    ConvGeometry g = new ConvGeometry(n, c, h + 2 * pd[0], w + 2 * pd[1], k[0], k[1], st[0], st[1], 0, 0, dl[0], dl[1]);
    int oh = g.outH(), ow = g.outW();
    Tensor windows = im2col(padded, g).view(n, c, k[0] * k[1], oh * ow);
    Tensor arg = windows.argmax(2, true);
    Tensor values = windows.gather(2, arg).view(n, c, oh, ow);
    Tensor indices;
    try (var scope = GradMode.noGrad()) {
      // Window slot -> input row/column: row = oh_i*stride - pad + kh_i*dilation, likewise for columns.
      Tensor slot = arg.view(n, c, oh, ow);
      Tensor kr = slot.floorDivide((long) k[1]), kc = slot.remainder((long) k[1]);
      Tensor outRow = Tensor.arange(oh).to(input.device()).view(1, 1, oh, 1);
      Tensor outCol = Tensor.arange(ow).to(input.device()).view(1, 1, 1, ow);
      Tensor row = outRow.mul((long) st[0]).sub((long) pd[0]).add(kr.mul((long) dl[0]));
      Tensor col = outCol.mul((long) st[1]).sub((long) pd[1]).add(kc.mul((long) dl[1]));
      indices = row.mul((long) w).add(col);
    }
    return new Tensor.ValuesIndices(values, indices);
  }

  /**
   * One MAX_POOL2D node (inputs x and the indices) through the backend's kernel, or null when the
   * backend leaves it to the composite. The geometry is the unpadded input's with the real padding.
   */
  private static Tensor.ValuesIndices fusedMaxPool2d(Tensor input, int[] k, int[] st, int[] pd, int[] dl) {
    if (input.numel() == 0) return null;
    ConvGeometry g = new ConvGeometry(input.shape[0], input.shape[1], input.shape[2], input.shape[3], k[0], k[1],
        st[0], st[1], pd[0], pd[1], dl[0], dl[1]);
    checkGeometry("maxPool2d", input, g);
    Tensor x = input.contiguous();
    int[] shape = {g.n(), g.c(), g.outH(), g.outW()};
    Tensor values = Dispatch.empty(x.backend, shape, x.dtype);
    Tensor indices = Dispatch.empty(x.backend, shape, DType.INT64);
    if (!x.backend.maxPool2d(values.operand(), indices.operand(), x.operand(), g)) return null;
    Dispatch.record(new OpCall(Op.MAX_POOL2D, new Tensor[] {x, indices}, values, Dispatch.NO_ARGS, g));
    return new Tensor.ValuesIndices(values, indices);
  }

  private static void checkPoolInput(String op, Tensor input) {
    if (input.dim() != 4) {
      throw new IllegalArgumentException(op + ": expected 3D or 4D input (batch, channels, height, width), got "
          + input.shapeString());
    }
  }

  static Tensor avgPool2d(Tensor input, int[] kernel, int[] stride, int[] padding) {
    if (input.dim() == 3) return avgPool2d(input.unsqueeze(0), kernel, stride, padding).squeeze(0);
    checkPoolInput("avgPool2d", input);
    if (!input.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("avgPool2d: expected a floating point input, got " + input.dtype);
    }
    int[] k = pair("avgPool2d", "kernel", kernel, 1);
    int[] st = stride == null ? k : pair("avgPool2d", "stride", stride, 1);
    int[] pd = pair("avgPool2d", "padding", padding, 0);
    for (int i = 0; i < 2; i++) {
      if (pd[i] > k[i] / 2) {
        throw new IllegalArgumentException("avgPool2d: pad should be at most half of kernel size, but got pad="
            + Arrays.toString(pd) + " and kernel_size=" + Arrays.toString(k));
      }
    }
    int n = input.shape[0], c = input.shape[1];
    ConvGeometry g = new ConvGeometry(n, c, input.shape[2], input.shape[3], k[0], k[1], st[0], st[1], pd[0], pd[1], 1, 1);
    return im2col(input, g).view(n, c, k[0] * k[1], g.colCols()).mean(2).view(n, c, g.outH(), g.outW());
  }

  static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
    if (input.dim() == 3) return adaptiveAvgPool2d(input.unsqueeze(0), outH, outW).squeeze(0);
    checkPoolInput("adaptiveAvgPool2d", input);
    if (outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("adaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
    }
    if (!input.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("adaptiveAvgPool2d: expected a floating point input, got " + input.dtype);
    }
    // Each output cell averages a window [floor(i*H/out), ceil((i+1)*H/out)); as matrices: P_h x P_w^T.
    Tensor ph = poolMatrix(outH, input.shape[2], input.dtype, input.device());
    Tensor pw = poolMatrix(outW, input.shape[3], input.dtype, input.device());
    return ph.matmul(input).matmul(pw.t());
  }

  private static Tensor poolMatrix(int out, int in, DType dtype, Device device) {
    double[] m = new double[out * in];
    for (int i = 0; i < out; i++) {
      int start = (int) Math.floor((double) i * in / out);
      int end = (int) Math.ceil((double) (i + 1) * in / out);
      for (int j = start; j < end; j++) m[i * in + j] = 1.0 / (end - start);
    }
    return HostArrays.fromHost(m, DType.FLOAT64, new int[] {out, in}, device).to(dtype);
  }

  static Tensor embedding(Tensor indices, Tensor weight) {
    if (weight.dim() != 2) {
      throw new IllegalArgumentException("embedding: expected a 2-D weight [num_embeddings, dim], got " + weight.shapeString());
    }
    if (indices.dtype.isFloatingPoint() || indices.dtype == DType.BOOL) {
      throw new IllegalArgumentException("embedding: expected indices of an integer dtype (int64 or int32), got "
          + indices.dtype + " (shape " + indices.shapeString() + ")");
    }
    int[] shape = Arrays.copyOf(indices.shape, indices.dim() + 1);
    shape[indices.dim()] = weight.shape[1];
    return weight.indexSelect(0, indices.reshape(-1)).view(shape);
  }

  static Tensor oneHot(Tensor t, int numClasses) {
    if (t.dtype != DType.INT64) {
      throw new IllegalArgumentException("oneHot is only applicable to index tensors of dtype int64, got " + t.dtype);
    }
    if (t.numel() > 0) {
      long min = t.min().itemLong(), max = t.max().itemLong();
      if (min < 0) throw new IllegalArgumentException("oneHot: class values must be non-negative, got " + min);
      if (numClasses == -1) numClasses = (int) max + 1;
      else if (max >= numClasses) {
        throw new IllegalArgumentException("oneHot: class values must be smaller than num_classes (" + numClasses
            + "), got " + max);
      }
    } else if (numClasses == -1) {
      throw new IllegalArgumentException("oneHot: cannot infer the total number of classes from an empty tensor");
    }
    return t.unsqueeze(-1).eq(Tensor.arange(numClasses).to(t.device())).to(DType.INT64);
  }

  static Tensor dropoutMask(Shape shape, double p, Device device, Generator generator) {
    return Tensor.rand(shape, DType.FLOAT32, device, generator).ge(p);
  }

  static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
    if (p < 0 || p > 1 || Double.isNaN(p)) {
      throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
    }
    if (!training || p == 0) return x;
    if (p == 1) return x.mul(0);
    Tensor keep = dropoutMask(x.shape(), p, x.device(), generator == null ? Generator.defaultGenerator() : generator);
    return x.mul(keep).div(1 - p);
  }
}
