/**
 * The user API: {@link dev.dl.Tensor} with PyTorch's semantics in Java casing, {@link dev.dl.DType},
 * {@link dev.dl.Shape}, {@link dev.dl.Device}, {@link dev.dl.Generator}, {@link dev.dl.GradMode} and
 * {@link dev.dl.Backends}. Every op goes through one dispatcher that checks shapes, dtypes and devices,
 * runs the device's backend kernel and hands differentiable calls to the grad recorder.
 */
package dev.dl;
