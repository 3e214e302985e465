/**
 * Runnable programs and the command line behind {@code ./dl}: {@link dev.dl.examples.Main} with
 * one picocli subcommand per example (digits, breast-cancer, fashion-mnist, transfer, next-word,
 * tune, gpu), {@code predict} for saved models and {@code demo}; the shared training loop with
 * progress bars ({@link dev.dl.examples.Trainer}) and the PNG plots ({@link dev.dl.examples.Plots}).
 */
package dev.dl.examples;
