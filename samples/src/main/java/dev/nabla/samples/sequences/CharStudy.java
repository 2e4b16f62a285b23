package dev.nabla.samples.sequences;

import dev.nabla.Dense;
import dev.nabla.Embedding;
import dev.nabla.Layer;
import dev.nabla.Recurrent;
import dev.nabla.RecurrentCell;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.io.Weights;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A character-level language model: embedding → tanh recurrent cell (or an LSTM) → softmax
 * cross-entropy over the next character, trained on the word list of Debian's {@code wamerican}
 * ({@code /usr/share/dict/words}). The words made of a–z only, shuffled, one a line, are the text;
 * the 27 characters are '\n' and a–z. Prints the loss per epoch and the held-out loss, then words
 * sampled at a temperature.
 *
 * <p>Options: {@code --words FILE --epochs N --batches N} (batches per epoch, default: the whole
 * training text) {@code --temperature T --cell simple|lstm} (default simple) {@code --save FILE}
 * (the trained weights, in PyTorch's state_dict names).
 */
public final class CharStudy {
  public static final Path DEFAULT_WORDS = Path.of("/usr/share/dict/words");
  /** '\n' then a–z. */
  public static final int CHARACTERS = 27;
  public static final int STEPS = 32;
  public static final int BATCH = 32;

  /** 27 characters in, 16-dimensional embeddings, 64 hidden units, the next character out. */
  @Sequence(steps = STEPS)
  public abstract static class CharNet {
    @Embedding(vocabulary = CHARACTERS, dimension = 16) Dense embed;
    @Recurrent(units = 64) RecurrentCell cell;
    @Layer(units = CHARACTERS) Dense output;
  }

  /** {@link CharNet} with an LSTM cell of the same width. */
  @Sequence(steps = STEPS)
  public abstract static class LstmCharNet {
    @Embedding(vocabulary = CHARACTERS, dimension = 16) Dense embed;
    @Recurrent(units = 64, cell = Recurrent.Cell.LSTM) RecurrentCell cell;
    @Layer(units = CHARACTERS) Dense output;
  }

  /** A new model of {@code cell} ("simple" or "lstm") for batches of {@link #BATCH}. */
  public static SequenceModel model(String cell) {
    return switch (cell) {
      case "simple" -> new CharStudy_CharNetModel(BATCH);
      case "lstm" -> new CharStudy_LstmCharNetModel(BATCH);
      default -> throw new IllegalArgumentException("unknown cell '" + cell
          + "'; cells: simple, lstm");
    };
  }

  /** The token streams to train on and to hold out (the last tenth of the shuffled words). */
  public record Text(int[] training, int[] heldOut) {}

  private CharStudy() {}

  public static boolean isInstalled(Path words) {
    return Files.isReadable(words);
  }

  /** The lower-case words of {@code file} in an order shuffled by {@code seed}, as tokens. */
  public static Text read(Path file, long seed) throws IOException {
    List<String> words = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isEmpty() && line.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
        words.add(line);
      }
    }
    if (words.size() < 10) {
      throw new IllegalArgumentException(file + " holds " + words.size()
          + " words of a–z only; the study needs a word list, one word a line");
    }
    Collections.shuffle(words, new Random(seed));
    int split = words.size() - words.size() / 10;
    return new Text(tokens(words.subList(0, split)), tokens(words.subList(split, words.size())));
  }

  private static int[] tokens(List<String> words) {
    int length = words.stream().mapToInt(w -> w.length() + 1).sum();
    int[] tokens = new int[length];
    int at = 0;
    for (String word : words) {
      for (int i = 0; i < word.length(); i++) {
        tokens[at++] = token(word.charAt(i));
      }
      tokens[at++] = 0;
    }
    return tokens;
  }

  static int token(char c) {
    return c == '\n' ? 0 : c - 'a' + 1;
  }

  static char character(int token) {
    return token == 0 ? '\n' : (char) ('a' + token - 1);
  }

  /**
   * Fills {@code tokens} and {@code targets} with {@link #BATCH} windows of the text starting at
   * {@code starts[first …]}: targets are the tokens one character later.
   */
  static void batch(int[] text, int[] starts, int first, int[] tokens, int[] targets) {
    for (int r = 0; r < BATCH; r++) {
      System.arraycopy(text, starts[first + r], tokens, r * STEPS, STEPS);
      System.arraycopy(text, starts[first + r] + 1, targets, r * STEPS, STEPS);
    }
  }

  /** Window starts every {@link #STEPS} characters, shuffled by {@code random}. */
  static int[] windowStarts(int[] text, Random random) {
    int count = (text.length - 1) / STEPS;
    int[] starts = new int[count];
    for (int i = 0; i < count; i++) {
      starts[i] = i * STEPS;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = starts[i];
      starts[i] = starts[j];
      starts[j] = swap;
    }
    return starts;
  }

  /**
   * Trains for {@code epochs} epochs of at most {@code batchesPerEpoch} batches each (fewer if
   * the text runs out), Adam 0.005 with gradients clipped to norm 1; returns the mean training
   * loss of each epoch.
   */
  public static double[] train(SequenceModel model, int[] text, int epochs, int batchesPerEpoch,
      long seed, PrintStream out) {
    Optimizer adam = new Adam(0.005).clipGradientNorm(1);
    Random random = new Random(seed);
    int[] tokens = new int[BATCH * STEPS];
    int[] targets = new int[BATCH * STEPS];
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] starts = windowStarts(text, random);
      int batches = Math.min(batchesPerEpoch, starts.length / BATCH);
      double sum = 0;
      long begin = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        batch(text, starts, b * BATCH, tokens, targets);
        sum += model.trainStep(tokens, targets, BATCH, adam);
      }
      losses[epoch] = sum / batches;
      double seconds = (System.nanoTime() - begin) / 1e9;
      out.printf("epoch %2d  loss %.4f  (%d batches, %.0f tokens/s)%n", epoch + 1,
          losses[epoch], batches, batches * (double) BATCH * STEPS / seconds);
    }
    return losses;
  }

  /** Mean loss over every whole window of {@code text}, in batches. */
  public static double evaluate(SequenceModel model, int[] text) {
    int[] starts = windowStarts(text, new Random(0));
    int[] tokens = new int[BATCH * STEPS];
    int[] targets = new int[BATCH * STEPS];
    int batches = starts.length / BATCH;
    double sum = 0;
    for (int b = 0; b < batches; b++) {
      batch(text, starts, b * BATCH, tokens, targets);
      sum += model.loss(tokens, targets, BATCH);
    }
    return sum / batches;
  }

  /**
   * {@code length} characters drawn one at a time from softmax(logits / temperature) of the last
   * step, the model reading the last {@link #STEPS} characters (starting from {@code prompt}).
   */
  public static String sample(SequenceModel model, int[] prompt, int length, double temperature,
      Random random) {
    int[] window = prompt.clone();
    StringBuilder text = new StringBuilder();
    double[] weights = new double[CHARACTERS];
    for (int i = 0; i < length; i++) {
      float[] logits = model.forward(window, 1);
      int last = (STEPS - 1) * CHARACTERS;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < CHARACTERS; j++) {
        max = Math.max(max, logits[last + j] / temperature);
      }
      double total = 0;
      for (int j = 0; j < CHARACTERS; j++) {
        weights[j] = Math.exp(logits[last + j] / temperature - max);
        total += weights[j];
      }
      double draw = random.nextDouble() * total;
      int next = CHARACTERS - 1;
      for (int j = 0; j < CHARACTERS; j++) {
        draw -= weights[j];
        if (draw < 0) {
          next = j;
          break;
        }
      }
      text.append(character(next));
      System.arraycopy(window, 1, window, 0, STEPS - 1);
      window[STEPS - 1] = next;
    }
    return text.toString();
  }

  public static void main(String[] args) throws IOException {
    Path words = DEFAULT_WORDS;
    int epochs = 5;
    int batches = Integer.MAX_VALUE;
    double temperature = 0.7;
    String cell = "simple";
    Path save = null;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--words" -> words = Path.of(args[i + 1]);
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--batches" -> batches = Integer.parseInt(args[i + 1]);
        case "--temperature" -> temperature = Double.parseDouble(args[i + 1]);
        case "--cell" -> cell = args[i + 1];
        case "--save" -> save = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --words FILE --epochs N --batches N --temperature T"
            + " --cell simple|lstm --save FILE");
      }
    }
    if (!isInstalled(words)) {
      System.err.println(words + " is missing: apt-get install -y wamerican");
      System.exit(2);
    }
    SequenceModel model = model(cell);
    Kernels.warmUp();
    Text text = read(words, 0);
    System.out.printf("%d training characters, %d held out; a uniform guess scores ln 27 = %.4f%n",
        text.training().length, text.heldOut().length, Math.log(CHARACTERS));
    train(model, text.training(), epochs, batches, 1, System.out);
    System.out.printf("held-out loss %.4f%n", evaluate(model, text.heldOut()));
    if (save != null) {
      Weights.save(model, save);
      System.out.println("weights saved to " + save);
    }
    int[] prompt = java.util.Arrays.copyOf(text.heldOut(), STEPS);
    System.out.println("sampled at temperature " + temperature + ":");
    System.out.println(sample(model, prompt, 300, temperature, new Random(7)).replace('\n', ' '));
  }
}
