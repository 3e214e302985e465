// Batched GEMM C[b] = A[b] @ B[b] with A [M,K], B [K,N] of any strides, tiled in local memory and
// register-blocked. A work-group of RTS x RTS threads computes a TS x TS tile of C; each thread
// owns WPT rows (spaced RTS apart, so neighbouring threads read neighbouring local-memory words of
// A) times WPT adjacent columns, held as one vector of WPT elements per row: the inner product
// step is one vector load of B and WPT vector multiply-adds, which CPU devices (PoCL) turn into
// SIMD instructions and GPUs into wide loads. The host defines TS, WPT (2, 4, 8 or 16) and TK.

#define RTS (TS / WPT)
#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define CIV PASTE(CI, WPT)
#define VLOAD PASTE(vload, WPT)
#define VSTORE PASTE(vstore, WPT)

__kernel __attribute__((reqd_work_group_size(RTS, RTS, 1)))
void gemm(__global const TI* A, int aOff, int sAb, int sAm, int sAk,
          __global const TI* B, int bOff, int sBb, int sBk, int sBn,
          __global TO* C, int cOff, int sCb, int sCm, int sCn,
          int M, int N, int K) {
  __local CI As[TK][TS];
  __local CI Bs[TK][TS];
  const int tx = get_local_id(0);
  const int ty = get_local_id(1);
  const int tid = ty * RTS + tx;
  const int n0 = get_group_id(0) * TS;
  const int m0 = get_group_id(1) * TS;
  const int batch = get_global_id(2);
  const int aBase = aOff + batch * sAb;
  const int bBase = bOff + batch * sBb;

  CIV acc[WPT];
  for (int i = 0; i < WPT; i++) acc[i] = (CIV) (0);

  for (int k0 = 0; k0 < K; k0 += TK) {
    // Consecutive threads read consecutive k of A and consecutive n of B: coalesced for row-major.
    for (int l = tid; l < TS * TK; l += RTS * RTS) {
      int mm = l / TK, kk = l - (l / TK) * TK;
      int m = m0 + mm, k = k0 + kk;
      As[kk][mm] = (m < M && k < K) ? LDI(A, aBase + m * sAm + k * sAk) : (CI) 0;
    }
    for (int l = tid; l < TS * TK; l += RTS * RTS) {
      int kk = l / TS, nn = l - (l / TS) * TS;
      int k = k0 + kk, n = n0 + nn;
      Bs[kk][nn] = (k < K && n < N) ? LDI(B, bBase + k * sBk + n * sBn) : (CI) 0;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int kk = 0; kk < TK; kk++) {
      CIV rb = VLOAD(0, &Bs[kk][tx * WPT]);
      for (int i = 0; i < WPT; i++) acc[i] += (CIV) (As[kk][ty + i * RTS]) * rb;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }

  const int cBase = cOff + batch * sCb;
  CI row[WPT];
  for (int i = 0; i < WPT; i++) {
    int m = m0 + ty + i * RTS;
    if (m >= M) continue;
    VSTORE(acc[i], 0, row);
    for (int j = 0; j < WPT; j++) {
      int n = n0 + tx * WPT + j;
      if (n < N) STO(C, cBase + m * sCm + n * sCn, row[j]);
    }
  }
}
