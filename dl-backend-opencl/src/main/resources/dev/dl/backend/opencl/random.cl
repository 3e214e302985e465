// RANDOM_UNIFORM / RANDOM_NORMAL from Philox4x32-10, word for word the stream of dev.dl.spi.Philox:
// word w is lane (w % 4) of the block for counter (w / 4 low, w / 4 high, 0, 0) and key (seed low, seed high).

inline uint philox_word(ulong w, uint k0, uint k1) {
  ulong blk = w >> 2;
  uint c0 = (uint) blk, c1 = (uint) (blk >> 32), c2 = 0, c3 = 0;
  for (int round = 0; round < 10; round++) {
    uint hi0 = mul_hi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
    uint hi1 = mul_hi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  switch ((int) (w & 3)) {
    case 0: return c0;
    case 1: return c1;
    case 2: return c2;
    default: return c3;
  }
}

__kernel void random_fill(__global TO* out, int outOff, int n, ulong seed, ulong offset, int normal) {
  int i = get_global_id(0);
  if (i >= n) return;
  uint k0 = (uint) seed, k1 = (uint) (seed >> 32);
  if (normal) {
    uint a = philox_word(offset + 2 * (ulong) i, k0, k1);
    uint b = philox_word(offset + 2 * (ulong) i + 1, k0, k1);
#if HAS_FP64
    double u1 = ((double) (a >> 8) + 1.0) * 0x1.0p-24;
    double u2 = (double) (b >> 8) * 0x1.0p-24;
    STO(out, outOff + i, sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2));
#else
    float u1 = ((float) (a >> 8) + 1.0f) * 0x1.0p-24f;
    float u2 = (float) (b >> 8) * 0x1.0p-24f;
    STO(out, outOff + i, sqrt(-2.0f * log(u1)) * cos(2.0f * M_PI_F * u2));
#endif
  } else {
#if O_DOUBLE
    uint a = philox_word(offset + 2 * (ulong) i, k0, k1);
    uint b = philox_word(offset + 2 * (ulong) i + 1, k0, k1);
    STO(out, outOff + i, (double) ((((ulong) (a >> 6)) << 27) + (b >> 5)) * 0x1.0p-53);
#else
    uint a = philox_word(offset + (ulong) i, k0, k1);
    STO(out, outOff + i, (float) (a >> 8) * 0x1.0p-24f);
#endif
  }
}
