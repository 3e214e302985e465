package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PtxLibraryTest {
  @ParameterizedTest
  @CsvSource({"60, -1", "75, -1", "80, 80", "86, 80", "87, 80", "89, 80", "90, 90", "100, 90", "120, 90"})
  void picksTheHighestTargetNotAboveTheDevice(int cc, int target) {
    assertEquals(target, PtxLibrary.targetFor(cc));
  }

  @ParameterizedTest
  @CsvSource({"7, 0, 11000", "7, 8, 11080", "8, 0, 12000", "8, 5, 12050", "8, 7, 12080", "8, 8, 12090",
      "9, 0, 13000", "9, 1, 13010"})
  void mapsPtxIsaToTheDriverThatIntroducedIt(int major, int minor, int driver) {
    assertEquals(driver, PtxLibrary.requiredDriver(new int[] {major, minor}));
  }

  @Test
  void shippedPtxIsIsa78SoCuda118DriversLoadIt() {
    assertArrayEquals(new int[] {7, 8}, PtxLibrary.isaVersion());
    assertEquals(11080, PtxLibrary.requiredDriver(PtxLibrary.isaVersion()));
  }

  @Test
  void imageIsNulTerminatedPtx() {
    byte[] image = PtxLibrary.image(90, "random");
    assertEquals(0, image[image.length - 1]);
    String text = new String(image, 0, image.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("random.cu", PtxLibrary.header(text, "source"));
    assertNull(PtxLibrary.header(text, "no-such-key"));
  }
}
