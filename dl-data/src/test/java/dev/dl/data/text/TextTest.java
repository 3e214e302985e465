package dev.dl.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dl.Shape;
import dev.dl.Tensor;
import java.util.List;
import org.eclipse.collections.impl.factory.primitive.IntLists;
import org.junit.jupiter.api.Test;

class TextTest {
  private final BasicEnglishTokenizer tok = new BasicEnglishTokenizer();

  @Test
  void basicEnglishFollowsTorchtextRules() {
    assertEquals(List.of("you", "can", "now", "install", "torchtext", "using", "pip", "!"),
        tok.apply("You can now install TorchText using pip!"));
    assertEquals(List.of("it", "'", "s", "a", "(", "test", ")", ",", "ok", "?", "yes", "."),
        tok.apply("It's a \"(test)\", ok?<br />yes;:."));
    assertEquals(List.of(), tok.apply("  ;: "));
  }

  @Test
  void vocabOrdersByFrequencyThenTokenAndHonoursMinFreq() {
    List<List<String>> corpus = List.of(tok.apply("b a a c"), tok.apply("b a d"));
    Vocab v = Vocab.build(corpus, 2, List.of("<unk>", "<pad>"), true);
    assertEquals(List.of("<unk>", "<pad>", "a", "b"), v.itos());
    assertEquals(2, v.index("a"));
    assertEquals("b", v.token(3));
    var e = assertThrows(IllegalArgumentException.class, () -> v.index("zebra"));
    assertTrue(e.getMessage().contains("zebra") && e.getMessage().contains("default index"), e.getMessage());
    v.setDefaultIndex(v.index("<unk>"));
    assertEquals(IntLists.immutable.of(2, 0, 3), v.lookupIndices(List.of("a", "zebra", "b")));
    assertEquals(List.of("b", "<pad>"), v.lookupTokens(IntLists.immutable.of(3, 1)));
    assertThrows(IndexOutOfBoundsException.class, () -> v.token(9));
    Vocab last = Vocab.build(corpus, 1, List.of("<unk>"), false);
    assertEquals("<unk>", last.token(last.size() - 1));
    assertEquals(List.of("a", "b", "c", "d"), last.itos().subList(0, 4));
  }

  @Test
  void padSequenceBatchFirstAndTimeFirst() {
    Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
    Tensor b = Tensor.of(new float[] {4}, 1);
    Tensor bf = Sequences.padSequence(List.of(a, b), true, 9);
    assertEquals(Shape.of(2, 3), bf.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 9, 9}, bf.toFloatArray());
    Tensor tf = Sequences.padSequence(List.of(a, b), false, 0);
    assertEquals(Shape.of(3, 2), tf.shape());
    assertArrayEquals(new float[] {1, 4, 2, 0, 3, 0}, tf.toFloatArray());
    Tensor feat = Sequences.padSequence(List.of(Tensor.ones(2, 3), Tensor.ones(1, 3)), true, 0);
    assertEquals(Shape.of(2, 2, 3), feat.shape());
    var e = assertThrows(IllegalArgumentException.class, () -> Sequences.padSequence(List.of(Tensor.ones(2, 3), Tensor.ones(2, 4)), true, 0));
    assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
  }
}
