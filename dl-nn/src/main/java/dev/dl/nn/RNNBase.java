package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.Shape;
import dev.dl.Tensor;
import dev.dl.nn.init.Init;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared machinery of {@link RNN}, {@link LSTM} and {@link GRU}: stacked layers, optional
 * reverse direction, dropout between layers, initial states, and variable-length batches (by
 * lengths or {@link PackedSequence}). Parameter names and shapes are PyTorch's:
 * {@code weight_ih_l0 [gates*H, in]}, {@code weight_hh_l0 [gates*H, H]}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, with {@code _reverse} for the backward direction.
 *
 * <p>Shapes: input [T, N, in] ([N, T, in] with {@code batchFirst}, or unbatched [T, in]); states
 * [layers*directions, N, H]; output [T, N, directions*H]. Steps past a sequence's length leave
 * its state unchanged and output zeros, so final states are taken at each sequence's end.
 */
public abstract sealed class RNNBase extends Module permits RNN, LSTM, GRU {
  /** The result of a forward pass on padded input: output and final states ({@code cN} only for LSTM). */
  public record Output(Tensor output, Tensor hN, Tensor cN) {}

  /** The result of a forward pass on packed input. */
  public record PackedOutput(PackedSequence output, Tensor hN, Tensor cN) {}

  enum Mode { RNN_TANH, RNN_RELU, LSTM, GRU }

  private final Mode mode;
  private final int inputSize;
  private final int hiddenSize;
  private final int numLayers;
  private final boolean bias;
  private final boolean batchFirst;
  private final double dropout;
  private final boolean bidirectional;
  private final Generator generator;
  private final Parameter[][] weights; // [layer*dirs + dir] -> {w_ih, w_hh, b_ih, b_hh}

  RNNBase(Mode mode, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
      boolean bidirectional, Generator generator) {
    Layers.positive(getName(), "input_size, hidden_size and num_layers", inputSize, hiddenSize, numLayers);
    if (!(dropout >= 0 && dropout <= 1)) {
      throw new IllegalArgumentException(getName() + ": dropout should be a number in range [0, 1], got " + dropout);
    }
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    this.generator = generator;
    int gates = switch (mode) {
      case LSTM -> 4;
      case GRU -> 3;
      default -> 1;
    };
    int dirs = bidirectional ? 2 : 1;
    weights = new Parameter[numLayers * dirs][];
    for (int l = 0; l < numLayers; l++) {
      int in = l == 0 ? inputSize : hiddenSize * dirs;
      for (int d = 0; d < dirs; d++) {
        String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
        Parameter[] p = new Parameter[4];
        p[0] = registerParameter("weight_ih" + sfx, new Parameter(Tensor.empty(gates * hiddenSize, in)));
        p[1] = registerParameter("weight_hh" + sfx, new Parameter(Tensor.empty(gates * hiddenSize, hiddenSize)));
        if (bias) {
          p[2] = registerParameter("bias_ih" + sfx, new Parameter(Tensor.empty(gates * hiddenSize)));
          p[3] = registerParameter("bias_hh" + sfx, new Parameter(Tensor.empty(gates * hiddenSize)));
        }
        weights[l * dirs + d] = p;
      }
    }
    resetParameters(Generator.defaultGenerator());
  }

  /** PyTorch's default: every weight and bias U(-1/sqrt(H), 1/sqrt(H)), in registration order. */
  public void resetParameters(Generator g) {
    double bound = 1 / Math.sqrt(hiddenSize);
    for (Parameter p : parameters()) Init.uniform_(p.tensor(), -bound, bound, g);
  }

  private int dirs() { return bidirectional ? 2 : 1; }

  /** Runs on [T, N, in] (or batch-first / unbatched) with zero initial states. */
  public Output forward(Tensor input) { return forward(input, null, null, null); }

  /**
   * The general forward: {@code h0} (and {@code c0} for LSTM; null for the others) may be null
   * for zeros; {@code lengths} (original batch order; null when every sequence is full length)
   * masks steps past each sequence's end.
   */
  public Output forward(Tensor input, Tensor h0, Tensor c0, long[] lengths) {
    if (mode != Mode.LSTM && c0 != null) throw new IllegalArgumentException(getName() + " has no cell state; pass c0 = null");
    boolean batched = input.dim() == 3;
    if (!batched && input.dim() != 2) {
      throw new IllegalArgumentException(getName() + ": expected input to be 2-D or 3-D, got " + input.dim() + "-D (shape "
          + input.shape() + ")");
    }
    if (input.size(-1) != inputSize) {
      throw new IllegalArgumentException(getName() + ": input.size(-1) must be equal to input_size. Expected " + inputSize
          + ", got " + input.size(-1));
    }
    Tensor x = batched ? (batchFirst ? input.transpose(0, 1) : input) : input.unsqueeze(1);
    if (!batched && lengths != null) throw new IllegalArgumentException(getName() + ": lengths need a batched input");
    Tensor h = h0 == null ? null : (batched ? h0 : h0.unsqueeze(1));
    Tensor c = c0 == null ? null : (batched ? c0 : c0.unsqueeze(1));
    Output out = run(x, h, c, lengths);
    Tensor y = out.output();
    if (!batched) return new Output(y.squeeze(1), out.hN().squeeze(1), out.cN() == null ? null : out.cN().squeeze(1));
    return new Output(batchFirst ? y.transpose(0, 1) : y, out.hN(), out.cN());
  }

