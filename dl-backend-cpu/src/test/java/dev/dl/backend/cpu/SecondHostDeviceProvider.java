package dev.dl.backend.cpu;

import dev.dl.Device;
import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;

/**
 * A second device in host memory, registered for this module's tests only: with it the
 * device-mismatch checks and cross-device copies (and their gradients) run on a machine that has
 * nothing but a CPU. Its low priority keeps {@code cpu} the default device.
 */
public final class SecondHostDeviceProvider implements BackendProvider {
  /** The device this provider serves. */
  public static final Device DEVICE = new Device("testhost", 0);

  @Override
  public String type() { return DEVICE.type(); }

  @Override
  public int priority() { return -100; }

  @Override
  public Availability probe() { return Availability.available(1, "host memory, for tests"); }

  @Override
  public Backend create(int index) { return new CpuBackend(SimdProvider.get(), Parallel.shared(), DEVICE); }
}
