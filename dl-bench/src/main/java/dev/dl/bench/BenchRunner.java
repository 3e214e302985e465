package dev.dl.bench;

import dev.dl.Backends;
import dev.dl.Device;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH over the devices that are available here. Takes JMH's usual command line and adds:
 * the {@code device} parameter restricted to available devices (the unavailable ones are printed
 * with their reason from {@link Backends#report()} and skipped, instead of failing their trials),
 * the JVM flags the backends need, and one thread count for every library in every fork.
 *
 * <pre>{@code
 * java -Ddl.bench.threads=2 -cp ... dev.dl.bench.BenchRunner MatmulBenchmark -rf json -rff out.json
 * }</pre>
 *
 * <p>Settings: {@code -Ddl.bench.threads=N} (default: all processors) becomes
 * {@code -Ddl.cpu.threads}, libtorch's {@code ai.djl.pytorch.num_threads} and OpenBLAS's thread
 * count in the forks. System properties of this JVM named {@code dl.*}, {@code ai.djl.*},
 * {@code DJL_*} or {@code PYTORCH_*} are passed on to the forks.
 */
public final class BenchRunner {
  /** The flags every fork needs: the Vector API for the CPU kernels, native access for the rest. */
  static final List<String> JVM_FLAGS =
      List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss4m");

  private BenchRunner() {}

  /** Runs JMH; see the class comment for what is added to its options. */
  public static void main(String[] args) throws RunnerException, java.io.IOException {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.shouldHelp() || cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers()
        || cli.shouldListResultFormats()) {
      // Listing and help run nothing: JMH's own entry point does them.
      org.openjdk.jmh.Main.main(args);
      return;
    }
    OptionsBuilder options = new OptionsBuilder();
    options.parent(cli);
    Collection<String> requested = cli.getParameter("device").orElse(List.of());
    List<String> devices = devices(requested);
    if (devices.isEmpty()) {
      System.err.println("bench: none of the requested devices " + requested + " is available");
      System.exit(2);
    }
    options.param("device", devices.toArray(String[]::new));
    List<String> jvmArgs = new ArrayList<>(JVM_FLAGS);
    jvmArgs.addAll(forkProperties(threads()));
    jvmArgs.addAll(cli.getJvmArgsAppend().orElse(List.of()));
    options.jvmArgsAppend(jvmArgs.toArray(String[]::new));
    System.err.println("bench: devices " + devices + ", fork flags " + jvmArgs);
    new Runner(options.build()).run();
  }

  /**
   * The devices to run: {@code requested} if given, otherwise {@code cpu}, {@code cpu-scalar} and
   * every other device discovery found; unavailable ones are dropped with their reason.
   */
  static List<String> devices(Collection<String> requested) {
    Set<String> wanted = new LinkedHashSet<>(requested);
    if (wanted.isEmpty()) {
      wanted.add("cpu");
      wanted.add(Target.CPU_SCALAR);
      for (Device d : Backends.devices()) wanted.add(d.toString());
      for (Backends.Entry e : Backends.entries()) {
        if (!e.availability().available()) {
          System.err.println("bench: skipping backend " + e.type() + ": " + e.availability().reason());
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String w : wanted) {
      Device d = w.equals(Target.CPU_SCALAR) ? Device.CPU : Device.of(w);
      if (Backends.isAvailable(d)) {
        out.add(w);
      } else {
        System.err.println("bench: skipping device " + w + ": unavailable\n" + Backends.report());
      }
    }
    return out;
  }

  /** {@code -Ddl.bench.threads}, or every processor. */
  static int threads() {
    return Integer.getInteger("dl.bench.threads", Runtime.getRuntime().availableProcessors());
  }

  /** System properties for the forks: one thread count for all, plus this JVM's pass-through settings. */
  static List<String> forkProperties(int threads) {
    List<String> out = new ArrayList<>();
    out.add("-Ddl.bench.threads=" + threads);
    out.add("-Ddl.cpu.threads=" + threads);
    out.add("-Dai.djl.pytorch.num_threads=" + threads);
    // Intra-op threads do the work; one inter-op thread keeps libtorch from adding its own pool.
    out.add("-Dai.djl.pytorch.num_interop_threads=1");
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String key = e.getKey().toString();
      boolean passOn = key.startsWith("dl.") || key.startsWith("ai.djl.") || key.startsWith("DJL_")
          || key.startsWith("PYTORCH_");
      boolean ours = key.equals("dl.bench.threads") || key.equals("dl.cpu.threads") || key.startsWith("ai.djl.pytorch.num_");
      if (passOn && !ours) out.add("-D" + key + "=" + e.getValue());
    }
    return out;
  }
}
