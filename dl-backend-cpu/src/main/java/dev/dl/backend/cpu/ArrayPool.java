package dev.dl.backend.cpu;

import dev.dl.DType;
import java.lang.ref.Cleaner;
import java.lang.ref.SoftReference;
import java.lang.reflect.Array;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Recycles the large arrays behind CPU storage. A fresh 64 MiB array costs the JVM zeroing and,
 * while the heap grows, a page fault per 4 KiB page, often more than the kernel that fills it;
 * an out-of-place op on a big tensor therefore takes a dead storage's array instead.
 *
 * <p>Arrays of at least {@link #MIN_BYTES} come from here; a storage's array returns when the
 * storage is released ({@code Tensor.release()}) or, through a {@link Cleaner}, when the garbage
 * collector finds the storage unreachable. Recycled arrays are <em>not</em> cleared
 * ({@code Backend.allocate} leaves contents unspecified, and every kernel writes its whole output).
 * The pool answers for at most {@code -Ddl.cpu.pool.bytes} bytes, idle or lent (default: an eighth
 * of the maximum heap); 0 disables it. Arrays allocated beyond that budget are plain arrays the
 * collector frees as usual; a new size evicts idle arrays of other sizes to make room.
 *
 * <p>Arrays are held through {@link SoftReference}s, both in the pool and in the cleaning action:
 * a strong reference there would keep every dead storage's array alive until the cleaner thread
 * ran after a collection, so a heap-exhausting collection could not free them and would end in
 * {@link OutOfMemoryError}. Soft references let the collector take them under memory pressure.
 */
final class ArrayPool {
  /** The system property that caps the bytes the pool keeps; 0 disables pooling. */
  static final String PROPERTY = "dl.cpu.pool.bytes";

  /** Smaller arrays are allocated as usual: the JVM's thread-local allocation is cheap for them. */
  static final long MIN_BYTES = 1 << 20;

  /** One daemon thread returns the arrays of collected storages. */
  private static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "dl-cpu-array-pool");
    t.setDaemon(true);
    return t;
  });

  private static final ArrayPool SHARED = new ArrayPool(configuredCap(System.getProperty(PROPERTY),
      Runtime.getRuntime().maxMemory()));

  private record Key(Class<?> type, int length) {}

  private final long capBytes;
  private final ConcurrentHashMap<Key, ConcurrentLinkedDeque<SoftReference<Object>>> free = new ConcurrentHashMap<>();
  /**
   * Bytes the pool answers for, at most the cap: idle arrays in {@link #free} plus arrays lent to
   * live storages that will come back. An array allocated while this is spent is not tracked at
   * all, so the pool never keeps more than the cap alive beyond what the program itself holds.
   */
  private final AtomicLong owned = new AtomicLong();
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
   * An array and the handle that gives it back to the pool ({@code recycle} is null when the pool
   * will not take it back: its budget is spent).
   */
  record Lease(Object array, Cleaner.Cleanable recycle) {}

  /**
   * An array for a storage ({@code owner}) of {@code length} elements of {@code dtype}, which
   * {@link #pools} must accept: a recycled one (dirty) if the pool has it, else a new one. The
   * array comes back when the owner becomes unreachable or the lease's handle is cleaned.
   */
  Lease lease(Object owner, DType dtype, int length) {
    Key key = new Key(dtype.hostArrayType(), length);
    long bytes = (long) length * dtype.itemSize();
    ConcurrentLinkedDeque<SoftReference<Object>> q = free.get(key);
    for (SoftReference<Object> r = q == null ? null : q.pollFirst(); r != null; r = q.pollFirst()) {
      held.addAndGet(-bytes);
      Object a = r.get();
      if (a != null) {
        reuses.increment();
        return new Lease(a, track(owner, r, bytes));
      }
      owned.addAndGet(-bytes);  // the collector took it
    }
    Object a = newArray(dtype, length);
    return new Lease(a, reserve(key, bytes) ? track(owner, new SoftReference<>(a), bytes) : null);
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

  /** The cleaning action holds the array (softly) and its size, never the owner. */
  private Cleaner.Cleanable track(Object owner, SoftReference<Object> array, long bytes) {
    return CLEANER.register(owner, new Recycle(this, array, bytes));
  }

  private record Recycle(ArrayPool pool, SoftReference<Object> array, long bytes) implements Runnable {
    @Override
    public void run() { pool.recycle(array, bytes); }
  }

  /** Keeps a returning array for a later {@link #lease}, unless the collector took it. */
  private void recycle(SoftReference<Object> ref, long bytes) {
    Object array = ref.get();
    if (array == null) {
      owned.addAndGet(-bytes);
      return;
    }
    held.addAndGet(bytes);
    free.computeIfAbsent(new Key(array.getClass(), Array.getLength(array)), k -> new ConcurrentLinkedDeque<>())
        .offerFirst(ref);
  }

  /** Counts {@code bytes} into {@link #owned}, evicting idle arrays of other sizes to make room. */
  private boolean reserve(Key key, long bytes) {
    while (true) {
      long o = owned.get();
      if (o + bytes <= capBytes) {
        if (owned.compareAndSet(o, o + bytes)) return true;
      } else if (!evictOther(key)) {
        return false;
      }
    }
  }

  /** Drops an idle array of another size (the least recently returned of its size); false when there is none. */
  private boolean evictOther(Key keep) {
    for (var e : free.entrySet()) {
      if (e.getKey().equals(keep)) continue;
      if (e.getValue().pollLast() != null) {
        long bytes = (long) e.getKey().length() * itemBytes(e.getKey().type());
        held.addAndGet(-bytes);
        owned.addAndGet(-bytes);
        return true;
      }
    }
    return false;
  }

  private static int itemBytes(Class<?> arrayType) {
    Class<?> c = arrayType.getComponentType();
    if (c == double.class || c == long.class) return 8;
    if (c == float.class || c == int.class) return 4;
    if (c == short.class) return 2;
    return 1;
  }

  /** The cap in bytes; 0 when pooling is off. */
  long capBytes() { return capBytes; }

  /** Bytes of the idle arrays waiting for reuse (an upper bound while other threads are inside). */
  long heldBytes() { return held.get(); }

  /** Bytes of idle arrays plus arrays lent to live storages that will come back. */
  long ownedBytes() { return owned.get(); }

  /** How many allocations got a recycled array. */
  long reuses() { return reuses.sum(); }
}
