package dev.nabla.bench;

import dev.nabla.SequenceModel;
import dev.nabla.io.Weights;
import dev.nabla.samples.sequences.CharStudy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Nabla's side of bench/char-weights-to-torch.sh: loads a character model's weights file, runs it
 * over the held-out text of {@link CharStudy} cut into consecutive windows of {@link
 * CharStudy#STEPS} characters, and writes {@code heldout.u8} (the text, a byte a token) and
 * {@code nabla-next.u8} (the most likely next character at every position) into DIR. Prints
 * {@code RESULT char.heldout_loss=…}, the mean loss over every position.
 * Args: {@code WEIGHTS simple|lstm DIR}.
 */
public final class CharHeldOut {
  private CharHeldOut() {}

  public static void main(String[] args) throws IOException {
    SequenceModel model = CharStudy.model(args[1]);
    Weights.load(model, Path.of(args[0]));
    Path dir = Path.of(args[2]);
    int[] text = CharStudy.read(CharStudy.DEFAULT_WORDS, 0).heldOut();
    int steps = CharStudy.STEPS;
    int windows = (text.length - 1) / steps;
    int[] tokens = new int[CharStudy.BATCH * steps];
    int[] targets = new int[CharStudy.BATCH * steps];
    byte[] next = new byte[windows * steps];
    double lossSum = 0;
    for (int first = 0; first < windows; first += CharStudy.BATCH) {
      int rows = Math.min(CharStudy.BATCH, windows - first);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(text, (first + r) * steps, tokens, r * steps, steps);
        System.arraycopy(text, (first + r) * steps + 1, targets, r * steps, steps);
      }
      lossSum += model.loss(tokens, targets, rows) * (double) rows * steps;
      float[] logits = model.forward(tokens, rows);
      for (int position = 0; position < rows * steps; position++) {
        int best = 0;
        for (int c = 1; c < CharStudy.CHARACTERS; c++) {
          if (logits[position * CharStudy.CHARACTERS + c]
              > logits[position * CharStudy.CHARACTERS + best]) {
            best = c;
          }
        }
        next[first * steps + position] = (byte) best;
      }
    }
    byte[] bytes = new byte[text.length];
    for (int i = 0; i < text.length; i++) {
      bytes[i] = (byte) text[i];
    }
    Files.write(dir.resolve("heldout.u8"), bytes);
    Files.write(dir.resolve("nabla-next.u8"), next);
    System.out.printf("RESULT char.heldout_loss=%.6f%n", lossSum / ((double) windows * steps));
  }
}
