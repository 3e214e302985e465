package dev.dl.examples;

import dev.dl.Device;
import dev.dl.Generator;
import dev.dl.GradMode;
import dev.dl.Tensor;
import dev.dl.data.DataLoader;
import dev.dl.data.text.BasicEnglishTokenizer;
import dev.dl.data.text.Sequences;
import dev.dl.data.text.Vocab;
import dev.dl.nn.CrossEntropyLoss;
import dev.dl.nn.Embedding;
import dev.dl.nn.LSTM;
import dev.dl.nn.Linear;
import dev.dl.nn.Reduction;
import dev.dl.nn.UnaryModule;
import dev.dl.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An LSTM language model on "Alice's Adventures in Wonderland": tokenise, build the vocabulary,
 * make padded input/target sequences (the target is the input shifted by one word), train
 * Embedding + LSTM + Linear, report the held-out perplexity and complete a few prompts.
 *
 * <pre>{@code
 * ./dl next-word
 * ./dl next-word --epochs 20 --prompt "the queen said"
 * }</pre>
 */
@Command(name = "next-word", mixinStandardHelpOptions = true,
    description = "An LSTM language model on Alice's Adventures in Wonderland: perplexity and next-word predictions.")
public final class NextWordExample extends ExampleCommand {
  private static final int MAX_LEN = 24;

  @Option(names = "--prompt", description = "prompts to complete (repeatable; default: a few from the book)")
  List<String> prompts = new ArrayList<>(List.of("alice was", "the queen", "said the", "she went on", "the white rabbit"));

  @Option(names = "--embedding", description = "embedding size (default: ${DEFAULT-VALUE})")
  int embedding = 64;

  @Option(names = "--hidden", description = "LSTM hidden size (default: ${DEFAULT-VALUE})")
  int hidden = 128;

  /** Embedding, one LSTM layer (batch first), and a linear map to next-word logits at every position. */
  static final class LanguageModel extends UnaryModule {
    final Embedding embed;
    final LSTM lstm;
    final Linear head;

    LanguageModel(int vocab, int embedding, int hidden, int padIndex) {
      embed = registerModule("embed", new Embedding(vocab, embedding, padIndex));
      lstm = registerModule("lstm", new LSTM(embedding, hidden, 1, true, true, 0, false, null));
      head = registerModule("head", new Linear(hidden, vocab));
    }

    /** {@code [B, T]} word indices to {@code [B, T, V]} logits. */
    @Override
    public Tensor forward(Tensor ids) { return head.forward(lstm.forward(embed.forward(ids)).output()); }
  }

  @Override
  String name() { return "next-word"; }

