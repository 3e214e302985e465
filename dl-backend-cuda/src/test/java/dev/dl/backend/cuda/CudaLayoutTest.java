package dev.dl.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaLayoutTest {
  @Test
  void contiguousOperandsCoalesceToOneDim() {
    CudaLayout.Plan p = CudaLayout.plan("add", new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
    assertArrayEquals(new int[] {24}, p.shape());
    assertArrayEquals(new int[] {1}, p.strides()[0]);
    assertEquals(24, p.numel());
  }

  @Test
  void transposedOperandKeepsBothDims() {
    CudaLayout.Plan p = CudaLayout.plan("copy", new int[] {3, 5}, new int[] {5, 1}, new int[] {1, 3});
    assertArrayEquals(new int[] {3, 5}, p.shape());
    assertArrayEquals(new int[] {5, 1}, p.strides()[0]);
    assertArrayEquals(new int[] {1, 3}, p.strides()[1]);
  }

  @Test
  void broadcastDimsMergeWhenEveryOperandAllows() {
    // b is [13,1] expanded to [13,207,2]: its last two dims are both stride 0 and merge.
    CudaLayout.Plan p = CudaLayout.plan("mul", new int[] {13, 207, 2}, new int[] {414, 2, 1}, new int[] {1, 0, 0});
    assertArrayEquals(new int[] {13, 414}, p.shape());
    assertArrayEquals(new int[] {414, 1}, p.strides()[0]);
    assertArrayEquals(new int[] {1, 0}, p.strides()[1]);
  }

  @Test
  void sizeOneDimsAreDroppedWhateverTheirStride() {
    CudaLayout.Plan p = CudaLayout.plan("neg", new int[] {1, 7, 1}, new int[] {99, 1, 42});
    assertArrayEquals(new int[] {7}, p.shape());
    CudaLayout.Plan scalar = CudaLayout.plan("neg", new int[] {}, new int[] {});
    assertEquals(0, scalar.shape().length);
    assertEquals(1, scalar.numel());
  }

  @Test
  void negativeStridesSurvive() {
    CudaLayout.Plan p = CudaLayout.plan("copy", new int[] {4, 6}, new int[] {6, 1}, new int[] {-6, -1});
    assertArrayEquals(new int[] {24}, p.shape());
    assertArrayEquals(new int[] {-1}, p.strides()[1]);
  }

  @Test
  void packsTheStructsOfCommonCuh() {
    CudaLayout.Plan p = CudaLayout.plan("sub", new int[] {3, 5}, new int[] {5, 1}, new int[] {1, 3});
    int[] dims = p.dims();
    assertEquals(1 + CudaLayout.MAX_DIMS, dims.length);
    assertArrayEquals(new int[] {2, 3, 5, 0}, java.util.Arrays.copyOf(dims, 4));
    int[] strides = p.strides(1, 17);
    assertEquals(1 + CudaLayout.MAX_DIMS, strides.length);
    assertArrayEquals(new int[] {17, 1, 3, 0}, java.util.Arrays.copyOf(strides, 4));
  }

  @Test
  void tooManyUnmergeableDimsIsAClearError() {
    int rank = 17;
    int[] shape = new int[rank], a = new int[rank], b = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = 2;
      a[i] = 1 << (rank - 1 - i);
      b[i] = 1 << i;  // reversed: nothing merges
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaLayout.plan("add", shape, a, b));
    assertTrue(e.getMessage().startsWith("add on the CUDA backend supports at most 16"), e.getMessage());
    assertTrue(e.getMessage().contains("contiguous()"), e.getMessage());
  }
}
