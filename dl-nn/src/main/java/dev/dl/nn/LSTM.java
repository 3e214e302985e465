package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * Long short-term memory, as {@code torch.nn.LSTM} (gate order i, f, g, o; weights [4*H, *]):
 * {@code c' = f * c + i * g}, {@code h' = o * tanh(c')}.
 *
 * <pre>{@code
 * var lstm = new LSTM(10, 20, 2);   // weight_ih_l0 [80, 10], weight_hh_l0 [80, 20], ...
 * RNNBase.Output out = lstm.forward(Tensor.randn(5, 3, 10));
 * }</pre>
 */
public final class LSTM extends RNNBase {
  /** One-directional LSTM with bias, sequence-first. */
  public LSTM(int inputSize, int hiddenSize, int numLayers) {
    this(inputSize, hiddenSize, numLayers, true, false, 0, false, null);
  }

  /** Every option; {@code generator} (or null) draws inter-layer dropout. */
  public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
      boolean bidirectional, Generator generator) {
    super(Mode.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator);
  }

  /** Runs with initial states {@code h0} and {@code c0} (null for zeros). */
  public Output forward(Tensor input, Tensor h0, Tensor c0) { return forward(input, h0, c0, null); }
}
