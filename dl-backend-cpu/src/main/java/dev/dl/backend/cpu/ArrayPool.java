package dev.dl.backend.cpu;

import dev.dl.DType;
import java.lang.ref.SoftReference;
import java.lang.reflect.Array;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Recycles the large arrays behind CPU storage that a program hands back with
 * {@code Tensor.release()}. A fresh 64 MiB array costs the JVM zeroing and, while the heap grows, a
 * page fault per 4 KiB page, often more than the kernel that fills it; a loop that releases its
 * large temporaries therefore reuses the same few arrays.
 *
 * <p>Only released arrays come back. Storages that are simply dropped are left to the garbage
 * collector: G1 frees an unreferenced large (humongous) array at the next young collection, and
 * any reference the pool kept to it (a {@code Cleaner} action, a weak or soft reference) would
 * defeat that; measured with a Cleaner, a loop of 4096x256 @ 256x1024 products stopped collecting
 * and grew the heap to 6 GB on fresh pages, 7x slower than without the pool.
 *
 * <p>Arrays of at least {@link #MIN_BYTES} are pooled; recycled arrays are <em>not</em> cleared
 * ({@code Backend.allocate} leaves contents unspecified, and every kernel writes its whole
 * output). Idle arrays are held through {@link SoftReference}s, so memory pressure can reclaim
 * them, and {@code -Ddl.cpu.pool.bytes} caps their total (default: an eighth of the maximum
 * heap; 0 disables the pool); a returning array evicts idle arrays of other sizes to make room.
 */
final class ArrayPool {
  /** The system property that caps the bytes the pool keeps; 0 disables pooling. */
  static final String PROPERTY = "dl.cpu.pool.bytes";

  /** Smaller arrays are allocated as usual: the JVM's thread-local allocation is cheap for them. */
  static final long MIN_BYTES = 1 << 20;

  private static final ArrayPool SHARED = new ArrayPool(configuredCap(System.getProperty(PROPERTY),
      Runtime.getRuntime().maxMemory()));

  /** Arrays of one host type and length; {@code bytes} follows from the two and is kept for the cap. */
  private record Key(Class<?> type, int length, long bytes) {
    static Key of(DType dtype, int length) {
      return new Key(dtype.hostArrayType(), length, (long) length * dtype.itemSize());
    }
  }

  private final long capBytes;
  private final ConcurrentHashMap<Key, ConcurrentLinkedDeque<SoftReference<Object>>> free = new ConcurrentHashMap<>();
  /** Bytes of the idle arrays in {@link #free} (an array the collector took counts until polled). */
  private final AtomicLong held = new AtomicLong();
  private final LongAdder reuses = new LongAdder();

  ArrayPool(long capBytes) { this.capBytes = Math.max(0, capBytes); }

  /** The pool every CPU backend allocates from. */
  static ArrayPool shared() { return SHARED; }

  /**
   * The cap for a {@link #PROPERTY} value: bytes as a plain number or with a {@code k}, {@code m}
   * or {@code g} suffix (binary units); unset or blank: an eighth of {@code maxHeap}.
   */
  static long configuredCap(String value, long maxHeap) {
    long dflt = maxHeap == Long.MAX_VALUE ? 256L << 20 : maxHeap / 8;
    if (value == null || value.isBlank()) return dflt;
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    int shift = switch (v.charAt(v.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    try {
      long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
      if (n >= 0 && n <= (Long.MAX_VALUE >> shift)) return n << shift;
    } catch (NumberFormatException e) {
      // fall through to the warning below
    }
    // A bad setting must not make the CPU device unusable: say so once and use the default.
    System.getLogger("dev.dl.backend.cpu").log(System.Logger.Level.WARNING, "ignoring " + PROPERTY + " = '" + value
        + "': expected a byte count such as 0, 536870912 or 512m; using " + dflt + " bytes");
    return dflt;
  }

  /** True when arrays of this dtype and length go through the pool. */
  boolean pools(DType dtype, int length) {
    long bytes = (long) length * dtype.itemSize();
    return bytes >= MIN_BYTES && bytes <= capBytes;
  }

  /**
   * An array of {@code length} elements of {@code dtype}, which {@link #pools} must accept: a
   * released one (dirty) if the pool has it, else a new one.
   */
  Object take(DType dtype, int length) {
    Key key = Key.of(dtype, length);
    ConcurrentLinkedDeque<SoftReference<Object>> q = free.get(key);
    for (SoftReference<Object> r = q == null ? null : q.pollFirst(); r != null; r = q.pollFirst()) {
      held.addAndGet(-key.bytes());
      Object a = r.get();
      if (a != null) {
        reuses.increment();
        return a;
      }
    }
    return newArray(dtype, length);
  }

  /** A zeroed array of the dtype's host type. */
  static Object newArray(DType dtype, int length) {
    return switch (dtype) {
      case FLOAT32 -> new float[length];
      case FLOAT64 -> new double[length];
      case FLOAT16, BFLOAT16, INT16 -> new short[length];
      case INT8, UINT8, BOOL -> new byte[length];
      case INT32 -> new int[length];
      case INT64 -> new long[length];
    };
  }

  /**
   * Keeps a released array for a later {@link #take} if it fits under the cap, evicting idle
   * arrays of other sizes to make room; otherwise leaves it to the collector.
   */
  void giveBack(DType dtype, Object array) {
    Key key = Key.of(dtype, Array.getLength(array));
    long bytes = key.bytes();
    while (true) {
      long h = held.get();
      if (h + bytes <= capBytes) {
        if (held.compareAndSet(h, h + bytes)) break;
      } else if (!evictOther(key)) {
        return;
      }
    }
    free.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).offerFirst(new SoftReference<>(array));
  }

  /** Drops an idle array of another size (the least recently returned of its size); false when there is none. */
  private boolean evictOther(Key keep) {
    for (var e : free.entrySet()) {
      if (e.getKey().equals(keep)) continue;
      if (e.getValue().pollLast() != null) {
        held.addAndGet(-e.getKey().bytes());
        return true;
      }
    }
    return false;
  }

  /** The cap in bytes; 0 when pooling is off. */
  long capBytes() { return capBytes; }

  /** Bytes of the idle arrays waiting for reuse (an upper bound while other threads are inside). */
  long heldBytes() { return held.get(); }

  /** How many allocations got a recycled array. */
  long reuses() { return reuses.sum(); }
}
