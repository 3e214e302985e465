package dev.dl.backend.cuda;

import static dev.dl.backend.cuda.CudaErrors.check;

import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * {@link CudaDriver} over JCuda's driver-API bindings. The first use of {@link JCudaDriver} loads
 * JCuda's JNI library, which links against libcuda.so.1; without a driver that throws
 * {@link UnsatisfiedLinkError} (and {@link NoClassDefFoundError} on later uses), which the provider
 * turns into an "unavailable" reason. JCuda's exceptions stay off: every call's CUresult is checked
 * here and becomes a {@link CudaException} naming the call.
 */
final class JCudaDriverApi implements CudaDriver {
  /**
   * The first load failure. Later uses of a class whose initialiser failed only say "Could not
   * initialize class", so every later attempt rethrows the original, which names the missing library.
   */
  private static volatile LinkageError loadFailure;

  private JCudaDriverApi() {
    JCudaDriver.setExceptionsEnabled(false);
  }

  /** The driver over JCuda; throws the {@link LinkageError} of JCuda's native library when it cannot load. */
  static CudaDriver create() {
    LinkageError failed = loadFailure;
    if (failed != null) throw failed;
    try {
      return new JCudaDriverApi();
    } catch (LinkageError e) {
      loadFailure = e;
      throw e;
    }
  }

  @Override
  public void init() { check(JCudaDriver.cuInit(0), "cuInit"); }

  @Override
  public int driverVersion() {
    int[] v = new int[1];
    check(JCudaDriver.cuDriverGetVersion(v), "cuDriverGetVersion");
    return v[0];
  }

  @Override
  public int deviceCount() {
    int[] n = new int[1];
    check(JCudaDriver.cuDeviceGetCount(n), "cuDeviceGetCount");
    return n[0];
  }

  private static CUdevice deviceHandle(int ordinal) {
    CUdevice d = new CUdevice();
    check(JCudaDriver.cuDeviceGet(d, ordinal), "cuDeviceGet(" + ordinal + ")");
    return d;
  }

  private static int attribute(CUdevice d, int attribute) {
    int[] v = new int[1];
    check(JCudaDriver.cuDeviceGetAttribute(v, attribute, d), "cuDeviceGetAttribute");
    return v[0];
  }

