package dev.dl;

/**
 * Index expressions for {@link Tensor#index(Object...)}, mirroring Python's subscripts.
 *
 * <pre>{@code
 * x.index(Index.ALL, 1);                        // x[:, 1]
 * x.index(Index.ELLIPSIS, Index.NEW_AXIS);      // x[..., None]
 * }</pre>
 * Integers (int or long) select; a {@link Tensor} of int64 picks entries along one dim; a bool
 * tensor selects the elements where it is true.
 */
public final class Index {
  /** {@code :}, the whole dim. */
  public static final Index ALL = new Index(Kind.SLICE, null, null, null);
  /** {@code ...}, as many full dims as needed. */
  public static final Index ELLIPSIS = new Index(Kind.ELLIPSIS, null, null, null);
  /** {@code None}, a new size-1 dim. */
  public static final Index NEW_AXIS = new Index(Kind.NEW_AXIS, null, null, null);

  enum Kind { SLICE, ELLIPSIS, NEW_AXIS }

  final Kind kind;
  final Integer start;
  final Integer end;
  final Integer step;

  private Index(Kind kind, Integer start, Integer end, Integer step) {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.step = step;
  }

  /** {@code start:end}; null bounds are open. */
  public static Index slice(Integer start, Integer end) { return slice(start, end, null); }

  /** {@code start:end:step}; null bounds are open, null step is 1. */
  public static Index slice(Integer start, Integer end, Integer step) {
    if (step != null && step <= 0) throw new IllegalArgumentException("slice step must be greater than zero, got " + step);
    return new Index(Kind.SLICE, start, end, step);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ELLIPSIS -> "...";
      case NEW_AXIS -> "None";
      case SLICE -> (start == null ? "" : start) + ":" + (end == null ? "" : end) + (step == null ? "" : ":" + step);
    };
  }
}
