package dev.dl.backend.cuda;

import java.util.Map;

/**
 * Translates CUresult codes into messages for people: the enum name, what it means here, and what
 * to do. Kept in Java (not JCuda's CUresult.stringFor) so that errors can be described even when
 * the native library failed to load.
 */
final class CudaErrors {
  static final int SUCCESS = 0;
  static final int INVALID_VALUE = 1;
  static final int OUT_OF_MEMORY = 2;
  static final int NOT_INITIALIZED = 3;
  static final int STUB_LIBRARY = 34;
  static final int INSUFFICIENT_DRIVER = 35;
  static final int NO_DEVICE = 100;
  static final int INVALID_PTX = 218;
  static final int UNSUPPORTED_PTX_VERSION = 222;
  static final int NOT_FOUND = 500;
  static final int ILLEGAL_ADDRESS = 700;
  static final int LAUNCH_OUT_OF_RESOURCES = 701;

  private record Entry(String name, String meaning) {}

  private static final Map<Integer, Entry> TABLE = Map.ofEntries(
      Map.entry(SUCCESS, new Entry("CUDA_SUCCESS", "no error")),
      Map.entry(INVALID_VALUE, new Entry("CUDA_ERROR_INVALID_VALUE",
          "an argument was out of range (a bug in the backend: please report it with the op and shapes)")),
      Map.entry(OUT_OF_MEMORY, new Entry("CUDA_ERROR_OUT_OF_MEMORY",
          "the device has no room for this allocation; free tensors or use a smaller batch")),
      Map.entry(NOT_INITIALIZED, new Entry("CUDA_ERROR_NOT_INITIALIZED", "cuInit has not been called")),
      Map.entry(4, new Entry("CUDA_ERROR_DEINITIALIZED", "the driver is shutting down")),
      Map.entry(STUB_LIBRARY, new Entry("CUDA_ERROR_STUB_LIBRARY",
          "libcuda.so.1 is the toolkit's stub, not the driver; put the real NVIDIA driver library first on the library path")),
      Map.entry(INSUFFICIENT_DRIVER, new Entry("CUDA_ERROR_INSUFFICIENT_DRIVER",
          "the installed NVIDIA driver is too old; update it")),
      Map.entry(46, new Entry("CUDA_ERROR_DEVICE_UNAVAILABLE",
          "the device is busy or in exclusive-process mode used by another process")),
      Map.entry(NO_DEVICE, new Entry("CUDA_ERROR_NO_DEVICE",
          "no CUDA-capable device is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES)")),
      Map.entry(101, new Entry("CUDA_ERROR_INVALID_DEVICE", "the device ordinal does not exist")),
      Map.entry(200, new Entry("CUDA_ERROR_INVALID_IMAGE", "the module image is not valid for this device")),
      Map.entry(201, new Entry("CUDA_ERROR_INVALID_CONTEXT", "no valid context is current on this thread")),
      Map.entry(209, new Entry("CUDA_ERROR_NO_BINARY_FOR_GPU", "the module has no code for this GPU")),
      Map.entry(INVALID_PTX, new Entry("CUDA_ERROR_INVALID_PTX",
          "the driver's JIT rejected the PTX; the driver may be older than the PTX ISA requires")),
      Map.entry(221, new Entry("CUDA_ERROR_JIT_COMPILER_NOT_FOUND",
          "the driver's PTX JIT compiler (libnvidia-ptxjitcompiler) is missing")),
      Map.entry(UNSUPPORTED_PTX_VERSION, new Entry("CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
          "the PTX ISA version is newer than this driver supports; update the NVIDIA driver")),
      Map.entry(400, new Entry("CUDA_ERROR_INVALID_HANDLE", "a stream, event or module handle was invalid")),
      Map.entry(NOT_FOUND, new Entry("CUDA_ERROR_NOT_FOUND",
          "a kernel name was not found in its module (the PTX resources do not match this jar)")),
      Map.entry(600, new Entry("CUDA_ERROR_NOT_READY", "the work has not finished yet")),
      Map.entry(ILLEGAL_ADDRESS, new Entry("CUDA_ERROR_ILLEGAL_ADDRESS",
          "a kernel read or wrote outside its memory; the context is unusable, restart the JVM")),
      Map.entry(LAUNCH_OUT_OF_RESOURCES, new Entry("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES",
          "the launch asked for more registers or shared memory than the device has")),
      Map.entry(702, new Entry("CUDA_ERROR_LAUNCH_TIMEOUT",
          "a kernel ran too long (display watchdog); use a GPU without a display or smaller inputs")),
      Map.entry(709, new Entry("CUDA_ERROR_CONTEXT_IS_DESTROYED", "the context was destroyed")),
      Map.entry(719, new Entry("CUDA_ERROR_LAUNCH_FAILED",
          "a kernel failed; the context is unusable, restart the JVM")),
      Map.entry(999, new Entry("CUDA_ERROR_UNKNOWN", "an unknown driver error")));

  private CudaErrors() {}

  /** The CUresult's enum name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}, or {@code CUresult 123}. */
  static String name(int result) {
    Entry e = TABLE.get(result);
    return e == null ? "CUresult " + result : e.name();
  }

  /** One line: {@code cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY (2): the device has no room...}. */
  static String describe(int result, String call) {
    Entry e = TABLE.get(result);
    String meaning = e == null ? "see the CUresult list in the CUDA driver API documentation" : e.meaning();
    return call + " failed: " + name(result) + " (" + result + "): " + meaning;
  }

  /** Throws a {@link CudaException} unless {@code result} is CUDA_SUCCESS. */
  static void check(int result, String call) {
    if (result != SUCCESS) throw new CudaException(result, call);
  }

  /** "12.4" for a cuDriverGetVersion value of 12040. */
  static String versionString(int version) {
    return (version / 1000) + "." + (version % 1000) / 10;
  }
}
