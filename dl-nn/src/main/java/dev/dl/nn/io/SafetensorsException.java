package dev.dl.nn.io;

import java.io.IOException;

/** A safetensors file that is malformed, truncated or not supported; the message says what and where. */
public final class SafetensorsException extends IOException {
  /** An error about {@code file}. */
  public SafetensorsException(String message) { super(message); }
}
