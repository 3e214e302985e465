package dev.dl.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result from JMH's JSON output ({@code -rf json}), with its time normalised to
 * milliseconds per operation (throughput results are inverted).
 *
 * @param benchmark the class's simple name and the method, e.g. {@code MatmulBenchmark.matmul}
 * @param method the benchmark method, e.g. {@code matmul}; baselines use the same names
 * @param series what is being compared: the {@code device} parameter, or a baseline's
 *     {@code library} parameter
 * @param baseline true for a {@code library} (native reference) result
 * @param params every parameter except the series
 * @param millis mean time per operation in milliseconds
 * @param errorMillis JMH's 99.9% confidence half-width, in milliseconds (NaN with one iteration)
 * @param jvmArgs the fork's JVM arguments
 * @param jdk JDK version and VM name
 * @param settings forks, warmup and measurement iterations, e.g. {@code forks 1, warmup 1 x 1 s, ...}
 * @param score the score as JMH reported it
 * @param unit JMH's unit for it, e.g. {@code ms/op} or {@code ops/s}
 */
record JmhResult(String benchmark, String method, String series, boolean baseline, Map<String, String> params,
                 double millis, double errorMillis, List<String> jvmArgs, String jdk, String settings,
                 double score, String unit) {

  /** Reads every result of a JMH JSON file. */
  static List<JmhResult> read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JsonElement root = JsonParser.parseReader(r);
      if (!root.isJsonArray()) throw new IOException(file + " is not JMH JSON output: expected an array of results");
      List<JmhResult> out = new ArrayList<>();
      for (JsonElement e : root.getAsJsonArray()) out.add(parse(e.getAsJsonObject(), file));
      return out;
    }
  }

  private static JmhResult parse(JsonObject o, Path file) throws IOException {
    String full = text(o, "benchmark", file);
    String[] parts = full.split("\\.");
    if (parts.length < 2) throw new IOException(file + ": benchmark name '" + full + "' has no class");
    String method = parts[parts.length - 1];
    String benchmark = parts[parts.length - 2] + "." + method;
    Map<String, String> params = new LinkedHashMap<>();
    if (o.has("params")) {
      for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
        params.put(p.getKey(), p.getValue().getAsString());
      }
    }
    String series = params.remove("device");
    boolean baseline = false;
    if (series == null && params.containsKey("library")) {
      series = params.remove("library");
      baseline = true;
    }
    if (series == null) series = "-";
    JsonObject metric = o.getAsJsonObject("primaryMetric");
    if (metric == null) throw new IOException(file + ": " + full + " has no primaryMetric");
    String unit = text(metric, "scoreUnit", file);
    double score = metric.get("score").getAsDouble();
    JsonElement err = metric.get("scoreError");
    double error = err == null || !err.isJsonPrimitive() || !err.getAsJsonPrimitive().isNumber()
        ? Double.NaN : err.getAsDouble();
    double millis = toMillis(score, unit, full);
    // The error of 1/x is, to first order, the same fraction of the value.
    double errorMillis = unit.startsWith("ops/") ? millis * error / score : toMillis(error, unit, full);
    List<String> jvmArgs = new ArrayList<>();
    if (o.has("jvmArgs")) {
      JsonArray a = o.getAsJsonArray("jvmArgs");
      for (JsonElement e : a) jvmArgs.add(e.getAsString());
    }
    String jdk = (o.has("jdkVersion") ? o.get("jdkVersion").getAsString() : "?")
        + (o.has("vmName") ? " (" + o.get("vmName").getAsString() + ")" : "");
    String settings = "forks " + optional(o, "forks") + ", warmup " + optional(o, "warmupIterations") + " x "
        + optional(o, "warmupTime") + ", measurement " + optional(o, "measurementIterations") + " x "
        + optional(o, "measurementTime");
    return new JmhResult(benchmark, method, series, baseline, Map.copyOf(params), millis, errorMillis,
        List.copyOf(jvmArgs), jdk, settings, score, unit);
  }

  private static String optional(JsonObject o, String key) {
    return o.has(key) ? o.get(key).getAsString() : "?";
  }

  private static String text(JsonObject o, String key, Path file) throws IOException {
    JsonElement e = o.get(key);
    if (e == null) throw new IOException(file + ": a result has no '" + key + "'");
    return e.getAsString();
  }

  /**
   * Milliseconds per operation for a score in {@code unit}: a time per operation ({@code ms/op})
   * or a throughput ({@code ops/s}). Sample-time and single-shot modes use the same units.
   */
  static double toMillis(double score, String unit, String benchmark) {
    boolean throughput = unit.startsWith("ops/");
    String time = throughput ? unit.substring(4) : unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : "";
    double millis = switch (time) {
      case "s" -> 1e3;
      case "ms" -> 1;
      case "us" -> 1e-3;
      case "ns" -> 1e-6;
      default -> throw new IllegalArgumentException(benchmark + ": unit '" + unit
          + "' is neither a time per operation nor operations per time");
    };
    return throughput ? millis / score : score * millis;
  }

  /** A parameter, or {@code ""}. */
  String param(String name) { return params.getOrDefault(name, ""); }

  /** The {@code -Dname=value} value among the fork's JVM arguments, or null. */
  String jvmProperty(String name) {
    String prefix = "-D" + name + "=";
    for (String a : jvmArgs) if (a.startsWith(prefix)) return a.substring(prefix.length());
    return null;
  }

  /** Parameters as {@code a=1 b=2}, sorted by name. */
  String paramText() {
    StringBuilder sb = new StringBuilder();
    params.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(sb.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue()));
    return sb.isEmpty() ? "-" : sb.toString();
  }
}