  @Override
  public DeviceInfo device(int ordinal) {
    CUdevice d = deviceHandle(ordinal);
    byte[] name = new byte[256];
    check(JCudaDriver.cuDeviceGetName(name, name.length, d), "cuDeviceGetName");
    int len = 0;
    while (len < name.length && name[len] != 0) len++;
    long[] total = new long[1];
    check(JCudaDriver.cuDeviceTotalMem(total, d), "cuDeviceTotalMem");
    return new DeviceInfo(new String(name, 0, len, java.nio.charset.StandardCharsets.UTF_8),
        attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
        attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR), total[0],
        attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT));
  }

  @Override
  public Object retainPrimaryContext(int ordinal) {
    CUcontext ctx = new CUcontext();
    check(JCudaDriver.cuDevicePrimaryCtxRetain(ctx, deviceHandle(ordinal)), "cuDevicePrimaryCtxRetain");
    return ctx;
  }

  @Override
  public void releasePrimaryContext(int ordinal) {
    check(JCudaDriver.cuDevicePrimaryCtxRelease(deviceHandle(ordinal)), "cuDevicePrimaryCtxRelease");
  }

  @Override
  public void makeCurrent(Object context) {
    check(JCudaDriver.cuCtxSetCurrent((CUcontext) context), "cuCtxSetCurrent");
  }

  @Override
  public Object loadModule(byte[] image) {
    CUmodule m = new CUmodule();
    check(JCudaDriver.cuModuleLoadData(m, image), "cuModuleLoadData");
    return m;
  }

  @Override
  public Object function(Object module, String name) {
    CUfunction f = new CUfunction();
    check(JCudaDriver.cuModuleGetFunction(f, (CUmodule) module, name), "cuModuleGetFunction(" + name + ")");
    return f;
  }

  @Override
  public Object memAlloc(long bytes) {
    CUdeviceptr p = new CUdeviceptr();
    check(JCudaDriver.cuMemAlloc(p, bytes), "cuMemAlloc(" + bytes + " bytes)");
    return p;
  }

  @Override
  public void memFree(Object allocation) { check(JCudaDriver.cuMemFree((CUdeviceptr) allocation), "cuMemFree"); }

  @Override
  public long[] memInfo() {
    long[] free = new long[1], total = new long[1];
    check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
    return new long[] {free[0], total[0]};
  }

  @Override
  public HostBuffer hostAlloc(long bytes) {
    Pointer p = new Pointer();
    check(JCudaDriver.cuMemHostAlloc(p, bytes, JCudaDriver.CU_MEMHOSTALLOC_PORTABLE), "cuMemHostAlloc(" + bytes + " bytes)");
    return new HostBuffer(p, p.getByteBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN));
  }

  @Override
  public void hostFree(HostBuffer buffer) { check(JCudaDriver.cuMemFreeHost((Pointer) buffer.handle()), "cuMemFreeHost"); }

  private static CUdeviceptr address(DevicePtr p) {
    CUdeviceptr base = (CUdeviceptr) p.allocation();
    return p.byteOffset() == 0 ? base : base.withByteOffset(p.byteOffset());
  }

  @Override
  public void copyHtoD(DevicePtr dst, HostBuffer src, long srcOffset, long bytes, Object stream) {
    Pointer host = ((Pointer) src.handle()).withByteOffset(srcOffset);
    check(JCudaDriver.cuMemcpyHtoDAsync(address(dst), host, bytes, (CUstream) stream), "cuMemcpyHtoDAsync");
  }

  @Override
  public void copyDtoH(HostBuffer dst, long dstOffset, DevicePtr src, long bytes, Object stream) {
    Pointer host = ((Pointer) dst.handle()).withByteOffset(dstOffset);
    check(JCudaDriver.cuMemcpyDtoHAsync(host, address(src), bytes, (CUstream) stream), "cuMemcpyDtoHAsync");
  }

  @Override
  public void copyDtoD(DevicePtr dst, DevicePtr src, long bytes, Object stream) {
    check(JCudaDriver.cuMemcpyDtoDAsync(address(dst), address(src), bytes, (CUstream) stream), "cuMemcpyDtoDAsync");
  }

  @Override
  public Object createStream() {
    CUstream s = new CUstream();
    check(JCudaDriver.cuStreamCreate(s, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
    return s;
  }

  @Override
  public void synchronizeStream(Object stream) {
    check(JCudaDriver.cuStreamSynchronize((CUstream) stream), "cuStreamSynchronize");
  }

  @Override
  public void destroyStream(Object stream) { check(JCudaDriver.cuStreamDestroy((CUstream) stream), "cuStreamDestroy"); }

  @Override
  public Object createEvent() {
    CUevent e = new CUevent();
    check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
    return e;
  }

  @Override
  public void recordEvent(Object event, Object stream) {
    check(JCudaDriver.cuEventRecord((CUevent) event, (CUstream) stream), "cuEventRecord");
  }

  @Override
  public void synchronizeEvent(Object event) { check(JCudaDriver.cuEventSynchronize((CUevent) event), "cuEventSynchronize"); }

  @Override
  public void destroyEvent(Object event) { check(JCudaDriver.cuEventDestroy((CUevent) event), "cuEventDestroy"); }

  @Override
  public void launch(Object function, LaunchConfig c, Object stream, Object... args) {
    Pointer[] params = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) params[i] = parameter(args[i]);
    check(JCudaDriver.cuLaunchKernel((CUfunction) function, c.gridX(), c.gridY(), c.gridZ(), c.blockX(), c.blockY(),
        c.blockZ(), c.sharedBytes(), (CUstream) stream, Pointer.to(params), null), "cuLaunchKernel");
  }

  /** cuLaunchKernel wants, per parameter, a host pointer to the parameter's value. */
  private static Pointer parameter(Object arg) {
    return switch (arg) {
      case DevicePtr p -> Pointer.to(address(p));
      case Integer v -> Pointer.to(new int[] {v});
      case Long v -> Pointer.to(new long[] {v});
      case Double v -> Pointer.to(new double[] {v});
      case int[] struct -> Pointer.to(struct);
      default -> throw new IllegalArgumentException("unsupported kernel argument type " + arg.getClass().getName());
    };
  }
}
