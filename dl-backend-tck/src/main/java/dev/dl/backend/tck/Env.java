package dev.dl.backend.tck;

import dev.dl.DType;
import dev.dl.Device;
import dev.dl.Tensor;
import dev.dl.spi.Backend;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * What every suite needs: the device under test, its backend and declared dtypes, and helpers to
 * build inputs and name tests.
 */
record Env(Device device, Backend backend, Set<DType> dtypes) {
  /** The dtypes of {@code wanted} that this backend declares, in a fixed order. */
  List<DType> supported(Set<DType> wanted) {
    EnumSet<DType> r = EnumSet.noneOf(DType.class);
    for (DType t : wanted) if (dtypes.contains(t)) r.add(t);
    return List.copyOf(r);
  }

  /** A seeded generator per test name, so every case is reproducible on its own. */
  static Random random(String name) { return new Random(0x7C3A_5EEDL ^ name.hashCode()); }

  /** An input of {@code arg}'s shape and layout holding {@code values}. */
  Tensor tensor(Arg arg, Nd values) { return arg.build(values, device); }

  /** A contiguous device tensor holding {@code values}. */
  Tensor tensor(Nd values) { return DTypes.upload(values, device); }

  static DynamicTest test(String name, Executable body) { return DynamicTest.dynamicTest(name, body); }

  /** Joins two suites of tests into one stream. */
  static Stream<DynamicTest> concat(List<DynamicTest> first, List<DynamicTest> second) {
    return Stream.concat(first.stream(), second.stream());
  }
}
