package dev.dl.data.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

/**
 * A token-to-index mapping, as torchtext's {@code Vocab}: special tokens first (or last), then
 * tokens by descending frequency (ties in lexicographic order), keeping those seen at least
 * {@code minFreq} times. Unknown tokens map to the default index if one is set, else fail.
 *
 * <pre>{@code
 * Vocab v = Vocab.build(corpus.stream().map(tokenizer).toList(), 2, List.of("<unk>", "<pad>"), true);
 * v.setDefaultIndex(v.index("<unk>"));
 * }</pre>
 */
public final class Vocab {
  private final List<String> itos;
  private final MutableObjectIntMap<String> stoi;
  private volatile int defaultIndex = -1;

  /** A vocabulary with exactly these tokens, index = position. */
  public Vocab(List<String> tokens) {
    this.itos = List.copyOf(tokens);
    this.stoi = new ObjectIntHashMap<>(tokens.size());
    for (int i = 0; i < itos.size(); i++) {
      if (stoi.containsKey(itos.get(i))) throw new IllegalArgumentException("Vocab: token '" + itos.get(i) + "' appears twice");
      stoi.put(itos.get(i), i);
    }
  }

  /**
   * Counts tokens over {@code sentences} and builds a vocabulary, as torchtext's
   * {@code build_vocab_from_iterator(iterator, min_freq, specials, special_first)}.
   */
  public static Vocab build(Iterable<? extends List<String>> sentences, int minFreq, List<String> specials, boolean specialFirst) {
    if (minFreq < 1) throw new IllegalArgumentException("Vocab.build: minFreq must be >= 1, got " + minFreq);
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> sentence : sentences) for (String t : sentence) counts.merge(t, 1, Integer::sum);
    for (String s : specials) counts.remove(s);
    List<String> ordered = new ArrayList<>(counts.keySet());
    ordered.sort(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
    List<String> tokens = new ArrayList<>();
    if (specialFirst) tokens.addAll(specials);
    for (String t : ordered) if (counts.get(t) >= minFreq) tokens.add(t);
    if (!specialFirst) tokens.addAll(specials);
    return new Vocab(tokens);
  }

  /** Number of tokens. */
  public int size() { return itos.size(); }

  /** True if {@code token} is in the vocabulary. */
  public boolean contains(String token) { return stoi.containsKey(token); }

  /** The index of {@code token}; unknown tokens give the default index or an error if none is set. */
  public int index(String token) {
    if (stoi.containsKey(token)) return stoi.get(token);
    int d = defaultIndex;
    if (d < 0) {
      throw new IllegalArgumentException("Vocab: token '" + token + "' not found and default index is not set; call "
          + "setDefaultIndex(index(\"<unk>\")) to map unknown tokens");
    }
    return d;
  }

  /** The token at {@code index}. */
  public String token(int index) {
    if (index < 0 || index >= itos.size()) {
      throw new IndexOutOfBoundsException("Vocab: index " + index + " is out of range for a vocabulary of " + itos.size());
    }
    return itos.get(index);
  }

  /** Indices of the tokens, in order. */
  public IntList lookupIndices(List<String> tokens) {
    MutableIntList out = new IntArrayList(tokens.size());
    for (String t : tokens) out.add(index(t));
    return out;
  }

  /** Tokens at the indices, in order. */
  public List<String> lookupTokens(IntList indices) {
    List<String> out = new ArrayList<>(indices.size());
    indices.forEach(i -> out.add(token(i)));
    return out;
  }

  /** Sets the index returned for unknown tokens; -1 removes it. */
  public void setDefaultIndex(int index) {
    if (index < -1 || index >= itos.size()) {
      throw new IndexOutOfBoundsException("Vocab: default index " + index + " is out of range for a vocabulary of " + itos.size());
    }
    this.defaultIndex = index;
  }

  /** The index for unknown tokens, or -1 if none. */
  public int defaultIndex() { return defaultIndex; }

  /** The tokens in index order ({@code get_itos}). */
  public List<String> itos() { return itos; }
}
