package dev.dl.spi;

import dev.dl.Tensor;

/**
 * One differentiable op as the dispatcher hands it to the {@link GradRecorder}: the op, its
 * tensor inputs (scalars already turned into tensors), the output, and its attributes.
 *
 * @param op       the op from the vocabulary
 * @param inputs   tensor inputs in the op's order (WHERE: cond, a, b; GATHER: x, index; SCATTER*: self, index, src)
 * @param output   the result tensor
 * @param args     integer attributes: reduced dims for reductions, the dim for scans, GATHER, SCATTER*,
 *                 SOFTMAX; the permutation for PERMUTE; {dim, start, length, step} for SLICE; {groups} for
 *                 CONV2D; empty otherwise
 * @param geometry the convolution geometry for IM2COL/COL2IM/CONV2D/MAX_POOL2D (of the unpadded input,
 *                 with the padding), otherwise null
 */
public record OpCall(Op op, Tensor[] inputs, Tensor output, int[] args, ConvGeometry geometry) {
  /** A call with no convolution geometry. */
  public OpCall(Op op, Tensor[] inputs, Tensor output, int... args) {
    this(op, inputs, output, args, null);
  }
}
