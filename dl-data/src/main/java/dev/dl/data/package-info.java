/**
 * Datasets and the DataLoader: a {@link dev.dl.data.Dataset} loads one sample, the
 * {@link dev.dl.data.DataLoader} orders indices with a sampler, cuts them into batches, fetches
 * samples in worker threads and combines them with a {@link dev.dl.data.Collate} function, as
 * PyTorch's {@code torch.utils.data} does.
 */
package dev.dl.data;
