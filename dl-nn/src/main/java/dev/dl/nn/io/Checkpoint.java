package dev.dl.nn.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.nn.Module;
import dev.dl.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Training checkpoints: model weights, optimizer state, scheduler state, epoch and generator
 * state in one safetensors file (tensors under {@code model.} and {@code optimizer.state.},
 * everything else as JSON in {@code __metadata__}), written atomically. Resuming on the CPU
 * continues bit for bit as if training had not stopped.
 *
 * <pre>{@code
 * Checkpoint.save(path, model, opt, sched.stateDict(), epoch, Generator.defaultGenerator());
 * int next = Checkpoint.restore(path, model, opt, sched::loadStateDict, Generator.defaultGenerator()).epoch() + 1;
 * }</pre>
 */
public final class Checkpoint {
  static final String FORMAT = "dl.checkpoint.v1";
  private static final String MODEL = "model.";
  private static final String OPT = "optimizer.state.";
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private Checkpoint() {}

  /** What a checkpoint holds; {@code optimizer}, {@code scheduler} and {@code generatorState} may be null. */
  public record Contents(Map<String, Tensor> model, Optimizer.StateDict optimizer, Map<String, Object> scheduler, int epoch,
      long[] generatorState, Map<String, String> extra) {}

  /**
   * Writes a checkpoint atomically (temporary file in the same directory, fsync, rename);
   * {@code optimizer}, {@code schedulerState} and {@code generator} may be null.
   */
  public static void save(Path path, Module model, Optimizer optimizer, Map<String, Object> schedulerState, int epoch,
      Generator generator) throws IOException {
    save(path, new Contents(model.stateDict(), optimizer == null ? null : optimizer.stateDict(), schedulerState, epoch,
        generator == null ? null : generator.state(), Map.of()));
  }

  /** Writes {@code contents} atomically. */
  public static void save(Path path, Contents contents) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    contents.model().forEach((k, v) -> tensors.put(MODEL + k, v));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("epoch", Integer.toString(contents.epoch()));
    if (contents.optimizer() != null) {
      contents.optimizer().state().forEach((idx, st) -> st.forEach((k, v) -> tensors.put(OPT + idx + "." + k, v)));
      meta.put("optimizer.param_groups", GSON.toJson(contents.optimizer().paramGroups()));
    }
    if (contents.scheduler() != null) meta.put("scheduler", GSON.toJson(contents.scheduler()));
    if (contents.generatorState() != null) {
      meta.put("generator", contents.generatorState()[0] + "," + contents.generatorState()[1]);
    }
    contents.extra().forEach((k, v) -> meta.put("extra." + k, v));
    Safetensors.save(tensors, meta, path);
  }

  /** Reads and validates a whole checkpoint (tensors on the CPU); nothing is applied anywhere. */
  public static Contents load(Path path) throws IOException {
    Safetensors.Contents file = Safetensors.load(path);
    Map<String, String> meta = file.metadata();
    String where = path.toString();
    if (!FORMAT.equals(meta.get("format"))) {
      throw new SafetensorsException(where + ": not a dl checkpoint (metadata format is " + meta.get("format") + ", expected "
          + FORMAT + ")");
    }
    int epoch;
    try {
      epoch = Integer.parseInt(meta.getOrDefault("epoch", ""));
    } catch (NumberFormatException e) {
      throw new SafetensorsException(where + ": checkpoint epoch '" + meta.get("epoch") + "' is not an integer");
    }
    Map<String, Tensor> model = new LinkedHashMap<>();
    Map<Integer, Map<String, Tensor>> optState = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
      String k = e.getKey();
      if (k.startsWith(MODEL)) {
        model.put(k.substring(MODEL.length()), e.getValue());
      } else if (k.startsWith(OPT)) {
        String rest = k.substring(OPT.length());
        int dot = rest.indexOf('.');
        int idx;
        try {
          idx = Integer.parseInt(dot < 0 ? "" : rest.substring(0, dot));
        } catch (NumberFormatException ex) {
          throw new SafetensorsException(where + ": malformed optimizer state name '" + k + "'");
        }
        optState.computeIfAbsent(idx, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
      } else {
        throw new SafetensorsException(where + ": unexpected tensor '" + k + "' in checkpoint");
      }
    }
    Optimizer.StateDict opt = null;
    try {
      String groups = meta.get("optimizer.param_groups");
      if (groups != null) {
        List<Map<String, Object>> pg = GSON.fromJson(groups, new TypeToken<List<Map<String, Object>>>() {}.getType());
        if (pg == null) throw new SafetensorsException(where + ": empty optimizer.param_groups");
        opt = new Optimizer.StateDict(optState, pg);
      } else if (!optState.isEmpty()) {
        throw new SafetensorsException(where + ": optimizer state tensors without optimizer.param_groups");
      }
      Map<String, Object> sched = null;
      if (meta.containsKey("scheduler")) {
        sched = GSON.fromJson(meta.get("scheduler"), new TypeToken<Map<String, Object>>() {}.getType());
      }
      long[] gen = null;
      if (meta.containsKey("generator")) {
        String[] parts = meta.get("generator").split(",");
        if (parts.length != 2) throw new SafetensorsException(where + ": generator state must be 'seed,offset'");
        gen = new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
        if (gen[1] < 0) throw new SafetensorsException(where + ": generator offset must be >= 0");
      }
      Map<String, String> extra = new LinkedHashMap<>();
      meta.forEach((k, v) -> {
        if (k.startsWith("extra.")) extra.put(k.substring(6), v);
      });
      return new Contents(model, opt, sched, epoch, gen, extra);
    } catch (JsonParseException | NumberFormatException | ClassCastException e) {
      throw new SafetensorsException(where + ": malformed checkpoint metadata: " + e.getMessage());
    }
  }

  /**
   * Loads a checkpoint and applies it: every part is validated against {@code model} (strict
   * names and shapes) and {@code optimizer} first; only then are the scheduler state (through
   * {@code schedulerLoader}), model, optimizer and generator restored. Null targets are skipped.
   */
  public static Contents restore(Path path, Module model, Optimizer optimizer, Consumer<Map<String, Object>> schedulerLoader,
      Generator generator) throws IOException {
    Contents c = load(path);
    model.checkStateDict(c.model(), true);
    if (optimizer != null) {
      if (c.optimizer() == null) throw new SafetensorsException(path + ": checkpoint holds no optimizer state");
      optimizer.checkStateDict(c.optimizer());
    }
    if (schedulerLoader != null && c.scheduler() == null) throw new SafetensorsException(path + ": checkpoint holds no scheduler state");
    if (generator != null && c.generatorState() == null) throw new SafetensorsException(path + ": checkpoint holds no generator state");
    if (schedulerLoader != null) schedulerLoader.accept(c.scheduler());
    model.loadStateDict(c.model(), true);
    if (optimizer != null) optimizer.loadStateDict(c.optimizer());
    if (generator != null) generator.setState(c.generatorState());
    return c;
  }
}
