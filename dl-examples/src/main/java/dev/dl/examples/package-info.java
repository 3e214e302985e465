/**
 * Runnable programs and the command-line entry point: the demo main job and, later, the
 * training examples.
 */
package dev.dl.examples;
