package dev.dl.backend.cpu.api;

import dev.dl.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Small assertion helpers for tensor tests. */
final class Checks {
  private Checks() {}

  static void assertValues(Tensor t, int[] shape, double... expected) {
    assertArrayEquals(shape, t.shape().toArray(), "shape of " + t);
    double[] actual = t.toDoubleArray();
    assertEquals(expected.length, actual.length, "element count of " + t);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i], a = actual[i];
      if (Double.isNaN(e)) {
        assertTrue(Double.isNaN(a), "element " + i + " expected NaN, got " + a + " in " + t);
      } else {
        assertEquals(e, a, 1e-5 * Math.max(1, Math.abs(e)), "element " + i + " of " + t);
      }
    }
  }

  static int[] shape(int... dims) { return dims; }

  /** Asserts that {@code body} throws {@code type} with a message containing every fragment. */
  static <T extends Throwable> T assertError(Class<T> type, Executable body, String... fragments) {
    T e = assertThrows(type, body);
    for (String f : fragments) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(f),
          "message should contain '" + f + "' but was: " + e.getMessage());
    }
    return e;
  }
}
