package dev.dl.examples;

import dev.dl.Backends;
import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.Tensor;
import java.io.PrintStream;

/**
 * The demo main job: lists the discovered backends (available or not, and why), picks the
 * default device and runs a few tensor operations on it.
 *
 * <pre>{@code
 * ./dl          # builds if needed, then runs this
 * }</pre>
 */
public final class Demo {
  private Demo() {}

  /** Runs the demo, printing to standard output. */
  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the demo, printing to {@code out}. */
  public static void run(PrintStream out) {
    out.print(Backends.report());
    Device device = Device.defaultDevice();
    out.println("available devices: " + Backends.devices());
    out.println("running on: " + device);
    Generator g = new Generator(0);
    Tensor x = Tensor.randn(g, 2, 3).to(device);
    out.println("x = randn(2, 3):\n" + x);
    out.println("x @ x.T:\n" + x.matmul(x.t()));
    out.println("softmax(x, dim=1):\n" + x.softmax(1));
    out.println("x.sum(dim=0): " + x.sum(0));
    Tensor m = Tensor.arange(12).view(3, 4);
    out.println("arange(12).view(3, 4)[:, 1:3]:\n" + m.index(":, 1:3"));
  }
}
