// Host program for OpSemanticsTest and PhiloxParityTest: evaluates the scalar functions of
// elementwise.cu and random.cu (the same code the kernels run) for cases read from stdin, one per line:
//   U <dtype> <op> <x>        unary          P <dtype> <op> <x>       predicate (prints 0/1)
//   B <dtype> <op> <a> <b>    binary         C <dtype> <op> <a> <b>   comparison (prints 0/1)
//   X <dtype> <to-dtype> <x>  cast (the copy kernels' conversion)
//   R <seed> <index>          Philox word, uniform24 bits and uniform53 bits (unsigned decimal)
// Values are parsed as double for floating dtypes and int64 otherwise, then stored to the dtype;
// results print as %.17g (floating) or %lld (integers and bool).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "elementwise.cu"
#include "random.cu"

static void show(double v) { std::printf("%.17g\n", v); }
static void show(float v) { std::printf("%.17g\n", (double) v); }
static void show(long long v) { std::printf("%lld\n", v); }

template <typename T> static T parse(const char* s);
#define PARSE_FLOAT(T) template <> T parse<T>(const char* s) { return store<T>(std::strtod(s, nullptr)); }
#define PARSE_INT(T) template <> T parse<T>(const char* s) { return store<T>((long long) std::strtoll(s, nullptr, 10)); }
PARSE_FLOAT(f16_t) PARSE_FLOAT(bf16_t) PARSE_FLOAT(f32_t) PARSE_FLOAT(f64_t)
PARSE_INT(i8_t) PARSE_INT(u8_t) PARSE_INT(i16_t) PARSE_INT(i32_t) PARSE_INT(i64_t) PARSE_INT(b8_t)

template <typename S> static void cast_to(const char* to, S x);

template <typename T> static void eval(char kind, const char* op, const char* a, const char* b) {
  T x = parse<T>(a);
  int code = std::atoi(op);
  switch (kind) {
    case 'U': show(load(store<T>(unary_op(code, load(x))))); break;
    case 'P': show((long long) predicate(code, load(x))); break;
    case 'B': show(load(store<T>(binary_op(code, load(x), load(parse<T>(b)))))); break;
    case 'C': show((long long) compare(code, load(x), load(parse<T>(b)))); break;
    case 'X': cast_to<T>(op, x); break;
    default: std::printf("bad kind %c\n", kind);
  }
}

#define DISPATCH(name, F)                                   \
  if (!std::strcmp(name, "f16")) { F(f16_t); }              \
  else if (!std::strcmp(name, "bf16")) { F(bf16_t); }       \
  else if (!std::strcmp(name, "f32")) { F(f32_t); }         \
  else if (!std::strcmp(name, "f64")) { F(f64_t); }         \
  else if (!std::strcmp(name, "i8")) { F(i8_t); }           \
  else if (!std::strcmp(name, "u8")) { F(u8_t); }           \
  else if (!std::strcmp(name, "i16")) { F(i16_t); }         \
  else if (!std::strcmp(name, "i32")) { F(i32_t); }         \
  else if (!std::strcmp(name, "i64")) { F(i64_t); }         \
  else if (!std::strcmp(name, "b8")) { F(b8_t); }           \
  else { std::printf("bad dtype %s\n", name); }

template <typename S> static void cast_to(const char* to, S x) {
#define CAST(D) show(load(store<D>(load(x))))
  DISPATCH(to, CAST)
#undef CAST
}

int main() {
  char kind[4], dtype[8], op[8], a[64], b[64];
  char line[256];
  while (std::fgets(line, sizeof line, stdin)) {
    b[0] = '0';
    b[1] = 0;
    unsigned long long seed, index;
    if (std::sscanf(line, "R %llu %llu", &seed, &index) == 2) {
      unsigned int w = philox_word(seed, index), w1 = philox_word(seed, index + 1);
      float f = uniform24(w);
      double d = uniform53(w, w1);
      unsigned int fb;
      unsigned long long db;
      std::memcpy(&fb, &f, 4);
      std::memcpy(&db, &d, 8);
      std::printf("%u %u %llu\n", w, fb, db);
      continue;
    }
    if (std::sscanf(line, "%3s %7s %7s %63s %63s", kind, dtype, op, a, b) < 4) continue;
#define EVAL(T) eval<T>(kind[0], op, a, b)
    DISPATCH(dtype, EVAL)
#undef EVAL
  }
  return 0;
}
