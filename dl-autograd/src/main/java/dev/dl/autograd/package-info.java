/**
 * Reverse-mode automatic differentiation with PyTorch's semantics: every op the dispatcher runs
 * on a tensor that requires grad is recorded as a node, {@code backward()} walks the nodes in
 * topological order applying the rules of {@code Derivatives}, gradients of
 * leaves accumulate in {@code grad}, and {@link dev.dl.autograd.Autograd} offers the functional
 * {@code grad}, anomaly detection and the grad-mode scopes. {@link dev.dl.autograd.Function}
 * lets users define ops with their own backward, and {@link dev.dl.autograd.GradCheck} compares
 * analytical gradients against finite differences.
 */
package dev.dl.autograd;
