package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LaunchConfigTest {
  @ParameterizedTest
  @CsvSource({"1, 1", "13, 1", "256, 1", "257, 2", "207000, 809", "1048576, 4096", "2147483647, 4096"})
  void elementwiseGridCoversTheDataUpToTheCap(long n, int blocks) {
    LaunchConfig c = LaunchConfig.elementwise(n);
    assertEquals(blocks, c.gridX());
    assertEquals(256, c.blockX());
    assertEquals(1, c.gridY() * c.gridZ() * c.blockY() * c.blockZ());
  }

  @ParameterizedTest
  @CsvSource({"1, 0, 32", "5, 1, 32", "5, 32, 32", "5, 33, 64", "5, 100, 128", "5, 207, 256", "5, 100000, 256",
      "70000, 4, 32"})
  void reductionBlockIsAPowerOfTwoBetweenAWarpAnd256(long outputs, long reduced, int block) {
    LaunchConfig c = LaunchConfig.reduction(outputs, reduced);
    assertEquals(block, c.blockX());
    assertEquals(Math.min(outputs, 65535), c.gridX());
  }

  @Test
  void gemmTilesColumnsInXRowsInYBatchesInZ() {
    LaunchConfig c = LaunchConfig.gemm(3, 65, 129);
    assertEquals(3, c.gridX());  // ceil(129 / 64)
    assertEquals(2, c.gridY());  // ceil(65 / 64)
    assertEquals(3, c.gridZ());
    assertEquals(256, c.threadsPerBlock());
    LaunchConfig tall = LaunchConfig.gemm(100000, 64 * 70000, 1);
    assertEquals(65535, tall.gridY());  // the kernel grid-strides over the remaining row tiles
    assertEquals(65535, tall.gridZ());
  }

  @Test
  void rejectsEmptyDimensions() {
    assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(0, 1, 1, 256, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(1, 1, 1, 256, 1, 1, -1));
  }

  @Test
  void nextPowerOfTwo() {
    assertEquals(1, LaunchConfig.nextPowerOfTwo(0));
    assertEquals(1, LaunchConfig.nextPowerOfTwo(1));
    assertEquals(2, LaunchConfig.nextPowerOfTwo(2));
    assertEquals(4, LaunchConfig.nextPowerOfTwo(3));
    assertEquals(1024, LaunchConfig.nextPowerOfTwo(702));
    assertEquals(1024, LaunchConfig.nextPowerOfTwo(1024));
  }
}
