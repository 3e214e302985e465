/**
 * The conformance kit (TCK) every backend runs: {@link dev.dl.backend.tck.BackendTck} drives each
 * primitive op through the public {@link dev.dl.Tensor} API on the backend's device, for every
 * dtype the backend declares, at awkward shapes and layouts, and compares the results with an
 * independent double-precision reference that lives here (not in any backend). Everything except
 * {@code BackendTck} is package-private.
 */
package dev.dl.backend.tck;
