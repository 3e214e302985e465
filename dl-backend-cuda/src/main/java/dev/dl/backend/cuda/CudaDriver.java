package dev.dl.backend.cuda;

import java.nio.ByteBuffer;

/**
 * The slice of the CUDA driver API this backend uses, so that everything above it (allocator,
 * staging, launches, probing) can be tested without a GPU. Every method throws
 * {@link CudaException} carrying the CUresult when the driver reports an error. Handles are
 * opaque objects owned by the implementation.
 */
interface CudaDriver {
  /** A device's identity and limits. */
  record DeviceInfo(String name, int major, int minor, long totalBytes, int multiprocessors) {
    int computeCapability() { return major * 10 + minor; }
  }

  /** A page-locked host buffer: the driver's handle and a little-endian view of its bytes. */
  record HostBuffer(Object handle, ByteBuffer bytes) {}

  /** A device address: an allocation's handle plus a byte offset into it. */
  record DevicePtr(Object allocation, long byteOffset) {
    DevicePtr plus(long bytes) { return new DevicePtr(allocation, byteOffset + bytes); }
  }

  /** cuInit(0). */
  void init();

  /** cuDriverGetVersion: 1000 * major + 10 * minor of the newest CUDA the driver supports. */
  int driverVersion();

  /** cuDeviceGetCount. */
  int deviceCount();

  /** Name, compute capability, memory and multiprocessor count of device {@code ordinal}. */
  DeviceInfo device(int ordinal);

  /** cuDevicePrimaryCtxRetain. */
  Object retainPrimaryContext(int ordinal);

  /** cuDevicePrimaryCtxRelease. */
  void releasePrimaryContext(int ordinal);

  /** cuCtxSetCurrent on the calling thread. */
  void makeCurrent(Object context);

  /** cuModuleLoadData with a NUL-terminated PTX image (JIT-compiled by the driver). */
  Object loadModule(byte[] image);

  /** cuModuleGetFunction. */
  Object function(Object module, String name);

  /** cuMemAlloc. */
  Object memAlloc(long bytes);

  /** cuMemFree. */
  void memFree(Object allocation);

  /** cuMemGetInfo: {free, total} bytes of the current context's device. */
  long[] memInfo();

  /** cuMemHostAlloc (portable, page-locked). */
  HostBuffer hostAlloc(long bytes);

  /** cuMemFreeHost. */
  void hostFree(HostBuffer buffer);

  /** cuMemcpyHtoDAsync from a pinned buffer. */
  void copyHtoD(DevicePtr dst, HostBuffer src, long srcOffset, long bytes, Object stream);

  /** cuMemcpyDtoHAsync into a pinned buffer. */
  void copyDtoH(HostBuffer dst, long dstOffset, DevicePtr src, long bytes, Object stream);

  /** cuMemcpyDtoDAsync. */
  void copyDtoD(DevicePtr dst, DevicePtr src, long bytes, Object stream);

  /** cuStreamCreate (non-blocking with respect to the legacy default stream). */
  Object createStream();

  /** cuStreamSynchronize. */
  void synchronizeStream(Object stream);

  /** cuStreamDestroy. */
  void destroyStream(Object stream);

  /** cuEventCreate with timing disabled (cheapest for ordering). */
  Object createEvent();

  /** cuEventRecord. */
  void recordEvent(Object event, Object stream);

  /** cuEventSynchronize. */
  void synchronizeEvent(Object event);

  /** cuEventDestroy. */
  void destroyEvent(Object event);

  /**
   * cuLaunchKernel. Arguments are {@link DevicePtr}, {@link Integer}, {@link Long}, {@link Double}
   * or {@code int[]} (a by-value struct of ints), in the kernel's parameter order.
   */
  void launch(Object function, LaunchConfig config, Object stream, Object... args);
}
