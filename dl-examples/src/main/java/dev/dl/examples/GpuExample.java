package dev.dl.examples;

import dev.dl.Backends;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;
import dev.dl.data.TensorDataset;
import dev.dl.data.tabular.TrainTestSplit;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Sequential;
import dev.dl.optim.Adam;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * "Move the model and the data to the GPU", written so that the same code runs anywhere: pick the
 * best available device (or {@code --device}), move the model there once, let the loader prepare
 * pinned batches for that device, move each batch with {@code to(device)}, and use larger batches.
 *
 * <pre>{@code
 * ./dl gpu                    # the best device found: cuda:0, opencl:0 or cpu
 * ./dl gpu --device opencl:0
 * }</pre>
 */
@Command(name = "gpu", mixinStandardHelpOptions = true,
    description = "Device-agnostic training (model and batches moved to the best available device) on the digits CNN.")
public final class GpuExample extends ExampleCommand {
  @Override
  String name() { return "gpu"; }

  /** With {@code --device default}: the first CUDA device, else the first OpenCL device, else the CPU. */
  @Override
  Device device() {
    if (!opts.device.equalsIgnoreCase("default")) return opts.device();
    for (String type : List.of("cuda", "opencl")) {
      for (Device d : Backends.devices()) if (d.type().equals(type)) return d;
    }
    return Device.CPU;
  }

  @Override
  void run(Device device) throws Exception {
    out.println("available devices: " + Backends.devices());
    out.println("training on: " + device + (device.type().equals("cpu") ? " (no accelerator found or asked for)" : ""));
    ExampleData.Images all = ExampleData.digits();
    TrainTestSplit.Split split = TrainTestSplit.split(all.x().size(0), 0.2, opts.seed, all.y());
    Tensor xTrain = TrainTestSplit.take(all.x(), split.train());
    Tensor yTrain = TrainTestSplit.take(all.y(), split.train());
    Tensor xTest = TrainTestSplit.take(all.x(), split.test());
    Tensor yTest = TrainTestSplit.take(all.y(), split.test());

    Sequential model = Models.digitsCnn(16, 64, 0.1);
    model.to(device);   // parameters and buffers now live on the device
    // Larger batches keep an accelerator busy; pinned host batches make the copies cheaper where the backend offers them.
    int batch = opts.batchSize(128);
    DataLoader<List<Tensor>> loader = DataLoader.builder(new TensorDataset(xTrain, yTrain)).batchSize(batch).shuffle(true)
        .numWorkers(opts.workers).pinMemory(true).pinMemoryDevice(device).generator(new dev.dl.Generator(opts.seed)).build();
    var loss = new CrossEntropyLoss();
    Trainer trainer = trainer(device);   // moves every batch with x.to(device) before the forward pass
    History h = trainer.fit(model, loss, new Adam(model.parameters(), opts.lr(1e-2)), loader, xTest, yTest, opts.epochs(25, 10), null);
    double acc = trainer.evaluate(model, loss, xTest, yTest, 512).accuracy();
    Device ran = model.parameters().getFirst().tensor().device();
    out.printf("ran on %s: test accuracy %s, %.1f s training, batch size %d%n", ran, pct(acc), h.seconds(), batch);
    result("test_accuracy", acc);
    saveModel(model, Map.of("arch", "digits-cnn", "channels", "16", "hidden", "64", "seed", "" + opts.seed, "device", ran.toString()), "gpu-digits.safetensors");
    wrote(Plots.curves(h, outDir, "digits on " + ran));
  }
}
