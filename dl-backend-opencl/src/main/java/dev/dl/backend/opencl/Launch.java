package dev.dl.backend.opencl;

import static org.jocl.CL.*;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Sets one kernel's arguments in order and enqueues it. Metadata arrays (shapes and strides) go
 * to small read-only buffers that are released right after the enqueue: OpenCL keeps a buffer
 * alive until the commands using it have finished.
 */
final class Launch {
  private final ClContext ctx;
  private final cl_kernel kernel;
  private final String description;
  private final List<cl_mem> temporaries = new ArrayList<>(1);
  private final List<Object> keepAlive = new ArrayList<>(4);
  private int index;

  Launch(ClContext ctx, cl_kernel kernel, String description) {
    this.ctx = ctx;
    this.kernel = kernel;
    this.description = description;
  }

  /** A storage argument; the storage stays reachable until the kernel is enqueued. */
  Launch storage(ClStorage s) {
    keepAlive.add(s);
    return mem(s.mem());
  }

  Launch mem(cl_mem m) {
    clSetKernelArg(kernel, index++, Sizeof.cl_mem, Pointer.to(m));
    return this;
  }

  Launch i(int v) {
    clSetKernelArg(kernel, index++, Sizeof.cl_int, Pointer.to(new int[] {v}));
    return this;
  }

  Launch l(long v) {
    clSetKernelArg(kernel, index++, Sizeof.cl_long, Pointer.to(new long[] {v}));
    return this;
  }

  Launch f(float v) {
    clSetKernelArg(kernel, index++, Sizeof.cl_float, Pointer.to(new float[] {v}));
    return this;
  }

  Launch d(double v) {
    clSetKernelArg(kernel, index++, Sizeof.cl_double, Pointer.to(new double[] {v}));
    return this;
  }

  /** An int array in a fresh {@code __constant} buffer. */
  Launch meta(int[] values) {
    int[] data = values.length == 0 ? new int[1] : values;
    cl_mem m = clCreateBuffer(ctx.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) data.length * Sizeof.cl_int,
        Pointer.to(data), null);
    temporaries.add(m);
    return mem(m);
  }

  /** Enqueues a 1-D launch of {@code n} work-items rounded up to the elementwise local size. */
  void run1d(int n) {
    long local = ctx.elementwiseLocal;
    run(new long[] {(n + local - 1) / local * local}, new long[] {local});
  }

  /** Enqueues with explicit global and local sizes. */
  void run(long[] global, long[] local) {
    try {
      clEnqueueNDRangeKernel(ctx.queue, kernel, global.length, null, global, local, 0, null, null);
      clFlush(ctx.queue);
    } catch (CLException e) {
      throw new IllegalStateException("OpenCL kernel " + description + " could not be launched on " + ctx.deviceName
          + " with global size " + Arrays.toString(global) + " and local size " + Arrays.toString(local) + ": "
          + e.getMessage() + (BufferPool.isOutOfMemory(e.getStatus()) ? "; the device is out of memory or "
          + "resources: release tensors you no longer need or use smaller batches" : ""), e);
    } finally {
      for (cl_mem m : temporaries) clReleaseMemObject(m);
      Reference.reachabilityFence(keepAlive);
    }
  }
}
