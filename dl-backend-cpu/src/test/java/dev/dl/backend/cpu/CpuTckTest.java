package dev.dl.backend.cpu;

import dev.dl.Device;
import dev.dl.backend.tck.BackendTck;

/** Runs the backend conformance kit against the CPU backend. */
class CpuTckTest extends BackendTck {
  @Override
  protected Device device() { return Device.cpu(); }
}
