package dev.dl.data.sampler;

import dev.dl.Generator;
import org.eclipse.collections.api.list.primitive.IntList;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * The share of one rank in distributed training, as PyTorch's {@code DistributedSampler}: every
 * rank sees the same permutation (seeded by {@code seed + epoch}) and takes every
 * {@code numReplicas}-th index starting at its rank. Without {@code dropLast} the list is padded by
 * repeating indices from its start so all ranks get equally many; with it, the tail is dropped.
 *
 * <pre>{@code
 * var s = new DistributedSampler(dataset.size(), 4, rank, true, 0, false);
 * for (int epoch = 0; epoch < 10; epoch++) { s.setEpoch(epoch); ... }
 * }</pre>
 */
public final class DistributedSampler implements Sampler {
  private final int dataSize;
  private final int numReplicas;
  private final int rank;
  private final boolean shuffle;
  private final long seed;
  private final boolean dropLast;
  private final int numSamples;
  private final int totalSize;
  private volatile int epoch;

  /** A sampler for {@code rank} out of {@code numReplicas}. */
  public DistributedSampler(int dataSize, int numReplicas, int rank, boolean shuffle, long seed, boolean dropLast) {
    if (numReplicas <= 0) throw new IllegalArgumentException("DistributedSampler: numReplicas must be positive, got " + numReplicas);
    if (rank < 0 || rank >= numReplicas) {
      throw new IllegalArgumentException("DistributedSampler: invalid rank " + rank + ", rank should be in the interval [0, "
          + (numReplicas - 1) + "]");
    }
    if (dataSize < 0) throw new IllegalArgumentException("DistributedSampler: dataset size must be >= 0, got " + dataSize);
    this.dataSize = dataSize;
    this.numReplicas = numReplicas;
    this.rank = rank;
    this.shuffle = shuffle;
    this.seed = seed;
    this.dropLast = dropLast;
    this.numSamples = dropLast && dataSize % numReplicas != 0
        ? (int) Math.ceil((dataSize - numReplicas) / (double) numReplicas)
        : (int) Math.ceil(dataSize / (double) numReplicas);
    this.totalSize = numSamples * numReplicas;
  }

  /** Sets the epoch, so each epoch gets a different (but on all ranks equal) shuffle. */
  public void setEpoch(int epoch) { this.epoch = epoch; }

  @Override
  public IntList indices() {
    MutableIntList all = shuffle
        ? RandomSampler.randperm(dataSize, new Generator(seed + epoch))
        : IntArrayList.newListWith(java.util.stream.IntStream.range(0, dataSize).toArray());
    if (!dropLast) {
      int padding = totalSize - all.size();
      int base = all.size();
      for (int i = 0; i < padding && base > 0; i++) all.add(all.get(i % base));
    } else {
      all = IntArrayList.newListWith(java.util.Arrays.copyOf(all.toArray(), totalSize));
    }
    MutableIntList mine = new IntArrayList(numSamples);
    for (int i = rank; i < totalSize; i += numReplicas) mine.add(all.get(i));
    return mine;
  }

  @Override
  public int size() { return numSamples; }
}
