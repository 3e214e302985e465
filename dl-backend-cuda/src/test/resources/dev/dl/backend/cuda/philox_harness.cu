// Host program for PhiloxParityTest: prints, for each "seed index" pair read from stdin, the
// Philox word and the uniform24 / uniform53 values random.cu's kernels compute, as hex bits.
#include <cstdio>
#include <cstring>
#include "random.cu"

int main() {
  unsigned long long seed, index;
  while (std::scanf("%llu %llu", &seed, &index) == 2) {
    unsigned int w = philox_word(seed, index), w1 = philox_word(seed, index + 1);
    float f = uniform24(w);
    double d = uniform53(w, w1);
    unsigned int fb;
    unsigned long long db;
    std::memcpy(&fb, &f, 4);
    std::memcpy(&db, &d, 8);
    std::printf("%u %u %llu\n", w, fb, db);
  }
  return 0;
}
