package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Tensor;

/**
 * Elman RNN, as {@code torch.nn.RNN}: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)} (or relu).
 *
 * <pre>{@code
 * var rnn = new RNN(10, 20, 2);
 * RNNBase.Output out = rnn.forward(Tensor.randn(5, 3, 10));   // output [5, 3, 20], hN [2, 3, 20]
 * }</pre>
 */
public final class RNN extends RNNBase {
  /** One-directional tanh RNN with bias, sequence-first. */
  public RNN(int inputSize, int hiddenSize, int numLayers) {
    this(inputSize, hiddenSize, numLayers, "tanh", true, false, 0, false, null);
  }

  /** Every option; {@code nonlinearity} is "tanh" or "relu"; {@code generator} (or null) draws inter-layer dropout. */
  public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst, double dropout,
      boolean bidirectional, Generator generator) {
    super(switch (nonlinearity) {
      case "tanh" -> Mode.RNN_TANH;
      case "relu" -> Mode.RNN_RELU;
      default -> throw new IllegalArgumentException("Unknown nonlinearity '" + nonlinearity + "'. Select from 'tanh' or 'relu'.");
    }, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator);
  }

  /** Runs with the initial hidden state {@code h0} (null for zeros). */
  public Output forward(Tensor input, Tensor h0) { return forward(input, h0, null, null); }
}
