package dev.dl.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./dl demo}: the backend report and a few tensor operations ({@link Demo}). */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "List backends and run a few tensor operations.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Demo.run(System.out);
    return 0;
  }
}
