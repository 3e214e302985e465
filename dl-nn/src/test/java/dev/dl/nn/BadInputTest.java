package dev.dl.nn;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Device;
import dev.dl.Tensor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong shapes, ranges and configurations give clear errors that name the layer. */
class BadInputTest {
  private static Arguments bad(String name, Runnable r, String mention) {
    return Arguments.of(Named.of(name, (Supplier<Runnable>) () -> r), mention);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        bad("linear features", () -> new Linear(3, 2).apply(Tensor.randn(4, 5)), "linear"),
        bad("conv2d rank", () -> new Conv2d(1, 1, 3).apply(Tensor.randn(4, 5)), "Conv2d"),
        bad("conv2d groups", () -> new Conv2d(3, 4, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2, true), "groups"),
        bad("conv padding string", () -> new Conv2d(3, 4, new int[] {3, 3}, new int[] {1, 1}, "full", new int[] {1, 1}, 1, true), "padding"),
        bad("conv transpose channels", () -> new ConvTranspose2d(3, 4, 2, 2).apply(Tensor.randn(1, 2, 4, 4)), "conv_transpose2d"),
        bad("batchnorm channels", () -> new BatchNorm2d(3).apply(Tensor.randn(2, 4, 2, 2)), "BatchNorm2d"),
        bad("batchnorm1d rank", () -> new BatchNorm1d(3).apply(Tensor.randn(2, 3, 2, 2)), "BatchNorm1d"),
        bad("layernorm shape", () -> new LayerNorm(4).apply(Tensor.randn(2, 3)), "normalized_shape"),
        bad("groupnorm divisibility", () -> new GroupNorm(4, 6), "divisible"),
        bad("dropout p", () -> new Dropout(1.5), "between 0 and 1"),
        bad("embedding padding", () -> new Embedding(4, 2, 9), "padding_idx"),
        bad("bilinear shapes", () -> new Bilinear(2, 3, 4).forward(Tensor.randn(5, 3), Tensor.randn(5, 3)), "bilinear"),
        bad("rnn nonlinearity", () -> new RNN(2, 2, 1, "sigmoid", true, false, 0, false, null), "nonlinearity"),
        bad("rnn rank", () -> new GRU(2, 2, 1).forward(Tensor.randn(5)), "2-D or 3-D"),
        bad("rnn cell state", () -> new GRU(2, 2, 1).forward(Tensor.randn(3, 1, 2), null, Tensor.zeros(1, 1, 2), null), "cell state"),
        bad("rnn lengths", () -> new LSTM(2, 2, 1).forward(Tensor.randn(3, 2, 2), null, null, new long[] {3}), "lengths"),
        bad("cross entropy target shape", () -> Functional.crossEntropy(Tensor.randn(4, 3), Tensor.zeros(dev.dl.DType.INT64, 3)), "target"),
        bad("cross entropy smoothing", () -> Functional.crossEntropy(Tensor.randn(4, 3), Tensor.zeros(dev.dl.DType.INT64, 4), null, -100, Reduction.MEAN, 1.5), "label_smoothing"),
        bad("nll float target", () -> Functional.nllLoss(Tensor.randn(4, 3), Tensor.zeros(4)), "int64"),
        bad("smooth l1 beta", () -> Functional.smoothL1Loss(Tensor.randn(2), Tensor.randn(2), Reduction.MEAN, -1), "beta"),
        bad("pad mode", () -> Functional.pad(Tensor.randn(2, 3), new int[] {1, 1}, "wrap", 0), "mode"),
        bad("pad length", () -> Functional.pad(Tensor.randn(2), new int[] {1, 1, 1}, "constant", 0), "padding length"),
        bad("reduction name", () -> Reduction.of("avg"), "reduction"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void clearError(Supplier<Runnable> action, String mention) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> action.get().run());
    assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException, e.toString());
    assertTrue(e.getMessage().contains(mention), "'" + e.getMessage() + "' should mention '" + mention + "'");
  }

  @Test
  void movingToTheSameDeviceKeepsEverything() {
    Linear fc = new Linear(2, 2);
    Parameter w = fc.weight;
    Tensor t = w.tensor();
    fc.to(Device.CPU);
    assertSame(w, fc.weight);
    assertSame(t, fc.weight.tensor());
  }
}
