package dev.dl.nn;

import static dev.dl.nn.TestUtil.randn64;

import dev.dl.DType;
import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.autograd.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer and loss, in float64, against central finite differences: layers with respect to
 * their input and all parameters, losses through dl-autograd's {@link GradCheck}.
 */
class GradCheckTest {
  private record LayerCase(Supplier<UnaryModule> layer, int[] inputShape) {}

  private static Arguments layer(String name, Supplier<UnaryModule> m, int... shape) {
    return Arguments.of(Named.of(name, new LayerCase(m, shape)));
  }

  static Stream<Arguments> layers() {
    return Stream.of(
        layer("Linear", () -> new Linear(3, 2), 2, 3),
        layer("Conv1d", () -> new Conv1d(2, 2, 2, 2, 1, 1, 1, true), 1, 2, 5),
        layer("Conv2d groups dilation", () -> new Conv2d(2, 2, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, new int[] {2, 1}, 2, true), 1, 2, 3, 3),
        layer("Conv2d same", () -> new Conv2d(1, 2, new int[] {2, 3}, new int[] {1, 1}, "same", new int[] {1, 1}, 1, false), 1, 1, 3, 3),
        layer("ConvTranspose2d", () -> new ConvTranspose2d(2, 2, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 0}, new int[] {1, 0}, 1, true, new int[] {1, 1}), 1, 2, 2, 2),
        layer("MaxPool2d", () -> new MaxPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}), 1, 1, 3, 3),
        layer("AvgPool2d", () -> new AvgPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}), 1, 1, 3, 3),
        layer("AdaptiveAvgPool2d", () -> new AdaptiveAvgPool2d(2, 2), 1, 1, 3, 3),
        layer("BatchNorm1d", () -> new BatchNorm1d(2), 4, 2),
        layer("BatchNorm2d", () -> new BatchNorm2d(2), 2, 2, 2, 1),
        layer("LayerNorm", () -> new LayerNorm(3), 2, 3),
        layer("GroupNorm", () -> new GroupNorm(2, 4), 2, 4, 2),
        layer("Flatten", Flatten::new, 2, 2, 2),
        layer("ReLU", ReLU::new, 2, 3),
        layer("LeakyReLU", () -> new LeakyReLU(0.1), 2, 3),
        layer("ELU", ELU::new, 2, 3),
        layer("GELU", GELU::new, 2, 3),
        layer("GELU tanh", () -> new GELU("tanh"), 2, 3),
        layer("SiLU", SiLU::new, 2, 3),
        layer("Sigmoid", Sigmoid::new, 2, 3),
        layer("Tanh", Tanh::new, 2, 3),
        layer("Softmax", () -> new Softmax(1), 2, 3),
        layer("LogSoftmax", () -> new LogSoftmax(1), 2, 3),
        layer("Dropout eval", () -> {
          Dropout d = new Dropout(0.3);
          d.eval();
          return d;
        }, 2, 3),
        layer("Sequential", () -> new Sequential(new Linear(3, 3), new Tanh(), new Linear(3, 1)), 2, 3));
  }

  @ParameterizedTest
  @MethodSource("layers")
  void layer(LayerCase c) {
    UnaryModule m = c.layer().get();
    m.to(DType.FLOAT64);
    // Inputs away from kinks (ties in max pooling, 0 for relu) keep finite differences exact enough.
    Tensor x = randn64(new Random(3), c.inputShape()).requiresGrad_();
    List<Tensor> leaves = new ArrayList<>();
    leaves.add(x);
    for (Parameter p : m.parameters()) leaves.add(p.tensor());
    TestUtil.gradcheck(() -> m.apply(x), leaves);
  }

  @ParameterizedTest
  @MethodSource("recurrent")
  void recurrent(Supplier<RNNBase> make) {
    RNNBase m = make.get();
    m.to(DType.FLOAT64);
    Tensor x = randn64(new Random(4), 3, 2, 2).requiresGrad_();
    Tensor h0 = randn64(new Random(5), m instanceof LSTM ? 2 : 2, 2, 2).requiresGrad_();
    List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
    for (Parameter p : m.parameters()) leaves.add(p.tensor());
    long[] lengths = {3, 2};
    TestUtil.gradcheck(() -> {
      RNNBase.Output o = m.forward(x, h0, m instanceof LSTM ? h0.mul(0.5) : null, lengths);
      return Tensor.cat(List.of(o.output().reshape(-1), o.hN().reshape(-1)), 0);
    }, leaves);
  }

  static Stream<Arguments> recurrent() {
    return Stream.of(
        Arguments.of(Named.of("RNN bidirectional", (Supplier<RNNBase>) () -> new RNN(2, 2, 1, "tanh", true, false, 0, true, null))),
        Arguments.of(Named.of("LSTM 2 layers", (Supplier<RNNBase>) () -> new LSTM(2, 2, 2))),
        Arguments.of(Named.of("GRU bidirectional", (Supplier<RNNBase>) () -> new GRU(2, 2, 1, true, false, 0, true, null))));
  }

  @ParameterizedTest
  @MethodSource("twoInput")
  void bilinearAndEmbedding(String which) {
    if (which.equals("bilinear")) {
      Bilinear b = new Bilinear(2, 3, 2);
      b.to(DType.FLOAT64);
      Tensor x1 = randn64(new Random(1), 2, 2).requiresGrad_();
      Tensor x2 = randn64(new Random(2), 2, 3).requiresGrad_();
      TestUtil.gradcheck(() -> b.forward(x1, x2), List.of(x1, x2, b.weight.tensor(), b.bias.tensor()));
    } else {
      Embedding e = new Embedding(4, 2, 0);
      e.to(DType.FLOAT64);
      Tensor idx = Tensor.of(new long[] {1, 3, 1, 2}, 2, 2);
      TestUtil.gradcheck(() -> e.apply(idx), List.of(e.weight.tensor()));
    }
  }

  static Stream<String> twoInput() { return Stream.of("bilinear", "embedding"); }

  private record LossCase(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {}

  private static Arguments loss(String name, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    return Arguments.of(Named.of(name, new LossCase(f, List.of(inputs))));
  }

  static Stream<Arguments> losses() {
    Random r = new Random(8);
    Tensor x = randn64(r, 3, 4).requiresGrad_();
    Tensor y = randn64(r, 3, 4);
    Tensor labels = Tensor.of(new long[] {2, 0, 3}, 3);
    Tensor labelsIgnore = Tensor.of(new long[] {2, -100, 3}, 3);
    Tensor w = Tensor.of(new double[] {0.5, 1, 2, 1.5}, 4);
    Tensor probs = randn64(r, 3, 4).softmax(1);
    Tensor x4 = randn64(r, 2, 3, 2, 2).requiresGrad_();
    Tensor labels4 = Tensor.of(new long[] {0, 1, 2, 1, 2, 2, 0, 0}, 2, 2, 2);
    Tensor p = randn64(r, 3, 4).sigmoid().detach().requiresGrad_();
    Tensor t01 = randn64(r, 3, 4).sigmoid();
    Tensor posW = Tensor.of(new double[] {1, 2, 3, 0.5}, 4);
    Tensor logp = randn64(r, 3, 4).logSoftmax(1).detach().requiresGrad_();
    return Stream.of(
        loss("mse", in -> Functional.mseLoss(in.get(0), in.get(1), Reduction.MEAN), x, y),
        loss("l1 sum", in -> Functional.l1Loss(in.get(0), in.get(1), Reduction.SUM), x, y),
        loss("smooth l1", in -> Functional.smoothL1Loss(in.get(0), in.get(1), Reduction.MEAN, 0.7), x, y),
        loss("huber", in -> Functional.huberLoss(in.get(0), in.get(1), Reduction.NONE, 0.8), x, y),
        loss("cross entropy", in -> Functional.crossEntropy(in.get(0), labels), x),
        loss("cross entropy weighted ignore smoothing", in -> Functional.crossEntropy(in.get(0), labelsIgnore, w, -100, Reduction.MEAN, 0.2), x),
        loss("cross entropy probabilities", in -> Functional.crossEntropy(in.get(0), probs, w, -100, Reduction.MEAN, 0.1), x),
        loss("cross entropy 4d", in -> Functional.crossEntropy(in.get(0), labels4, null, -100, Reduction.NONE, 0), x4),
        loss("nll", in -> Functional.nllLoss(in.get(0), labelsIgnore, w, -100, Reduction.MEAN), x),
        loss("bce", in -> Functional.binaryCrossEntropy(in.get(0), t01, null, Reduction.MEAN), p),
        loss("bce with logits pos weight", in -> Functional.binaryCrossEntropyWithLogits(in.get(0), t01, null, posW, Reduction.SUM), x),
        loss("kl div", in -> Functional.klDiv(in.get(0), probs, Reduction.BATCHMEAN, false), logp),
        loss("kl div log target", in -> Functional.klDiv(in.get(0), probs.log(), Reduction.SUM, true), logp));
  }

  @ParameterizedTest
  @MethodSource("losses")
  void loss(LossCase c) {
    // Scalar losses are viewed as [1]: GradCheck builds one-hot output gradients with
    // Tensor.of(values, shape), which reads an empty shape as 1-D.
    GradCheck.gradcheck(in -> c.f().apply(in).reshape(-1), c.inputs(), 1e-6, 1e-6, 1e-4);
  }

  @ParameterizedTest
  @MethodSource("twoInput")
  void dropoutGradientUsesTheSameMask(String unused) {
    Tensor x = randn64(new Random(9), 4, 5).requiresGrad_();
    Generator g = new Generator(17);
    long[] state = g.state();
    Tensor y = Functional.dropout(x, 0.4, true, g);
    y.sum().backward();
    g.setState(state);
    Tensor again = Functional.dropout(Tensor.onesLike(x), 0.4, true, g);
    TestUtil.assertClose(again.toDoubleArray(), x.grad(), 1e-12);
  }
}
