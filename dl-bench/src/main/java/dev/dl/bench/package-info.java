/**
 * JMH benchmarks comparing backends (matmul, conv2d, elementwise, reductions, framework overhead,
 * training steps) and the report generator. Not part of the test run.
 */
package dev.dl.bench;
