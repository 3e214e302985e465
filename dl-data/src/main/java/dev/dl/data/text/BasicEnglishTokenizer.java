package dev.dl.data.text;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * torchtext's {@code basic_english} tokenizer: lower-cases, separates {@code ' . , ( ) ! ?} as
 * tokens, drops {@code " ; :} and {@code <br />}, and splits on whitespace.
 *
 * <pre>{@code
 * new BasicEnglishTokenizer().apply("You can now install TorchText using pip!");
 * // [you, can, now, install, torchtext, using, pip, !]
 * }</pre>
 */
public final class BasicEnglishTokenizer implements Function<String, List<String>> {
  private static final Pattern[] PATTERNS = {
    Pattern.compile("'"), Pattern.compile("\""), Pattern.compile("\\."), Pattern.compile("<br />"),
    Pattern.compile(","), Pattern.compile("\\("), Pattern.compile("\\)"), Pattern.compile("!"),
    Pattern.compile("\\?"), Pattern.compile(";"), Pattern.compile(":"), Pattern.compile("\\s+"),
  };
  private static final String[] REPLACEMENTS = {" '  ", "", " . ", " ", " , ", " ( ", " ) ", " ! ", " ? ", " ", " ", " "};

  /** The tokens of {@code line}. */
  @Override
  public List<String> apply(String line) {
    String s = line.toLowerCase(Locale.ROOT);
    for (int i = 0; i < PATTERNS.length; i++) s = PATTERNS[i].matcher(s).replaceAll(REPLACEMENTS[i]);
    s = s.strip();
    return s.isEmpty() ? List.of() : List.of(s.split(" "));
  }
}
