/**
 * Readers for common dataset files: CSV tables, IDX (MNIST), CIFAR-10 binary batches, image
 * folders and NumPy {@code .npy} arrays. Malformed files fail with the file name and the line or
 * byte offset of the problem.
 */
package dev.dl.data.io;
