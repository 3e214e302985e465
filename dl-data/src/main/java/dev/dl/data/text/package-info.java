/**
 * Text preprocessing as in torchtext: the {@code basic_english} tokenizer, a {@link
 * dev.dl.data.text.Vocab} mapping tokens to indices, and padding of variable-length sequences.
 */
package dev.dl.data.text;
