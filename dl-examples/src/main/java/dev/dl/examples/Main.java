package dev.dl.examples;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line behind {@code ./dl}: one subcommand per example plus {@code predict} and
 * {@code demo}. With no command (or only flags) it trains {@code digits}.
 *
 * <pre>{@code
 * ./dl --help
 * ./dl fashion-mnist --epochs 5 --device cpu
 * }</pre>
 */
@Command(name = "dl", mixinStandardHelpOptions = true, version = "dl 0.1.0",
    description = "Runs the dl examples. With no command, trains 'digits'.",
    subcommands = {DigitsExample.class, BreastCancerExample.class, FashionMnistExample.class, TransferExample.class,
        NextWordExample.class, TuneExample.class, GpuExample.class, PredictCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

  @Override
  public void run() {
    // Unreachable through main(), which always names a subcommand; kept for embedders.
    new CommandLine(new Main()).usage(System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(withDefaultCommand(args));
  }

  static String[] withDefaultCommand(String[] args) {
    boolean noCommand = args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL_FLAGS.contains(args[0]));
    if (!noCommand) return args;
    String[] full = new String[args.length + 1];
    full[0] = "digits";
    System.arraycopy(args, 0, full, 1, args.length);
    return full;
  }
}
