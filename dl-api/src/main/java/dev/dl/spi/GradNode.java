package dev.dl.spi;

/**
 * A node of the autograd graph, as the tensor that an op produced sees it. dl-autograd supplies
 * the implementation; dl-api only shows its name (PyTorch's {@code grad_fn=<MulBackward0>}).
 */
public interface GradNode {
  /** PyTorch-style name, e.g. {@code MulBackward0}. */
  String name();
}
