package dev.dl;

/**
 * Per-thread switch for gradient recording, used as try-with-resources scopes.
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *   Tensor y = model.forward(x);   // nothing is recorded
 * }
 * }</pre>
 */
public final class GradMode {
  private static final ThreadLocal<int[]> STATE = ThreadLocal.withInitial(() -> new int[] {1, 0});

  private GradMode() {}

  /** A scope that restores the previous mode on close. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** True when ops record for autograd on this thread. */
  public static boolean isEnabled() {
    int[] s = STATE.get();
    return s[0] == 1 && s[1] == 0;
  }

  /** True inside {@link #inferenceMode()}. */
  public static boolean isInferenceMode() { return STATE.get()[1] > 0; }

  /** Turns recording on or off for this thread (prefer the scopes). */
  public static void setEnabled(boolean enabled) { STATE.get()[0] = enabled ? 1 : 0; }

  /** Disables recording until the scope closes, like {@code torch.no_grad()}. */
  public static Scope noGrad() { return set(false); }

  /** Enables recording until the scope closes, like {@code torch.enable_grad()}. */
  public static Scope enableGrad() { return set(true); }

  /**
   * Like {@code torch.inference_mode()}: nothing is recorded, even inside {@link #enableGrad()}.
   */
  public static Scope inferenceMode() {
    int[] s = STATE.get();
    s[1]++;
    return () -> s[1]--;
  }

  private static Scope set(boolean enabled) {
    int[] s = STATE.get();
    int previous = s[0];
    s[0] = enabled ? 1 : 0;
    return () -> s[0] = previous;
  }
}
