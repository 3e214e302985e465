package dev.dl.examples;

import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;
import dev.dl.data.TensorDataset;
import dev.dl.nn.Module;
import dev.dl.nn.io.Safetensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every training example shares: the common flags, seeding, the output folder, the list of
 * files written, and the headline metrics (which the tests read back).
 */
abstract class ExampleCommand implements Callable<Integer> {
  @Mixin
  TrainOptions opts = new TrainOptions();

  @Spec
  CommandSpec spec;

  private final Map<String, Double> results = new LinkedHashMap<>();
  private final List<Path> written = new ArrayList<>();
  PrintWriter out;
  Path outDir;

  /** The example's name: the command name and the default output folder. */
  abstract String name();

  /** Runs the example on {@code device}. */
  abstract void run(Device device) throws Exception;

  @Override
  public final Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Device device = device();
    Generator.manualSeed(opts.seed);
    outDir = opts.out(name());
    Files.createDirectories(outDir);
    out.println(name() + " on " + device + (opts.quick ? " (quick mode: a short run on a subset)" : ""));
    long start = System.nanoTime();
    try {
      run(device);
    } catch (ExampleData.MissingDataException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    out.printf("total time %.1f s%n", (System.nanoTime() - start) / 1e9);
    if (!written.isEmpty()) {
      out.println("wrote:");
      for (Path p : written) out.println("  " + p.toAbsolutePath().normalize());
    }
    out.flush();
    return 0;
  }

  /** The device to run on: {@code --device}, where "default" means {@link Device#defaultDevice()}. */
  Device device() { return opts.device(); }

  /** The headline metrics of the last run (e.g. "test_accuracy"). */
  final Map<String, Double> results() { return results; }

  final void result(String key, double value) { results.put(key, value); }

  final void wrote(Path p) { written.add(p); }

  final void wrote(List<Path> ps) { written.addAll(ps); }

  /** Saves the model's state as safetensors with {@code metadata} (how to rebuild it) and records the path. */
  final Path saveModel(Module model, Map<String, String> metadata, String fileName) throws IOException {
    Path file = outDir.resolve(fileName);
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("example", name());
    Safetensors.save(model.stateDict(), meta, file);
    wrote(file);
    return file;
  }

  /** A shuffling loader over {@code (x, y)} with the run's batch size, workers and seed. */
  final DataLoader<List<Tensor>> loader(Tensor x, Tensor y, int batchSize, boolean pinMemory) {
    return DataLoader.builder(new TensorDataset(x, y)).batchSize(batchSize).shuffle(true).numWorkers(opts.workers)
        .pinMemory(pinMemory).generator(new Generator(opts.seed)).build();
  }

  final Trainer trainer(Device device) { return new Trainer(device, out, !opts.noProgress); }

  static String pct(double fraction) { return String.format("%.2f%%", 100 * fraction); }
}
