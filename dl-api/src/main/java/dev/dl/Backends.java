package dev.dl;

import dev.dl.spi.Availability;
import dev.dl.spi.Backend;
import dev.dl.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backends found on the class path (or module path) with {@link ServiceLoader}, and the
 * choice of default device.
 *
 * <pre>{@code
 * System.out.println(Backends.report());    // every provider, available or not, and why
 * Device d = Backends.defaultDevice();
 * }</pre>
 *
 * <p>Settings: {@code -Ddl.device=cuda:0} (or {@code DL_DEVICE}) picks the default device;
 * {@code -Ddl.strict=true} (or {@code DL_STRICT=true}) makes an unavailable requested device an
 * error instead of a logged fallback to the best available one.
 */
public final class Backends {
  private static final System.Logger LOG = System.getLogger(Backends.class.getName());
  private static volatile Registry registry;

  private Backends() {}

  /** One discovered provider and what its probe said. */
  public record Entry(String type, String providerClass, int priority, Availability availability) {}

  /** Every provider found, available or not, ordered by priority (highest first). */
  public static List<Entry> entries() { return registry().entries; }

  /** Every available device, e.g. {@code [cpu, opencl:0]}. */
  public static List<Device> devices() { return registry().devices(); }

  /** The default device: the requested one, or the available one of highest priority. */
  public static Device defaultDevice() { return registry().defaultDevice; }

  /** The backend driving {@code device}; fails with the provider's reason if it cannot be used. */
  public static Backend backend(Device device) { return registry().backend(device); }

  /** True if {@code device}'s backend is present and available. */
  public static boolean isAvailable(Device device) { return registry().find(device.type()).map(e ->
      e.availability().available() && device.index() < e.availability().deviceCount()).orElse(false); }

  /** A human-readable table of every provider, its priority and availability (with the reason). */
  public static String report() { return registry().report(); }

  /** Re-runs discovery (for tests that change settings). */
  static void reload() { registry = null; }

