package dev.dl.backend.cuda;

/**
 * Grid and block dimensions of one kernel launch, with the arithmetic for each kernel family. The
 * kernels loop (grid-stride) over their work, so grids are capped rather than sized to the data.
 */
record LaunchConfig(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes) {
  /** Threads per block of the elementwise kernels: a multiple of the warp, enough to hide latency. */
  static final int ELEMENTWISE_BLOCK = 256;
  /**
   * Grid cap of the grid-stride kernels: 4096 blocks of 256 threads keep every SM of a 132-SM H100
   * busy (2048 resident threads per SM) several times over, and each thread then walks the rest.
   */
  static final int MAX_GRID = 4096;
  /** The largest gridDim.y and gridDim.z the hardware accepts. */
  static final int MAX_GRID_YZ = 65535;
  /** GEMM tile edge (must match TILE in gemm.cu) and its 16x16 thread block. */
  static final int GEMM_TILE = 64;
  static final int GEMM_THREADS = 16;
  /** Largest reduction block (shared arrays in reduce.cu hold 256 entries). */
  static final int MAX_REDUCE_BLOCK = 256;

  LaunchConfig {
    if (gridX <= 0 || gridY <= 0 || gridZ <= 0 || blockX <= 0 || blockY <= 0 || blockZ <= 0 || sharedBytes < 0) {
      throw new IllegalArgumentException("invalid launch configuration " + this);
    }
  }

  int threadsPerBlock() { return blockX * blockY * blockZ; }

  /** One thread per element, capped grid; {@code n} must be positive. */
  static LaunchConfig elementwise(long n) {
    long blocks = ceilDiv(n, ELEMENTWISE_BLOCK);
    return new LaunchConfig((int) Math.min(blocks, MAX_GRID), 1, 1, ELEMENTWISE_BLOCK, 1, 1, 0);
  }

  /**
   * One block per output (grid-stride beyond the cap); the block is the next power of two of the
   * reduced length, between one warp and 256 threads, so short rows do not idle 256 threads.
   */
  static LaunchConfig reduction(long outputs, long reducedLength) {
    int block = (int) Math.min(MAX_REDUCE_BLOCK, Math.max(32, nextPowerOfTwo(reducedLength)));
    return new LaunchConfig((int) Math.min(outputs, MAX_GRID_YZ), 1, 1, block, 1, 1, 0);
  }

  /** 64x64 output tiles: x over column tiles, y over row tiles (grid-stride past 65535), z over the batch. */
  static LaunchConfig gemm(int batch, int m, int n) {
    long colTiles = ceilDiv(n, GEMM_TILE), rowTiles = ceilDiv(m, GEMM_TILE);
    return new LaunchConfig((int) colTiles, (int) Math.min(rowTiles, MAX_GRID_YZ),
        Math.min(batch, MAX_GRID_YZ), GEMM_THREADS, GEMM_THREADS, 1, 0);
  }

  static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

  static long nextPowerOfTwo(long v) {
    return v <= 1 ? 1 : Long.highestOneBit(v - 1) << 1;
  }
}
