package dev.dl.examples;

import dev.dl.Device;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags every training example shares. Unset numbers fall back to the example's own default
 * (shown in its {@code --help}).
 */
public final class TrainOptions {
  @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, opencl:0, cuda:0 or default (the best available; default: ${DEFAULT-VALUE})")
  String device = "default";

  @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: the example's)")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "mini-batch size (default: the example's)")
  Integer batchSize;

  @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: the example's)")
  Double lr;

  @Option(names = "--workers", paramLabel = "N", description = "DataLoader worker threads (default: ${DEFAULT-VALUE})")
  int workers = 0;

  @Option(names = "--seed", paramLabel = "N", description = "random seed for weights, splits and shuffling (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder for the model and plots (default: runs/<example>)")
  Path out;

  @Option(names = "--quick", description = "a short run on a subset (for tests and a first look)")
  boolean quick;

  @Option(names = "--no-progress", negatable = false, description = "no progress bars (plain log lines only)")
  boolean noProgress;

  /** The device asked for; "default" picks the best available backend. */
  public Device device() {
    return device.equalsIgnoreCase("default") ? Device.defaultDevice() : Device.of(device);
  }

  int epochs(int full, int quickRun) { return epochs != null ? epochs : quick ? quickRun : full; }

  int batchSize(int fallback) { return batchSize != null ? batchSize : fallback; }

  double lr(double fallback) { return lr != null ? lr : fallback; }

  Path out(String example) { return out != null ? out : Path.of("runs", example); }
}
