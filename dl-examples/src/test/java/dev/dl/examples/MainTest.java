package dev.dl.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) { return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args); }

  @Test
  void noCommandMeansDigits() {
    assertArrayEquals(new String[] {"digits"}, Main.withDefaultCommand(new String[0]));
    assertArrayEquals(new String[] {"digits", "--epochs", "3"}, Main.withDefaultCommand(new String[] {"--epochs", "3"}));
    assertArrayEquals(new String[] {"--help"}, Main.withDefaultCommand(new String[] {"--help"}));
    assertArrayEquals(new String[] {"tune", "--quick"}, Main.withDefaultCommand(new String[] {"tune", "--quick"}));
  }

  @Test
  void topLevelHelpListsEveryCommand() {
    assertEquals(0, run("--help"));
    for (String c : new String[] {"digits", "breast-cancer", "fashion-mnist", "transfer", "next-word", "tune", "gpu", "predict", "demo"}) {
      assertTrue(out.toString().contains(c), () -> c + " missing from\n" + out);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"digits", "breast-cancer", "fashion-mnist", "transfer", "next-word", "tune", "gpu"})
  void everyExampleHasHelpWithTheCommonFlags(String command) {
    assertEquals(0, run(command, "--help"));
    for (String flag : new String[] {"--device", "--epochs", "--batch-size", "--lr", "--workers", "--seed", "--out", "--quick"}) {
      assertTrue(out.toString().contains(flag), () -> flag + " missing from\n" + out);
    }
  }

  @Test
  void predictHelpAndBadUsage() {
    assertEquals(0, run("predict", "--help"));
    assertTrue(out.toString().contains("MODEL"), out::toString);
    assertEquals(2, run("digits", "--no-such-flag"));
    assertTrue(err.toString().contains("--no-such-flag"), err::toString);
  }
}
