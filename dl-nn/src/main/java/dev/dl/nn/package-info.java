/**
 * Neural-network building blocks as {@code torch.nn}: {@link dev.dl.nn.Module} with named
 * parameters, buffers and submodules; layers, activations, losses; and {@link dev.dl.nn.Functional}.
 */
package dev.dl.nn;
