package dev.dl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Turns JMH JSON results into a Markdown report with PNG charts: matmul GFLOPS by size, conv2d
 * and training-step times, elementwise bandwidth, per-op overhead, and every device's speed
 * relative to the native baselines and its scalar twin.
 *
 * <pre>{@code
 * java -cp ... dev.dl.bench.ReportGenerator --out docs/benchmarks --title "quick profile" results.json
 * }</pre>
 */
public final class ReportGenerator {
  private static final Set<String> ELEMENTWISE = Set.of("add", "addInPlace", "mul", "mulInPlace", "relu", "reluInPlace",
      "exp", "expInPlace", "sum", "softmax");

  private final List<JmhResult> results;
  private final Header header;
  private final Path outDir;
  private final StringBuilder md = new StringBuilder();
  private final Set<JmhResult> reported = new LinkedHashSet<>();

  /**
   * What the report says about where it was measured.
   *
   * @param title first line of the report
   * @param notes free lines under the title (e.g. "noisy shared machine")
   * @param date when the report was generated
   * @param cpuModel the processor, from {@code /proc/cpuinfo}
   * @param cores processors the OS offers
   */
  record Header(String title, List<String> notes, String date, String cpuModel, int cores) {
    /** A header describing this machine now. */
    static Header here(String title, List<String> notes) {
      return new Header(title, notes, ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
          ReportGenerator.cpuModel(), Runtime.getRuntime().availableProcessors());
    }
  }

  private ReportGenerator(List<JmhResult> results, Header header, Path outDir) {
    this.results = results;
    this.header = header;
    this.outDir = outDir;
  }

  /**
   * Usage: {@code ReportGenerator [--out DIR] [--title TEXT] [--note TEXT]... RESULTS.json...};
   * writes {@code DIR/README.md} (default DIR: {@code .}) and its charts.
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(".");
    String title = "dl benchmark report";
    List<String> notes = new ArrayList<>();
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--title" -> title = value(args, ++i, "--title");
        case "--note" -> notes.add(value(args, ++i, "--note"));
        default -> inputs.add(Path.of(args[i]));
      }
    }
    if (inputs.isEmpty()) {
      System.err.println("usage: ReportGenerator [--out DIR] [--title TEXT] [--note TEXT]... RESULTS.json...");
      System.exit(2);
    }
    List<JmhResult> results = new ArrayList<>();
    for (Path p : inputs) results.addAll(JmhResult.read(p));
    Path report = write(results, Header.here(title, notes), out);
    System.out.println("report: " + report.toAbsolutePath());
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[i];
  }

  /** Writes {@code README.md} and the PNG charts into {@code outDir}; returns the Markdown file. */
  static Path write(List<JmhResult> results, Header header, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    ReportGenerator g = new ReportGenerator(results, header, outDir);
    g.render();
    Path file = outDir.resolve("README.md");
    Files.writeString(file, g.md, StandardCharsets.UTF_8);
    return file;
  }