  /** Runs on a packed batch; states are in the original batch order, as PyTorch. */
  public PackedOutput forward(PackedSequence input, Tensor h0, Tensor c0) {
    if (mode != Mode.LSTM && c0 != null) throw new IllegalArgumentException(getName() + " has no cell state; pass c0 = null");
    PackedSequence.Padded padded = PackedSequence.padPackedSequence(input, false, 0, -1);
    Output out = run(padded.padded(), h0, c0, padded.lengths());
    PackedSequence packed = PackedSequence.packPaddedSequence(out.output(), padded.lengths(), false, false);
    return new PackedOutput(packed, out.hN(), out.cN());
  }

  private Output run(Tensor x, Tensor h0, Tensor c0, long[] lengths) {
    int steps = x.size(0);
    int n = x.size(1);
    int dirs = dirs();
    Shape stateShape = Shape.of(numLayers * dirs, n, hiddenSize);
    checkState(h0, stateShape, "h0");
    checkState(c0, stateShape, "c0");
    if (lengths != null && lengths.length != n) {
      throw new IllegalArgumentException(getName() + ": got " + lengths.length + " lengths for a batch of " + n);
    }
    Tensor[] masks = null;
    if (lengths != null) {
      Tensor len = Tensor.of(lengths, n).to(x.device());
      masks = new Tensor[steps];
      for (int t = 0; t < steps; t++) masks[t] = len.gt((long) t).unsqueeze(1);
    }
    Tensor layerInput = x;
    List<Tensor> hN = new ArrayList<>();
    List<Tensor> cN = new ArrayList<>();
    for (int l = 0; l < numLayers; l++) {
      List<Tensor> dirOutputs = new ArrayList<>();
      for (int d = 0; d < dirs; d++) {
        int idx = l * dirs + d;
        Tensor h = h0 == null ? Tensor.zeros(Shape.of(n, hiddenSize), x.dtype(), x.device()) : h0.select(0, idx);
        Tensor c = mode != Mode.LSTM ? null
            : c0 == null ? Tensor.zeros(Shape.of(n, hiddenSize), x.dtype(), x.device()) : c0.select(0, idx);
        Tensor[] outs = new Tensor[steps];
        Parameter[] p = weights[idx];
        Tensor wih = p[0].tensor();
        Tensor whh = p[1].tensor();
        Tensor bih = bias ? p[2].tensor() : null;
        Tensor bhh = bias ? p[3].tensor() : null;
        // The input projection of every step in one matrix product: [T, N, gates*H].
        Tensor xProj = Functional.linear(layerInput, wih, bih);
        for (int s = 0; s < steps; s++) {
          int t = d == 0 ? s : steps - 1 - s;
          Tensor gx = xProj.select(0, t);
          Tensor gh = Functional.linear(h, whh, bhh);
          Tensor hNew;
          Tensor cNew = null;
          switch (mode) {
            case RNN_TANH -> hNew = gx.add(gh).tanh();
            case RNN_RELU -> hNew = gx.add(gh).relu();
            case LSTM -> {
              List<Tensor> g = gx.add(gh).chunk(4, 1);
              Tensor i = g.get(0).sigmoid();
              Tensor f = g.get(1).sigmoid();
              Tensor gg = g.get(2).tanh();
              Tensor o = g.get(3).sigmoid();
              cNew = f.mul(c).add(i.mul(gg));
              hNew = o.mul(cNew.tanh());
            }
            case GRU -> {
              List<Tensor> a = gx.chunk(3, 1);
              List<Tensor> b = gh.chunk(3, 1);
              Tensor r = a.get(0).add(b.get(0)).sigmoid();
              Tensor z = a.get(1).add(b.get(1)).sigmoid();
              Tensor nn = a.get(2).add(r.mul(b.get(2))).tanh();
              hNew = z.rsub(1).mul(nn).add(z.mul(h));
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
          }
          if (masks != null) {
            hNew = Tensor.where(masks[t], hNew, h);
            if (cNew != null) cNew = Tensor.where(masks[t], cNew, c);
            outs[t] = Tensor.where(masks[t], hNew, Tensor.zerosLike(hNew));
          } else {
            outs[t] = hNew;
          }
          h = hNew;
          if (cNew != null) c = cNew;
        }
        hN.add(h);
        if (c != null) cN.add(c);
        dirOutputs.add(Tensor.stack(java.util.Arrays.asList(outs), 0));
      }
      layerInput = dirs == 1 ? dirOutputs.get(0) : Tensor.cat(dirOutputs, 2);
      if (dropout > 0 && l < numLayers - 1 && isTraining()) {
        layerInput = Functional.dropout(layerInput, dropout, true, generator == null ? Generator.defaultGenerator() : generator);
      }
    }
    return new Output(layerInput, Tensor.stack(hN, 0), mode == Mode.LSTM ? Tensor.stack(cN, 0) : null);
  }

  private void checkState(Tensor s, Shape expected, String name) {
    if (s != null && !s.shape().equals(expected)) {
      throw new IllegalArgumentException(getName() + ": expected " + name + " of size " + expected + ", got " + s.shape());
    }
  }

  @Override
  public String extraRepr() {
    StringBuilder sb = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
    if (numLayers != 1) sb.append(", num_layers=").append(numLayers);
    if (mode == Mode.RNN_RELU) sb.append(", nonlinearity='relu'");
    if (!bias) sb.append(", bias=False");
    if (batchFirst) sb.append(", batch_first=True");
    if (dropout != 0) sb.append(", dropout=").append(pyFloat(dropout));
    if (bidirectional) sb.append(", bidirectional=True");
    return sb.toString();
  }
}
