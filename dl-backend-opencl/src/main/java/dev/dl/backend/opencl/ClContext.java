package dev.dl.backend.opencl;

import static org.jocl.CL.*;

import dev.dl.DType;
import dev.dl.spi.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * One device's OpenCL context, its in-order command queue, and the programs built for it. A
 * program is one {@code .cl} resource compiled for one dtype; each is built once per context, on
 * first use, and cached with its kernels. Not thread-safe: the backend
 * serialises kernel launches (kernel arguments are per-kernel state in OpenCL).
 */
final class ClContext {
  private static final String RESOURCE_DIR = "/dev/dl/backend/opencl/";

  final ClDevices.Info info;
  final String deviceName;
  final cl_context context;
  final cl_command_queue queue;
  final BufferPool pool;
  /** Local size of elementwise launches. */
  final int elementwiseLocal;
  /** Largest power-of-two work-group for tree reductions (the size of their local arrays). */
  final int reduceLocal;
  /** GEMM tile edge, outputs per thread per dim, and K depth of a step. */
  final int gemmTile;
  final int gemmWpt;
  final int gemmDepth = 16;
  private final Map<String, cl_program> programs = new HashMap<>();
  private final Map<String, cl_kernel> kernels = new HashMap<>();
  private final String preamble;

  ClContext(ClDevices.Info info, String deviceName) {
    this.info = info;
    this.deviceName = deviceName;
    cl_context_properties props = new cl_context_properties();
    props.addProperty(CL_CONTEXT_PLATFORM, info.platform());
    this.context = clCreateContext(props, 1, new cl_device_id[] {info.device()}, null, null, null);
    // clCreateCommandQueue is deprecated in 2.0 but is the only call a 1.2 device understands.
    @SuppressWarnings("deprecation")
    cl_command_queue q = clCreateCommandQueue(context, info.device(), 0, null);
    this.queue = q;
    cl_context c = context;
    this.pool = new BufferPool(deviceName, info.maxAllocBytes(),
        bytes -> clCreateBuffer(c, CL_MEM_READ_WRITE, bytes, null, null), CL::clReleaseMemObject);
    int maxWg = Math.max(1, info.maxWorkGroupSize());
    this.elementwiseLocal = Math.min(128, Integer.highestOneBit(maxWg));
    this.reduceLocal = Math.min(256, Integer.highestOneBit(maxWg));
    // GPUs: 16x16 threads with 4x4 outputs each (8x8 threads where 256 work-items are too many).
    // CPU devices (PoCL): 4x4 threads with 16x16 outputs each, so a row of outputs is one 16-wide
    // vector (an AVX-512 register); on PoCL this measured 5-10x faster than the GPU shape.
    if (info.gpu()) {
      this.gemmTile = maxWg >= 256 ? 64 : 32;
      this.gemmWpt = 4;
    } else {
      this.gemmTile = 64;
      this.gemmWpt = 16;
    }
    StringBuilder sb = new StringBuilder("// op codes: the ordinals of dev.dl.spi.Op\n");
    for (Op op : Op.values()) sb.append("#define OP_").append(op.name()).append(' ').append(op.ordinal()).append('\n');
    sb.append("// dtype codes: the ordinals of dev.dl.DType\n");
    for (DType t : DType.values()) sb.append("#define DT_").append(t.name()).append(' ').append(t.ordinal()).append('\n');
    this.preamble = sb.toString();
  }

  /** The kernel {@code name} of {@code file}.cl built for {@code dtype}. */
  cl_kernel kernel(String file, DType dtype, String name) {
    String key = file + '/' + dtype + '/' + name;
    cl_kernel k = kernels.get(key);
    if (k == null) {
      k = clCreateKernel(program(file, dtype), name, null);
      kernels.put(key, k);
    }
    return k;
  }

  private cl_program program(String file, DType dtype) {
    String key = file + '/' + dtype;
    cl_program p = programs.get(key);
    if (p != null) return p;
    String source = preamble + resource("common.cl") + resource(file + ".cl");
    // Kernels that write bool or int64 (predicates, comparisons, ARGMAX) or another dtype (casts)
    // name those output types themselves, so one build per dtype serves them all.
    String options = ClTypes.options(dtype, info.fp64()) + " -D RED_WG=" + reduceLocal + " -D TS=" + gemmTile
        + " -D WPT=" + gemmWpt + " -D TK=" + gemmDepth;
    p = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
    try {
      clBuildProgram(p, 1, new cl_device_id[] {info.device()}, options, null, null);
    } catch (CLException e) {
      String log = buildLog(p);
      clReleaseProgram(p);
      throw new IllegalStateException("building OpenCL program " + file + ".cl for " + dtype + " on "
          + deviceName + " failed (" + e.getMessage() + "):\n" + log, e);
    }
    programs.put(key, p);
    return p;
  }

  private String buildLog(cl_program p) {
    long[] size = new long[1];
    clGetProgramBuildInfo(p, info.device(), CL_PROGRAM_BUILD_LOG, 0, null, size);
    byte[] buf = new byte[(int) size[0]];
    clGetProgramBuildInfo(p, info.device(), CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
    return new String(buf, StandardCharsets.UTF_8).trim();
  }

  private static String resource(String name) {
    try (InputStream in = ClContext.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) throw new IllegalStateException("kernel source " + RESOURCE_DIR + name + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kernel source " + name, e);
    }
  }

  /** Starts setting the arguments of kernel {@code name} of {@code file}.cl for {@code dtype}, for one launch. */
  Launch launch(String file, DType dtype, String name) {
    return new Launch(this, kernel(file, dtype, name), file + ".cl:" + name + " (" + dtype + ")");
  }

  /** Number of programs built so far (for tests of the cache). */
  int programCount() { return programs.size(); }
}
