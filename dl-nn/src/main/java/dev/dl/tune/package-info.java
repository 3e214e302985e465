/**
 * Hyperparameter search in the style of Optuna: a {@link dev.dl.tune.Study} runs an objective
 * over {@link dev.dl.tune.Trial}s, each trial asks for values ({@code suggestInt},
 * {@code suggestFloat}, {@code suggestCategorical}) from a {@link dev.dl.tune.Sampler} (random or
 * TPE), may report intermediate values and be stopped early by a {@link dev.dl.tune.Pruner}.
 */
package dev.dl.tune;
