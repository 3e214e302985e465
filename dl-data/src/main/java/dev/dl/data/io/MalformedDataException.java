package dev.dl.data.io;

/**
 * A data file that does not follow its format: a bad magic number, a truncated body, a ragged CSV
 * row, a non-numeric cell. The message names the file and the line or byte offset.
 *
 * <pre>{@code
 * try { Idx.read(path); } catch (MalformedDataException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class MalformedDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message naming the file and position. */
  public MalformedDataException(String message) { super(message); }

  /** An error with a message naming the file and position, and its cause. */
  public MalformedDataException(String message, Throwable cause) { super(message, cause); }
}
