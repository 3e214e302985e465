package dev.dl.backend.opencl;

import static org.jocl.CL.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Every OpenCL device of every platform, found once per JVM. Discovery never throws: a missing
 * libOpenCL, a missing ICD or zero platforms become a reason a person can act on.
 */
final class ClDevices {
  /** The ICD loader's "no platform registered" status (cl_khr_icd). */
  static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;

  /** One device and the facts the backend needs about it. */
  record Info(cl_platform_id platform, cl_device_id device, String name, String platformName, boolean gpu,
              boolean fp64, int maxWorkGroupSize, long localMemBytes, long globalMemBytes, long maxAllocBytes) {
    String describe() {
      return name.strip() + " (" + platformName.strip() + (gpu ? ", gpu" : ", cpu/other") + ")";
    }
  }

  /** The discovery result: devices, or the reason there are none. */
  record Discovery(List<Info> devices, String reason) {}

  private static volatile Discovery discovery;

  private ClDevices() {}

  static Discovery discover() {
    Discovery d = discovery;
    if (d == null) {
      synchronized (ClDevices.class) {
        d = discovery;
        if (d == null) {
          d = probeAll();
          discovery = d;
        }
      }
    }
    return d;
  }

  private static Discovery probeAll() {
    try {
      CL.setExceptionsEnabled(true);
      int[] count = new int[1];
      try {
        clGetPlatformIDs(0, null, count);
      } catch (CLException e) {
        if (e.getStatus() == CL_PLATFORM_NOT_FOUND_KHR) {
          return new Discovery(List.of(), "no OpenCL platform (the ICD loader found no driver): install an ICD "
              + "such as pocl-opencl-icd or a GPU vendor's OpenCL driver");
        }
        throw e;
      }
      if (count[0] == 0) {
        return new Discovery(List.of(), "no OpenCL platform: install an ICD such as pocl-opencl-icd");
      }
      cl_platform_id[] platforms = new cl_platform_id[count[0]];
      clGetPlatformIDs(platforms.length, platforms, null);
      List<Info> out = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      for (cl_platform_id p : platforms) {
        try {
          int[] n = new int[1];
          clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
          cl_device_id[] ids = new cl_device_id[n[0]];
          clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
          for (cl_device_id id : ids) out.add(info(p, id));
        } catch (CLException e) {
          // A platform without devices answers CL_DEVICE_NOT_FOUND; others are reported if nothing works.
          problems.add(e.getMessage());
        }
      }
      if (out.isEmpty()) {
        return new Discovery(List.of(), "OpenCL platforms found but no usable device" + (problems.isEmpty() ? ""
            : ": " + String.join("; ", problems)));
      }
      return new Discovery(List.copyOf(out), "");
    } catch (LinkageError e) {
      return new Discovery(List.of(), "the OpenCL library could not be loaded (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "): install an ICD loader (ocl-icd-libopencl1) and a driver such as pocl-opencl-icd");
    } catch (RuntimeException e) {
      return new Discovery(List.of(), "OpenCL discovery failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Info info(cl_platform_id p, cl_device_id d) {
    long type = longInfo(d, CL_DEVICE_TYPE);
    String ext = stringInfo(d, CL_DEVICE_EXTENSIONS);
    return new Info(p, d, stringInfo(d, CL_DEVICE_NAME), platformName(p),
        (type & (CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_ACCELERATOR)) != 0,
        ext.contains("cl_khr_fp64"), (int) Math.min(Integer.MAX_VALUE, sizeInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE)),
        longInfo(d, CL_DEVICE_LOCAL_MEM_SIZE), longInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE),
        longInfo(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE));
  }

  private static String platformName(cl_platform_id p) {
    long[] size = new long[1];
    clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
    byte[] buf = new byte[(int) size[0]];
    clGetPlatformInfo(p, CL_PLATFORM_NAME, buf.length, Pointer.to(buf), null);
    return cString(buf);
  }

  static String stringInfo(cl_device_id d, int param) {
    long[] size = new long[1];
    clGetDeviceInfo(d, param, 0, null, size);
    byte[] buf = new byte[(int) size[0]];
    clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
    return cString(buf);
  }

  private static long longInfo(cl_device_id d, int param) {
    long[] v = new long[1];
    clGetDeviceInfo(d, param, 8, Pointer.to(v), null);
    return v[0];
  }

  private static long sizeInfo(cl_device_id d, int param) {
    // size_t is 8 bytes on the 64-bit hosts JOCL supports; read through a buffer to be explicit.
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    clGetDeviceInfo(d, param, 8, Pointer.to(b), null);
    return b.getLong(0);
  }

  private static String cString(byte[] buf) {
    int end = 0;
    while (end < buf.length && buf[end] != 0) end++;
    return new String(buf, 0, end, java.nio.charset.StandardCharsets.UTF_8);
  }
}
