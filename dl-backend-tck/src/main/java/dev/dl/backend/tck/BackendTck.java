package dev.dl.backend.tck;

import dev.dl.Backends;
import dev.dl.Device;
import dev.dl.spi.Backend;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The backend conformance kit. A backend module runs it with one test class:
 *
 * <pre>{@code
 * class CpuTckTest extends BackendTck {
 *   @Override protected Device device() { return Device.cpu(); }
 * }
 * }</pre>
 *
 * <p>Every primitive op of {@link dev.dl.spi.Op} (movement ops through the views that use them) is
 * run through the public {@link dev.dl.Tensor} API on {@link #device()}, for every dtype the
 * backend declares in {@link Backend#dtypes()}, on seeded random inputs of awkward shapes (scalars,
 * empty tensors, size-1 dims, sizes 1, 13 and 207, broadcasting, transposed, sliced and expanded
 * views), and compared with a double-precision reference that lives in this kit. Random ops must
 * reproduce {@link dev.dl.spi.Philox}; bad input must fail with a clear message. Test names read
 * like {@code ADD float32 [13,1]x[207] broadcast}, so a failure says what to look at.
 */
public abstract class BackendTck {
  /** The device whose backend is under test, e.g. {@code Device.cpu()} or {@code Device.of("cuda:0")}. */
  protected abstract Device device();

  /**
   * A reason to skip the whole kit, e.g. "no CUDA device on this machine"; empty (the default) runs
   * it. Every test is then reported as skipped with this reason, never as passed.
   */
  protected Optional<String> skipReason() { return Optional.empty(); }

  private void skipIfAsked() {
    Optional<String> skip = skipReason();
    Assumptions.assumeTrue(skip.isEmpty(), () -> skip.orElse(""));
  }

  private Env env() {
    skipIfAsked();
    Device device = device();
    Backend backend = Backends.backend(device);
    return new Env(device, backend, backend.dtypes());
  }

  /** Dtype capabilities and raw storage transfers through the SPI. */
  @TestFactory
  public Stream<DynamicTest> storage() { return run(DataSuite.capabilities(env())); }

  /** Every unary op at every dtype and shape. */
  @TestFactory
  public Stream<DynamicTest> unary() { return run(ElementwiseSuite.unary(env())); }

  /** Every binary op at every dtype and shape pair, including broadcasting. */
  @TestFactory
  public Stream<DynamicTest> binary() { return run(ElementwiseSuite.binary(env())); }

  /** WHERE and mixed-dtype promotion. */
  @TestFactory
  public Stream<DynamicTest> whereAndPromotion() {
    Env env = env();
    return Env.concat(ElementwiseSuite.where(env), ElementwiseSuite.promotion(env));
  }

  /** SUM, PROD, MAX, MIN, ARGMAX, ARGMIN over dim sets, with and without keepdim. */
  @TestFactory
  public Stream<DynamicTest> reductions() { return run(ReductionSuite.reductions(env())); }

  /** CUMSUM and CUMPROD. */
  @TestFactory
  public Stream<DynamicTest> scans() { return run(ReductionSuite.scans(env())); }

  /** SOFTMAX and LOG_SOFTMAX (fused kernel or dl-api's decomposition). */
  @TestFactory
  public Stream<DynamicTest> softmax() { return run(ReductionSuite.softmax(env())); }

  /** MATMUL through matmul, mm and bmm at every rank combination. */
  @TestFactory
  public Stream<DynamicTest> matmul() { return run(LinalgSuite.matmul(env())); }

  /** IM2COL and COL2IM through the SPI, conv2d and pooling through the API. */
  @TestFactory
  public Stream<DynamicTest> convolution() {
    Env env = env();
    return Env.concat(LinalgSuite.im2col(env), LinalgSuite.convolution(env));
  }

  /** CONV2D (forward, input, weight and bias gradients) and MAX_POOL2D (values, indices, input gradient). */
  @TestFactory
  public Stream<DynamicTest> fusedConvolution() { return run(ConvSuite.tests(env())); }

  /** GATHER, SCATTER, SCATTER_ADD and indexSelect. */
  @TestFactory
  public Stream<DynamicTest> indexing() { return run(IndexSuite.tests(env())); }

  /** COPY between every dtype pair, strided source and destination. */
  @TestFactory
  public Stream<DynamicTest> casts() { return run(DataSuite.casts(env())); }

  /** FILL through full() and fill_ on a strided view. */
  @TestFactory
  public Stream<DynamicTest> fill() { return run(DataSuite.fill(env())); }

  /** RANDOM_UNIFORM and RANDOM_NORMAL against the Philox reference, and their reproducibility. */
  @TestFactory
  public Stream<DynamicTest> random() { return run(DataSuite.random(env())); }

  /** Views made by movement ops read back correctly through the backend's strided COPY. */
  @TestFactory
  public Stream<DynamicTest> movement() { return run(DataSuite.movement(env())); }

  /** CAT and stack: dl-api's COPY into slices of a new tensor. */
  @TestFactory
  public Stream<DynamicTest> joins() { return run(DataSuite.joins(env())); }

  /** A few ops at sizes above parallel grain sizes and vector tiles. */
  @TestFactory
  public Stream<DynamicTest> large() { return run(LargeSuite.tests(env())); }

  /** Every op of the vocabulary has TCK cases (needs no device). */
  @TestFactory
  public Stream<DynamicTest> vocabulary() {
    skipIfAsked();
    return run(Coverage.tests());
  }

  /** Wrong shapes, dims, indices and dtypes fail with clear messages. */
  @TestFactory
  public Stream<DynamicTest> errors() { return run(ErrorSuite.tests(env())); }

  private static Stream<DynamicTest> run(List<DynamicTest> tests) { return tests.stream(); }
}