  private void render() throws IOException {
    md.append("# ").append(header.title()).append("\n\n");
    for (String n : header.notes()) md.append("> ").append(n).append("\n");
    if (!header.notes().isEmpty()) md.append('\n');
    JmhResult first = results.isEmpty() ? null : results.getFirst();
    String threads = first == null ? null : first.jvmProperty("dl.bench.threads");
    md.append("| | |\n|---|---|\n")
        .append("| Date | ").append(header.date()).append(" |\n")
        .append("| CPU | ").append(header.cpuModel()).append(" (").append(header.cores()).append(" logical processors) |\n")
        .append("| JDK | ").append(first == null ? "?" : first.jdk()).append(" |\n")
        .append("| Threads | ").append(threads == null ? "not recorded" : threads)
        .append(" for every library (dl.cpu.threads, torch intra-op, OpenBLAS) |\n")
        .append("| JMH | ").append(first == null ? "?" : first.settings()).append(" |\n\n");
    md.append("Series: `cpu` is the CPU backend with Vector API kernels, `cpu-scalar` the same with "
        + "`-Ddl.cpu.vector=false`; other devices are named as in `Device.of`; `openblas*` and `libtorch` are native "
        + "baselines (`-Pbaselines`). *Speed vs X* is X's time divided by ours: 1.00 is as fast, 0.50 half as fast.\n\n");

    section("Matrix multiplication", "GFLOPS (higher is better); output allocated per call.", "matmul-gflops.png",
        "GFLOPS", r -> r.method().equals("matmul") && r.params().containsKey("shape"),
        r -> r.param("shape"), Comparator.comparing((String k) -> MatmulShape.parse(k).kind())
            .thenComparingDouble(k -> MatmulShape.parse(k).flops()),
        r -> MatmulShape.parse(r.param("shape")).flops() / (r.millis() * 1e6), "%.1f");
    section("conv2d (3x3, padding 1)", "Milliseconds per call (lower is better); forwardBackward computes input, "
            + "weight and bias gradients.", "conv2d-ms.png", "ms",
        r -> (r.method().equals("forward") || r.method().equals("forwardBackward")) && r.params().containsKey("conv"),
        r -> r.param("conv") + " " + r.method(), Comparator.naturalOrder(), JmhResult::millis, "%.2f");
    section("Elementwise and reductions on 16M float32", "Effective bandwidth in GB/s (higher is better), counting the "
            + "bytes each op must move: binary 12 B/element, unary 8, sum 4, softmax 8.", "elementwise-gbps.png", "GB/s",
        r -> (r.benchmark().startsWith("ElementwiseBenchmark.") || r.benchmark().startsWith("TorchElementwiseBenchmark."))
            && ELEMENTWISE.contains(r.method()),
        JmhResult::method, Comparator.naturalOrder(),
        r -> bytesPerElement(r.method()) * ElementwiseBenchmark.N / (r.millis() * 1e6), "%.2f");
    section("Framework overhead", "Nanoseconds per op in a chain of " + OverheadBenchmark.OPS
            + " dependent mul/add ops on tiny tensors (lower is better); grad=true records every op for autograd.",
        "overhead-ns-per-op.png", "ns per op",
        r -> r.method().equals("chain") && r.params().containsKey("size"),
        r -> "size=" + r.param("size") + " grad=" + r.param("grad"), Comparator.naturalOrder(),
        r -> r.millis() * 1e6 / OverheadBenchmark.OPS, "%.0f");
    section("Training step (batch 64, cross-entropy, SGD)", "Milliseconds per step (lower is better); series ending "
            + "in `+nn` use dl-nn modules and optimizer (`NnTrainingStepBenchmark`), the others tensors and autograd only.",
        "training-step-ms.png", "ms per step",
        r -> r.method().equals("trainingStep") && r.params().containsKey("model"),
        r -> r.param("model"), Comparator.naturalOrder(), JmhResult::millis, "%.2f");
    other();
    raw();
  }

  /** The column a result goes in: its device or library, marked {@code +nn} for dl-nn's training step. */
  private static String seriesName(JmhResult r) {
    return r.benchmark().startsWith("NnTrainingStepBenchmark.") ? r.series() + "+nn" : r.series();
  }

  private static double bytesPerElement(String method) {
    return switch (method) {
      case "add", "addInPlace", "mul", "mulInPlace" -> 12;
      case "sum" -> 4;
      default -> 8;
    };
  }

