package dev.dl.data.sampler;

import dev.dl.Generator;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * The given indices in a new random order each epoch, as PyTorch's {@code SubsetRandomSampler}.
 *
 * <pre>{@code
 * Sampler validation = new SubsetRandomSampler(IntLists.immutable.of(5, 9, 12), new Generator(1));
 * }</pre>
 */
public final class SubsetRandomSampler implements Sampler {
  private final IntList indices;
  private final Generator generator;

  /** Samples from {@code indices}; a null generator seeds one from the default generator each epoch. */
  public SubsetRandomSampler(IntList indices, Generator generator) {
    this.indices = indices.toImmutable();
    this.generator = generator;
  }

  @Override
  public IntList indices() {
    Generator g = RandomSampler.epochGenerator(generator);
    MutableIntList perm = RandomSampler.randperm(indices.size(), g);
    MutableIntList out = new IntArrayList(indices.size());
    perm.forEach(p -> out.add(indices.get(p)));
    return out;
  }

  @Override
  public int size() { return indices.size(); }
}
