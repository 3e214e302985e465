package dev.dl.backend.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dl.Device;
import dev.dl.spi.Op;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/** The kit's own contract, checked without any backend on the class path. */
class BackendTckTest {
  private static List<Method> factories() {
    List<Method> r = new ArrayList<>();
    for (Method m : BackendTck.class.getDeclaredMethods()) if (m.isAnnotationPresent(TestFactory.class)) r.add(m);
    return r;
  }

  @Test
  void aSkipReasonAbortsEveryFactoryWithThatReasonBeforeTouchingTheDevice() throws Exception {
    BackendTck tck = new BackendTck() {
      @Override protected Device device() { throw new AssertionError("device() must not be consulted when skipping"); }
      @Override protected Optional<String> skipReason() { return Optional.of("no test device on this machine"); }
    };
    List<Method> factories = factories();
    assertFalse(factories.isEmpty());
    for (Method m : factories) {
      InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(tck), m.getName());
      assertInstanceOf(TestAbortedException.class, e.getCause(), m.getName());
      assertEquals("Assumption failed: no test device on this machine", e.getCause().getMessage(), m.getName());
    }
  }

  @Test
  void withoutABackendTheKitFailsLoudlyInsteadOfPassing() {
    BackendTck tck = new BackendTck() {
      @Override protected Device device() { return Device.of("nosuch"); }
    };
    assertThrows(IllegalStateException.class, tck::unary);
  }

  @Test
  void everyOpOfTheVocabularyHasCases() {
    for (Op op : Op.values()) {
      if (!Coverage.covered().contains(op)) throw new AssertionError(op + " has no TCK case");
    }
  }
}
