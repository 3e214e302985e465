package dev.dl.examples;

import dev.dl.Tensor;

/**
 * Loss, accuracy and predictions of a model on a labelled set.
 *
 * @param loss mean loss
 * @param accuracy fraction correct, in [0, 1]
 * @param predictions predicted class per sample
 */
public record Evaluation(double loss, double accuracy, long[] predictions) {
  static long correct(Tensor logits, Tensor labels) {
    return logits.argmax(1, false).eq(labels).sum().itemLong();
  }
}