  /**
   * One table and chart: rows from {@code rowKey}, one column per series, then ratio columns
   * (every device against every baseline, and vector against scalar).
   */
  private void section(String title, String intro, String png, String unit, Predicate<JmhResult> belongs,
                       java.util.function.Function<JmhResult, String> rowKey, Comparator<String> rowOrder,
                       ToDoubleFunction<JmhResult> value, String format) throws IOException {
    List<JmhResult> rs = results.stream().filter(belongs).toList();
    if (rs.isEmpty()) return;
    reported.addAll(rs);
    Map<String, Map<String, JmhResult>> table = new LinkedHashMap<>();
    Set<String> ours = new LinkedHashSet<>();
    Set<String> baselines = new LinkedHashSet<>();
    for (JmhResult r : rs) {
      String s = seriesName(r);
      table.computeIfAbsent(rowKey.apply(r), k -> new LinkedHashMap<>()).put(s, r);
      (r.baseline() ? baselines : ours).add(s);
    }
    List<String> rows = table.keySet().stream().sorted(rowOrder).toList();
    List<String> series = new ArrayList<>(ours);
    series.addAll(baselines);

    md.append("## ").append(title).append("\n\n").append(intro).append("\n\n");
    StringBuilder head = new StringBuilder("| case |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String s : series) {
      head.append(' ').append(s).append(" (").append(unit).append(") |");
      rule.append("---:|");
    }
    List<String[]> ratios = new ArrayList<>();
    for (String o : ours) {
      if (o.startsWith(Target.CPU_SCALAR)) continue;
      for (String b : baselines) ratios.add(new String[] {o, b});
    }
    for (String o : ours) {
      String scalar = o.replaceFirst("^cpu(?=$|\\+)", Target.CPU_SCALAR);
      if (!scalar.equals(o) && ours.contains(scalar)) ratios.add(new String[] {o, scalar});
    }
    for (String[] pair : ratios) {
      head.append(" speed ").append(pair[0]).append(" vs ").append(pair[1]).append(" |");
      rule.append("---:|");
    }
    md.append(head).append('\n').append(rule).append('\n');
    Map<String, List<Double>> chart = new LinkedHashMap<>();
    for (String s : series) chart.put(s, new ArrayList<>());
    for (String row : rows) {
      Map<String, JmhResult> cells = table.get(row);
      md.append("| ").append(row).append(" |");
      for (String s : series) {
        JmhResult r = cells.get(s);
        Double v = r == null ? null : value.applyAsDouble(r);
        chart.get(s).add(v);
        md.append(' ').append(v == null ? "-" : String.format(Locale.ROOT, format, v)).append(" |");
      }
      for (String[] pair : ratios) {
        JmhResult o = cells.get(pair[0]);
        JmhResult b = cells.get(pair[1]);
        md.append(' ').append(o == null || b == null ? "-" : String.format(Locale.ROOT, "%.2f", b.millis() / o.millis()))
            .append(" |");
      }
      md.append('\n');
    }
    Charts.bars(outDir.resolve(png), title, unit, rows, chart);
    md.append("\n![").append(title).append("](").append(png).append(")\n\n");
  }

  /** Results no section claimed (benchmarks added later), as a plain table. */
  private void other() {
    List<JmhResult> rest = results.stream().filter(r -> !reported.contains(r)).toList();
    if (rest.isEmpty()) return;
    md.append("## Other benchmarks\n\n| benchmark | series | parameters | score | unit |\n|---|---|---|---:|---|\n");
    for (JmhResult r : rest) {
      md.append("| ").append(r.benchmark()).append(" | ").append(r.series()).append(" | ").append(r.paramText())
          .append(" | ").append(String.format(Locale.ROOT, "%.4g", r.score())).append(" | ").append(r.unit()).append(" |\n");
    }
    md.append('\n');
  }

  /** Every result with its error, so a reader can judge the noise. */
  private void raw() {
    md.append("## All results\n\nMean and 99.9% confidence half-width in milliseconds per call (`nan`: too few "
        + "iterations for an interval).\n\n| benchmark | series | parameters | ms | ± ms |\n|---|---|---|---:|---:|\n");
    for (JmhResult r : results) {
      md.append("| ").append(r.benchmark()).append(" | ").append(r.series()).append(" | ").append(r.paramText())
          .append(" | ").append(String.format(Locale.ROOT, "%.4g", r.millis())).append(" | ")
          .append(String.format(Locale.ROOT, "%.2g", r.errorMillis())).append(" |\n");
    }
  }

  /**
   * The processor's model name and widest x86 vector extension from {@code /proc/cpuinfo}, or the
   * architecture where there is none.
   */
  static String cpuModel() {
    String model = null;
    String isa = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (model == null && line.startsWith("model name")) model = line.substring(line.indexOf(':') + 1).trim();
        if (isa.isEmpty() && line.startsWith("flags")) {
          String flags = " " + line.substring(line.indexOf(':') + 1) + " ";
          isa = flags.contains(" avx512f ") ? ", AVX-512" : flags.contains(" avx2 ") ? ", AVX2" : "";
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: fall back to what the JVM knows.
    }
    return (model == null ? System.getProperty("os.arch") : model) + isa;
  }
}
