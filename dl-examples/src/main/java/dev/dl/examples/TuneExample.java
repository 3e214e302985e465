package dev.dl.examples;

import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Tensor;
import dev.dl.data.tabular.TrainTestSplit;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Parameter;
import dev.dl.nn.Sequential;
import dev.dl.optim.Adam;
import dev.dl.optim.Optimizer;
import dev.dl.optim.RMSprop;
import dev.dl.optim.SGD;
import dev.dl.tune.Direction;
import dev.dl.tune.FrozenTrial;
import dev.dl.tune.MedianPruner;
import dev.dl.tune.RandomSampler;
import dev.dl.tune.Sampler;
import dev.dl.tune.Study;
import dev.dl.tune.TpeSampler;
import dev.dl.tune.TrialPruned;
import dev.dl.tune.TrialState;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hyperparameter search for a digits classifier with {@code dev.dl.tune}: hidden size, layers,
 * dropout, learning rate (log scale), optimizer and batch size, chosen by TPE (or at random),
 * with median pruning on the per-epoch validation accuracy; the best trial is retrained and
 * scored once on the test split.
 *
 * <pre>{@code
 * ./dl tune --trials 30
 * ./dl tune --sampler random --trials 20
 * }</pre>
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Hyperparameter search (TPE or random, median pruning) for a digits MLP with dev.dl.tune.")
public final class TuneExample extends ExampleCommand {
  enum SamplerKind { tpe, random }

  @Option(names = "--trials", description = "number of trials (default: 30; quick mode 6)")
  Integer trials;

  @Option(names = "--sampler", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  SamplerKind samplerKind = SamplerKind.tpe;

  @Override
  String name() { return "tune"; }

  @Override
  void run(Device device) throws Exception {
    ExampleData.Images all = ExampleData.digits();
    // Train / validation / test: the search only ever sees validation accuracy.
    TrainTestSplit.Split outer = TrainTestSplit.split(all.x().size(0), 0.2, opts.seed, all.y());
    Tensor xRest = TrainTestSplit.take(all.x(), outer.train());
    Tensor yRest = TrainTestSplit.take(all.y(), outer.train());
    Tensor xTest = TrainTestSplit.take(all.x(), outer.test());
    Tensor yTest = TrainTestSplit.take(all.y(), outer.test());
    TrainTestSplit.Split inner = TrainTestSplit.split(xRest.size(0), 0.2, opts.seed + 1, yRest);
    Tensor xTrain = TrainTestSplit.take(xRest, inner.train());
    Tensor yTrain = TrainTestSplit.take(yRest, inner.train());
    Tensor xVal = TrainTestSplit.take(xRest, inner.test());
    Tensor yVal = TrainTestSplit.take(yRest, inner.test());
    int nTrials = trials != null ? trials : opts.quick ? 6 : 30;
    int epochs = opts.epochs(12, 3);
    out.printf("search: %d trials, %d epochs each, %s sampler, median pruning; %d train / %d validation / %d test digits%n", nTrials, epochs,
        samplerKind, xTrain.size(0), xVal.size(0), xTest.size(0));

    Sampler sampler = samplerKind == SamplerKind.tpe ? new TpeSampler(opts.seed, Math.min(10, Math.max(2, nTrials / 3)), 24)
        : new RandomSampler(opts.seed);
    Study study = new Study(Direction.MAXIMIZE, sampler, new MedianPruner(3, 1, 1));
    var loss = new CrossEntropyLoss();
    Trainer quiet = new Trainer(device, new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()), false);
    study.optimize(trial -> {
      int layers = trial.suggestInt("layers", 1, 3);
      int hidden = trial.suggestInt("hidden", 16, 256, true);
      double dropout = trial.suggestFloat("dropout", 0.0, 0.5);
      double lr = trial.suggestFloat("lr", 1e-4, 1e-1, true);
      String opt = trial.suggestCategorical("optimizer", List.of("sgd", "adam", "rmsprop"));
      int batch = trial.suggestCategorical("batch_size", List.of(16, 32, 64, 128));
      Generator.manualSeed(opts.seed + trial.number());
      Sequential model = Models.digitsMlp(layers, hidden, dropout);
      model.to(device);
      History h = quiet.fit(model, loss, optimizer(opt, model.parameters(), lr), loader(xTrain, yTrain, batch, false), xVal, yVal, epochs,
          (epoch, trLoss, trAcc, valLoss, valAcc) -> {
            trial.report(epoch, valAcc);
            if (trial.shouldPrune()) throw new TrialPruned(trial, epoch);
            return false;
          });
      return h.testAccuracy().getLast();
    }, nTrials, t -> out.printf("trial %2d %-8s %s %s%n", t.number(), t.state(),
        t.state() == TrialState.COMPLETE ? String.format("val acc %6.2f%%", 100 * t.value())
            : String.format("(at epoch %d: %.2f%%)", t.lastStep() + 1, 100 * t.intermediateValues().get(t.lastStep())), format(t.params())));

    FrozenTrial best = study.bestTrial();
    long pruned = study.trials().stream().filter(t -> t.state() == TrialState.PRUNED).count();
    out.printf("%nbest trial %d: validation accuracy %s with %s (%d of %d trials pruned)%n", best.number(), pct(best.value()), format(best.params()),
        pruned, study.trials().size());
    result("best_val_accuracy", best.value());
    result("pruned_trials", pruned);

    // Retrain the best configuration on train + validation and score it once on the untouched test split.
    var p = best.params();
    Generator.manualSeed(opts.seed);
    Sequential model = Models.digitsMlp((Integer) p.get("layers"), (Integer) p.get("hidden"), (Double) p.get("dropout"));
    model.to(device);
    Trainer trainer = trainer(device);
    trainer.fit(model, loss, optimizer((String) p.get("optimizer"), model.parameters(), (Double) p.get("lr")),
        loader(xRest, yRest, (Integer) p.get("batch_size"), false), xTest, yTest, epochs, null);
    double testAcc = trainer.evaluate(model, loss, xTest, yTest, 512).accuracy();
    out.printf("best configuration retrained on train+validation: test accuracy %s%n", pct(testAcc));
    result("best_test_accuracy", testAcc);

    List<FrozenTrial> done = study.completedTrials();
    List<FrozenTrial> cut = study.trials().stream().filter(t -> t.state() == TrialState.PRUNED).toList();
    wrote(Plots.trials(done.stream().mapToDouble(FrozenTrial::number).toArray(), done.stream().mapToDouble(t -> 100 * t.value()).toArray(),
        cut.stream().mapToDouble(FrozenTrial::number).toArray(),
        cut.stream().mapToDouble(t -> 100 * t.intermediateValues().get(t.lastStep())).toArray(), true, outDir.resolve("trials.png"),
        "digits MLP search (" + samplerKind + ")", "validation accuracy (%)"));
  }

  /** Parameters as name=value with doubles to 3 significant digits. */
  static String format(java.util.Map<String, Object> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=')
        .append(v instanceof Double d ? String.format("%.3g", d) : v));
    return sb.toString();
  }

  static Optimizer optimizer(String name, List<Parameter> params, double lr) {
    return switch (name) {
      case "sgd" -> new SGD(params, lr, 0.9, 0, 0, false, false);
      case "adam" -> new Adam(params, lr);
      case "rmsprop" -> new RMSprop(params, lr);
      default -> throw new IllegalArgumentException("unknown optimizer " + name + "; use sgd, adam or rmsprop");
    };
  }
}
