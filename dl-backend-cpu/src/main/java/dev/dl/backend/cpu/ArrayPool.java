package dev.dl.backend.cpu;

import dev.dl.DType;
import java.lang.ref.Cleaner;
import java.lang.reflect.Array;
import java.util.Iterator;
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
 * The pool keeps at most {@code -Ddl.cpu.pool.bytes} bytes (default: an eighth of the maximum
 * heap); 0 disables it. When full, a returning array evicts one of another size, or is dropped.
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
  private final ConcurrentHashMap<Key, ConcurrentLinkedDeque<Object>> free = new ConcurrentHashMap<>();
  /** Bytes in {@link #free}; updated before an offer and after a poll, so it never undercounts. */
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

  /** An array for {@code length} elements of {@code dtype}: a recycled one (dirty) if the pool has it, else new. */
  Object acquire(DType dtype, int length) {
    if (pools(dtype, length)) {
      ConcurrentLinkedDeque<Object> q = free.get(new Key(dtype.hostArrayType(), length));
      Object a = q == null ? null : q.pollFirst();
      if (a != null) {
        held.addAndGet(-(long) length * dtype.itemSize());
        reuses.increment();
        return a;
      }
    }
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
   * Arranges for {@code array} to come back here when {@code owner} becomes unreachable or the
   * returned handle is cleaned. The action holds the array only: holding the owner would keep it
   * reachable forever.
   */
  Cleaner.Cleanable track(Object owner, Object array) { return CLEANER.register(owner, new Recycle(this, array)); }

  private record Recycle(ArrayPool pool, Object array) implements Runnable {
    @Override
    public void run() { pool.recycle(array); }
  }

  /** Keeps {@code array} for a later {@link #acquire} if the cap allows. */
  void recycle(Object array) {
    Key key = new Key(array.getClass(), Array.getLength(array));
    long bytes = (long) key.length() * itemBytes(key.type());
    if (!reserve(key, bytes)) return;
    free.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).offerFirst(array);
  }

  /** Counts {@code bytes} into {@link #held}, evicting arrays of other sizes to make room. */
  private boolean reserve(Key key, long bytes) {
    if (bytes > capBytes) return false;
    while (true) {
      long h = held.get();
      if (h + bytes <= capBytes) {
        if (held.compareAndSet(h, h + bytes)) return true;
      } else if (!evictOther(key)) {
        return false;
      }
    }
  }

  /** Drops an array of another size (the least recently returned of its size); false when there is none. */
  private boolean evictOther(Key keep) {
    for (Iterator<java.util.Map.Entry<Key, ConcurrentLinkedDeque<Object>>> it = free.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equals(keep)) continue;
      Object a = e.getValue().pollLast();
      if (a != null) {
        held.addAndGet(-(long) e.getKey().length() * itemBytes(e.getKey().type()));
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

  /** Bytes of the arrays waiting for reuse (an upper bound while other threads are inside). */
  long heldBytes() { return held.get(); }

  /** How many allocations got a recycled array. */
  long reuses() { return reuses.sum(); }
}
