/**
 * Samplers decide which dataset indices an epoch visits and in which order (sequential, random,
 * weighted, per-rank for distributed training); {@link dev.dl.data.sampler.BatchSampler} groups
 * them into batches. Index lists are Eclipse Collections' primitive {@code IntList}s.
 */
package dev.dl.data.sampler;