  @Override
  void run(Device device) throws Exception {
    var tokenizer = new BasicEnglishTokenizer();
    List<List<String>> sentences = sentences(ExampleData.alice(), tokenizer);
    if (opts.quick) sentences = sentences.subList(0, Math.min(600, sentences.size()));
    Vocab vocab = Vocab.build(sentences, 2, List.of("<unk>", "<pad>"), true);
    vocab.setDefaultIndex(vocab.index("<unk>"));
    int pad = vocab.index("<pad>");
    out.printf("text: %d sentences, %d tokens; vocabulary %d words (seen at least twice, plus <unk>, <pad>)%n", sentences.size(),
        sentences.stream().mapToInt(List::size).sum(), vocab.size());

    // Every sentence becomes (input, target) = (words[0..n-1), words[1..n)), cut to MAX_LEN and right-padded.
    List<Tensor> inputs = new ArrayList<>();
    List<Tensor> targets = new ArrayList<>();
    for (List<String> s : sentences) {
      long[] ids = java.util.Arrays.stream(vocab.lookupIndices(s).toArray()).asLongStream().toArray();
      for (int start = 0; start + 1 < ids.length; start += MAX_LEN) {
        int end = Math.min(ids.length, start + MAX_LEN + 1);
        inputs.add(Tensor.of(java.util.Arrays.copyOfRange(ids, start, end - 1), end - 1 - start));
        targets.add(Tensor.of(java.util.Arrays.copyOfRange(ids, start + 1, end), end - 1 - start));
      }
    }
    Tensor x = Sequences.padSequence(inputs, true, pad);
    Tensor y = Sequences.padSequence(targets, true, pad);
    int n = x.size(0);
    Tensor perm = Tensor.randperm(n, new Generator(opts.seed));
    int nVal = n / 10;
    Tensor xVal = x.indexSelect(0, perm.narrow(0, 0, nVal));
    Tensor yVal = y.indexSelect(0, perm.narrow(0, 0, nVal));
    Tensor xTrain = x.indexSelect(0, perm.narrow(0, nVal, n - nVal));
    Tensor yTrain = y.indexSelect(0, perm.narrow(0, nVal, n - nVal));
    out.printf("sequences: %d train, %d held out, padded to %d words%n", xTrain.size(0), xVal.size(0), x.size(1));

    var model = new LanguageModel(vocab.size(), embedding, hidden, pad);
    model.to(device);
    var loss = new CrossEntropyLoss(null, pad, Reduction.MEAN, 0);
    var optimizer = new Adam(model.parameters(), opts.lr(5e-3));
    int epochs = opts.epochs(8, 4);
    DataLoader<List<Tensor>> loader = loader(xTrain, yTrain, opts.batchSize(32), false);
    History history = new History();
    double perplexity = Double.NaN;
    for (int epoch = 0; epoch < epochs; epoch++) {
      long start = System.nanoTime();
      model.train();
      double sum = 0;
      long tokens = 0;
      try (ProgressBar bar = opts.noProgress ? null : Trainer.bar("epoch " + (epoch + 1) + "/" + epochs, loader.size())) {
        for (List<Tensor> batch : loader) {
          Tensor in = batch.get(0).to(device);
          Tensor target = batch.get(1).to(device);
          optimizer.zeroGrad();
          Tensor logits = model.forward(in);
          Tensor l = loss.forward(logits.reshape(-1, vocab.size()), target.reshape(-1));
          l.backward();
          optimizer.step();
          long count = target.ne(pad).sum().itemLong();
          sum += l.item() * count;
          tokens += count;
          if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(" loss %.3f  %.0f words/s", sum / tokens, tokens / ((System.nanoTime() - start) / 1e9)));
          }
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      history.addSeconds(secs);
      double valLoss = heldOutLoss(model, xVal, yVal, vocab.size(), pad, device);
      perplexity = Math.exp(valLoss);
      history.add(sum / tokens, Math.exp(-sum / tokens), valLoss, Math.exp(-valLoss));
      out.printf("epoch %2d/%d  train loss %.3f (perplexity %.1f)  held-out loss %.3f (perplexity %.1f)  %.1f s (%.0f words/s)%n", epoch + 1,
          epochs, sum / tokens, Math.exp(sum / tokens), valLoss, perplexity, secs, tokens / secs);
      out.flush();
    }
    result("perplexity", perplexity);
    result("vocab_size", vocab.size());
    out.printf("held-out perplexity %.1f (a uniform guess over the vocabulary scores %d)%n", perplexity, vocab.size());

    out.println("\nnext-word predictions (top 3 with probabilities):");
    for (String prompt : prompts) {
      out.printf("  %-22s -> %s%n", "\"" + prompt + "\"", predict(model, vocab, tokenizer.apply(prompt), device, 3));
    }
    saveModel(model, Map.of("arch", "lstm-lm", "vocab", "" + vocab.size(), "embedding", "" + embedding, "hidden", "" + hidden),
        "next-word.safetensors");
    wrote(Plots.curves(history, outDir, "next word (accuracy axis: exp(-loss), the mean probability of the right word)"));
  }

  /** Mean cross-entropy per real (non-pad) word on the held-out sequences. */
  private static double heldOutLoss(LanguageModel model, Tensor x, Tensor y, int vocab, int pad, Device device) {
    model.eval();
    var sumLoss = new CrossEntropyLoss(null, pad, Reduction.SUM, 0);
    try (var noGrad = GradMode.noGrad()) {
      double sum = 0;
      long count = 0;
      for (int start = 0; start < x.size(0); start += 256) {
        int len = Math.min(256, x.size(0) - start);
        Tensor in = x.narrow(0, start, len).to(device);
        Tensor target = y.narrow(0, start, len).to(device);
        sum += sumLoss.forward(model.forward(in).reshape(-1, vocab), target.reshape(-1)).item();
        count += target.ne(pad).sum().itemLong();
      }
      return sum / count;
    }
  }

  private static String predict(LanguageModel model, Vocab vocab, List<String> words, Device device, int k) {
    model.eval();
    try (var noGrad = GradMode.noGrad()) {
      long[] ids = java.util.Arrays.stream(vocab.lookupIndices(words).toArray()).asLongStream().toArray();
      Tensor logits = model.forward(Tensor.of(ids, 1, ids.length).to(device)).select(0, 0).select(0, ids.length - 1);
      // Never suggest the special tokens.
      logits = logits.clone();
      double[] p = logits.softmax(0).toDoubleArray();
      p[vocab.index("<unk>")] = -1;
      p[vocab.index("<pad>")] = -1;
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < k; j++) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        sb.append(j == 0 ? "" : ", ").append(vocab.token(best)).append(String.format(" (%.2f)", p[best]));
        p[best] = -1;
      }
      return sb.toString();
    }
  }

  /** Sentences of the book (paragraphs joined, split after . ! ?), tokenised; the title line is dropped. */
  static List<List<String>> sentences(String text, BasicEnglishTokenizer tokenizer) {
    List<List<String>> out = new ArrayList<>();
    for (String paragraph : text.split("\\n\\s*\\n")) {
      String joined = paragraph.replaceAll("\\s+", " ").strip();
      if (joined.isEmpty() || joined.startsWith("[") || joined.startsWith("CHAPTER")) continue;
      for (String sentence : joined.split("(?<=[.!?])\\s+")) {
        List<String> tokens = tokenizer.apply(sentence);
        if (tokens.size() >= 2) out.add(tokens);
      }
    }
    return out;
  }
}
