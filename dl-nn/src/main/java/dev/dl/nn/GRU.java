package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * Gated recurrent unit, as {@code torch.nn.GRU} (gate order r, z, n; weights [3*H, *]):
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, {@code h' = (1 - z) * n + z * h}.
 *
 * <pre>{@code
 * var gru = new GRU(10, 20, 1);
 * Tensor hN = gru.forward(Tensor.randn(5, 3, 10)).hN();   // [1, 3, 20]
 * }</pre>
 */
public final class GRU extends RNNBase {
  /** One-directional GRU with bias, sequence-first. */
  public GRU(int inputSize, int hiddenSize, int numLayers) {
    this(inputSize, hiddenSize, numLayers, true, false, 0, false, null);
  }

  /** Every option; {@code generator} (or null) draws inter-layer dropout. */
  public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
      boolean bidirectional, Generator generator) {
    super(Mode.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator);
  }

  /** Runs with the initial hidden state {@code h0} (null for zeros). */
  public Output forward(Tensor input, Tensor h0) { return forward(input, h0, null, null); }
}
