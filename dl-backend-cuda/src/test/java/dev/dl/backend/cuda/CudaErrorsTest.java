package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CudaErrorsTest {
  @ParameterizedTest
  @CsvSource({
      "2, CUDA_ERROR_OUT_OF_MEMORY, free tensors",
      "100, CUDA_ERROR_NO_DEVICE, CUDA_VISIBLE_DEVICES",
      "222, CUDA_ERROR_UNSUPPORTED_PTX_VERSION, update the NVIDIA driver",
      "218, CUDA_ERROR_INVALID_PTX, older than the PTX ISA",
      "34, CUDA_ERROR_STUB_LIBRARY, stub",
      "700, CUDA_ERROR_ILLEGAL_ADDRESS, restart the JVM",
      "500, CUDA_ERROR_NOT_FOUND, do not match this jar"})
  void describesKnownCodesWithNameAndAdvice(int code, String name, String advice) {
    String message = CudaErrors.describe(code, "cuSomething");
    assertEquals("cuSomething failed: " + name + " (" + code + "): ", message.substring(0, message.indexOf("): ") + 3));
    assertTrue(message.contains(advice), message);
    assertEquals(name, CudaErrors.name(code));
  }

  @Test
  void unknownCodeKeepsTheNumber() {
    assertEquals("CUresult 12345", CudaErrors.name(12345));
    assertTrue(CudaErrors.describe(12345, "cuX").startsWith("cuX failed: CUresult 12345 (12345): see the CUresult list"));
  }

  @Test
  void checkThrowsWithTheResultOnlyOnFailure() {
    CudaErrors.check(CudaErrors.SUCCESS, "cuInit");
    CudaException e = assertThrows(CudaException.class, () -> CudaErrors.check(2, "cuMemAlloc(1024 bytes)"));
    assertEquals(2, e.result());
    assertTrue(e.isOutOfMemory());
    assertTrue(e.getMessage().startsWith("cuMemAlloc(1024 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2)"), e.getMessage());
  }

  @Test
  void versionStringReadsLikeNvidiaSmi() {
    assertEquals("12.4", CudaErrors.versionString(12040));
    assertEquals("11.8", CudaErrors.versionString(11080));
    assertEquals("13.0", CudaErrors.versionString(13000));
  }
}
