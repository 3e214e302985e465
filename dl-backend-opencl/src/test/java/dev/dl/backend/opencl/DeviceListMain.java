package dev.dl.backend.opencl;

import dev.dl.Backends;

/** Run in a child JVM by {@link DeployTimeChoiceTest}: prints what discovery found on its class path. */
final class DeviceListMain {
  private DeviceListMain() {}

  public static void main(String[] args) {
    System.out.println(Backends.report());
    System.out.println("devices=" + Backends.devices());
  }
}
