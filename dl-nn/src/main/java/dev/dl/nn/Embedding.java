package dev.dl.nn;

import dev.dl.Generator;
import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.nn.init.Init;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as
 * {@code torch.nn.Embedding}; weight initialised N(0, 1), the {@code paddingIdx} row zeroed and
 * excluded from gradients.
 *
 * <pre>{@code
 * var emb = new Embedding(1000, 64, 0);
 * Tensor v = emb.apply(Tensor.of(new long[] {3, 0, 7}, 3));   // [3, 64]
 * }</pre>
 */
public final class Embedding extends UnaryModule {
  /** Weight [numEmbeddings, embeddingDim]. */
  public final Parameter weight;
  private final int numEmbeddings;
  private final int embeddingDim;
  private final Integer paddingIdx;

  /** No padding index. */
  public Embedding(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, null); }

  /** With a padding index (negative counts from the end; null for none). */
  public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
    this(numEmbeddings, embeddingDim, paddingIdx, null);
  }

  private Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Tensor pretrained) {
    Layers.positive("Embedding", "num_embeddings and embedding_dim", numEmbeddings, embeddingDim);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    if (paddingIdx != null) {
      if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
        throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " must be within num_embeddings ("
            + numEmbeddings + ")");
      }
      paddingIdx = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    }
    this.paddingIdx = paddingIdx;
    this.weight = registerParameter("weight", new Parameter(pretrained != null ? pretrained.clone() : Tensor.empty(numEmbeddings, embeddingDim)));
    if (pretrained == null) resetParameters(Generator.defaultGenerator());
  }

  /**
   * An embedding holding a copy of {@code embeddings} [num, dim]; frozen (no gradient) when
   * {@code freeze}, as {@code Embedding.from_pretrained}.
   */
  public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
    if (embeddings.dim() != 2) {
      throw new IllegalArgumentException("Embeddings parameter is expected to be 2-dimensional, got shape " + embeddings.shape());
    }
    Embedding e = new Embedding(embeddings.size(0), embeddings.size(1), paddingIdx, embeddings.detach());
    e.weight.requiresGrad_(!freeze);
    return e;
  }

  /** N(0, 1) weights with the padding row zeroed. */
  public void resetParameters(Generator g) {
    Init.normal_(weight.tensor(), 0, 1, g);
    if (paddingIdx != null) {
      try (var scope = GradMode.noGrad()) {
        weight.tensor().select(0, paddingIdx).zero_();
      }
    }
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.embedding(input, weight.tensor(), paddingIdx);
  }

  @Override
  public String extraRepr() {
    return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx);
  }
}
