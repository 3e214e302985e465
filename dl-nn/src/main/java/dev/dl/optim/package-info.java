/** Optimizers, learning-rate schedulers and training helpers, as {@code torch.optim}. */
package dev.dl.optim;