  private static Registry registry() {
    Registry r = registry;
    if (r == null) {
      synchronized (Backends.class) {
        r = registry;
        if (r == null) {
          r = Registry.discover(ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).iterator(),
              setting("dl.device", "DL_DEVICE"), Boolean.parseBoolean(setting("dl.strict", "DL_STRICT")));
          registry = r;
        }
      }
    }
    return r;
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) v = System.getenv(env);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Discovery result; package-private so tests can feed it failing providers. */
  static final class Registry {
    final List<Entry> entries;
    final Map<String, BackendProvider> providers;
    final Device defaultDevice;
    private final Map<Device, Backend> open = new ConcurrentHashMap<>();

    private Registry(List<Entry> entries, Map<String, BackendProvider> providers, Device defaultDevice) {
      this.entries = entries;
      this.providers = providers;
      this.defaultDevice = defaultDevice;
    }

    static Registry discover(Iterator<BackendProvider> it, String requested, boolean strict) {
      List<Entry> entries = new ArrayList<>();
      Map<String, BackendProvider> providers = new ConcurrentHashMap<>();
      while (true) {
        BackendProvider p;
        try {
          if (!it.hasNext()) break;
          p = it.next();
        } catch (ServiceConfigurationError | LinkageError e) {
          // A provider that cannot even be instantiated is reported, never fatal.
          String why = e.getClass().getSimpleName() + ": " + e.getMessage();
          LOG.log(System.Logger.Level.WARNING, "skipped a backend provider: " + why);
          entries.add(new Entry("?", "?", Integer.MIN_VALUE, Availability.unavailable(why)));
          continue;
        }
        entries.add(probe(p, providers));
      }
      entries.sort(Comparator.comparingInt(Entry::priority).reversed());
      Device best = null;
      for (Entry e : entries) {
        if (e.availability().available()) {
          best = new Device(e.type(), 0);
          break;
        }
      }
      Device chosen = best;
      if (requested != null) {
        Device want = Device.of(requested);
        Optional<Entry> entry = entries.stream().filter(e -> e.type().equals(want.type())).findFirst();
        String problem = null;
        if (entry.isEmpty()) {
          problem = "no backend provides '" + want.type() + "' (is its jar on the class path?)";
        } else if (!entry.get().availability().available()) {
          problem = "backend '" + want.type() + "' is unavailable: " + entry.get().availability().reason();
        } else if (want.index() >= entry.get().availability().deviceCount()) {
          problem = "device " + want + " does not exist: backend '" + want.type() + "' has "
              + entry.get().availability().deviceCount() + " device(s)";
        }
        if (problem == null) {
          chosen = want;
        } else if (strict) {
          throw new IllegalStateException("requested device " + want + " (dl.device/DL_DEVICE) cannot be used: "
              + problem + "; strict mode (dl.strict) forbids falling back");
        } else {
          LOG.log(System.Logger.Level.WARNING, "requested device " + want + " cannot be used: " + problem
              + "; falling back to " + best);
        }
      }
      if (chosen == null) {
        throw new IllegalStateException("no backend is available; add dev.dl:dl-backend-cpu to the class path\n"
            + format(entries));
      }
      return new Registry(List.copyOf(entries), providers, chosen);
    }

    private static Entry probe(BackendProvider p, Map<String, BackendProvider> providers) {
      String cls = p.getClass().getName();
      String type = "?";
      try {
        type = p.type();
        int priority = p.priority();
        Availability a = p.probe();
        if (a == null) a = Availability.unavailable("probe returned no result");
        if (a.available()) providers.putIfAbsent(type, p);
        return new Entry(type, cls, priority, a);
      } catch (RuntimeException | LinkageError e) {
        String why = "probe failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.log(System.Logger.Level.WARNING, "backend " + type + " (" + cls + ") is unavailable: " + why);
        return new Entry(type, cls, Integer.MIN_VALUE, Availability.unavailable(why));
      }
    }

    Optional<Entry> find(String type) {
      return entries.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    List<Device> devices() {
      List<Device> out = new ArrayList<>();
      for (Entry e : entries) {
        if (e.availability().available()) {
          for (int i = 0; i < e.availability().deviceCount(); i++) out.add(new Device(e.type(), i));
        }
      }
      return out;
    }

    Backend backend(Device device) {
      Backend b = open.get(device);
      if (b != null) return b;
      return open.computeIfAbsent(device, d -> {
        BackendProvider p = providers.get(d.type());
        if (p == null) {
          String why = find(d.type()).map(e -> "backend '" + d.type() + "' is unavailable: " + e.availability().reason())
              .orElse("no backend provides '" + d.type() + "'; add its jar (e.g. dev.dl:dl-backend-" + d.type()
                  + ") to the class path");
          throw new IllegalStateException("cannot use device " + d + ": " + why);
        }
        int count = find(d.type()).orElseThrow().availability().deviceCount();
        if (d.index() >= count) {
          throw new IllegalArgumentException("device " + d + " does not exist: backend '" + d.type() + "' has "
              + count + " device(s)");
        }
        return p.create(d.index());
      });
    }

    String report() {
      return format(entries) + "default device: " + defaultDevice + "\n";
    }

    private static String format(List<Entry> entries) {
      StringBuilder sb = new StringBuilder("backends:\n");
      if (entries.isEmpty()) sb.append("  (none found)\n");
      for (Entry e : entries) {
        Availability a = e.availability();
        sb.append(String.format(Locale.ROOT, "  %-8s %-11s %s  [%s]%n", e.type(),
            e.priority() == Integer.MIN_VALUE ? "priority -" : "priority " + e.priority(),
            a.available() ? "available (" + a.deviceCount() + " device" + (a.deviceCount() == 1 ? "" : "s") + "): "
                + a.reason() : "unavailable: " + a.reason(), e.providerClass()));
      }
      return sb.toString();
    }
  }
}
