package dev.dl;

/**
 * Element type of a tensor, with PyTorch's names and promotion rules.
 *
 * <pre>{@code
 * Tensor x = Tensor.zeros(DType.INT64, 3);
 * DType t = DType.promote(DType.INT32, DType.FLOAT16);   // FLOAT16
 * }</pre>
 *
 * <p>Each dtype has a Java array type that backends use for host transfers: float16 and
 * bfloat16 travel as their raw 16-bit patterns in {@code short[]}, bool and the 8-bit integers in
 * {@code byte[]} (bool as 0/1).
 */
public enum DType {
  FLOAT16("float16", 2, Kind.FLOAT, "F16"),
  BFLOAT16("bfloat16", 2, Kind.FLOAT, "BF16"),
  FLOAT32("float32", 4, Kind.FLOAT, "F32"),
  FLOAT64("float64", 8, Kind.FLOAT, "F64"),
  INT8("int8", 1, Kind.INT, "I8"),
  UINT8("uint8", 1, Kind.INT, "U8"),
  INT16("int16", 2, Kind.INT, "I16"),
  INT32("int32", 4, Kind.INT, "I32"),
  INT64("int64", 8, Kind.INT, "I64"),
  BOOL("bool", 1, Kind.BOOL, "BOOL");

  /** The three categories PyTorch promotes between: bool &lt; integer &lt; floating point. */
  public enum Kind { BOOL, INT, FLOAT }

  private final String torchName;
  private final int itemSize;
  private final Kind kind;
  private final String safetensorsName;

  DType(String torchName, int itemSize, Kind kind, String safetensorsName) {
    this.torchName = torchName;
    this.itemSize = itemSize;
    this.kind = kind;
    this.safetensorsName = safetensorsName;
  }

  /** PyTorch's name without the {@code torch.} prefix, e.g. {@code float32}. */
  public String torchName() { return torchName; }

  /** Bytes per element. */
  public int itemSize() { return itemSize; }

  /** Bool, integer or floating point. */
  public Kind kind() { return kind; }

  /** The dtype tag used in safetensors headers ({@code F32}, {@code I64}, ...). */
  public String safetensorsName() { return safetensorsName; }

  /** True for float16, bfloat16, float32 and float64. */
  public boolean isFloatingPoint() { return kind == Kind.FLOAT; }

  /** True for the integer types (not bool). */
  public boolean isInteger() { return kind == Kind.INT; }

  /** True for types that can hold negative values. */
  public boolean isSigned() { return this != UINT8 && this != BOOL; }

  /** The dtype PyTorch gives to Python floats: {@code float32}. */
  public static DType defaultFloat() { return FLOAT32; }

  /** The Java array class used for host transfers of this dtype ({@code float[].class}, ...). */
  public Class<?> hostArrayType() {
    return switch (this) {
      case FLOAT32 -> float[].class;
      case FLOAT64 -> double[].class;
      case FLOAT16, BFLOAT16, INT16 -> short[].class;
      case INT8, UINT8, BOOL -> byte[].class;
      case INT32 -> int[].class;
      case INT64 -> long[].class;
    };
  }

  /** Looks a dtype up by PyTorch name ({@code "float32"}, {@code "torch.int64"}, {@code "half"}...). */
  public static DType fromName(String name) {
    String n = name.startsWith("torch.") ? name.substring(6) : name;
    return switch (n) {
      case "float16", "half" -> FLOAT16;
      case "bfloat16" -> BFLOAT16;
      case "float32", "float" -> FLOAT32;
      case "float64", "double" -> FLOAT64;
      case "int8" -> INT8;
      case "uint8" -> UINT8;
      case "int16", "short" -> INT16;
      case "int32", "int" -> INT32;
      case "int64", "long" -> INT64;
      case "bool" -> BOOL;
      default -> throw new IllegalArgumentException("unknown dtype '" + name + "'; expected one of "
          + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    };
  }

  /**
   * PyTorch's promotion of two dtypes of the same priority (both tensors with dimensions, or
   * both zero-dim): the smallest type that can represent both. {@code int8 + uint8 -> int16},
   * {@code float16 + bfloat16 -> float32}, {@code int64 + float16 -> float16}.
   */
  public static DType promote(DType a, DType b) {
    if (a == b) return a;
    if (a.kind != b.kind) {
      DType hi = a.kind.ordinal() > b.kind.ordinal() ? a : b;
      return hi;
    }
    if (a.kind == Kind.FLOAT) {
      if ((a == FLOAT16 && b == BFLOAT16) || (a == BFLOAT16 && b == FLOAT16)) return FLOAT32;
      return a.itemSize >= b.itemSize ? a : b;
    }
    // integers
    if (a == UINT8 || b == UINT8) {
      DType other = a == UINT8 ? b : a;
      return other == INT8 ? INT16 : other;
    }
    return a.itemSize >= b.itemSize ? a : b;
  }

  @Override
  public String toString() { return torchName; }
}
