package dev.nabla.bench;

import dev.nabla.SequenceModel;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.samples.sequences.CharStudy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Nabla's side of bench/compare-char-rnn.sh: the character model of {@link CharStudy} trained on
 * the batches that {@code --prepare DIR} writes (so PyTorch trains on the very same ones, from
 * the first again after the last), Adam
 * 0.005 with gradients clipped to norm 1. Prints {@code RESULT} lines: training tokens/s over the
 * steps after the warm-up steps, and the mean loss of each block of steps.
 *
 * <p>{@code --prepare DIR}: writes {@code tokens.u8} (the training text, a byte a token) and
 * {@code starts.i32} (little-endian window starts, 32 per batch, in training order).
 * {@code DIR STEPS WARMUP BLOCK [CELL]}: trains the model with a {@code simple} (default) or
 * {@code lstm} cell and prints.
 */
public final class CharSideBySide {
  private CharSideBySide() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--prepare")) {
      prepare(Path.of(args[1]));
      return;
    }
    Path dir = Path.of(args[0]);
    int steps = Integer.parseInt(args[1]);
    int warmUp = Integer.parseInt(args[2]);
    int block = Integer.parseInt(args[3]);
    SequenceModel model = CharStudy.model(args.length > 4 ? args[4] : "simple");
    byte[] bytes = Files.readAllBytes(dir.resolve("tokens.u8"));
    int[] text = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      text[i] = bytes[i];
    }
    ByteBuffer startBytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("starts.i32")))
        .order(ByteOrder.LITTLE_ENDIAN);
    int[] starts = new int[startBytes.remaining() / 4];
    startBytes.asIntBuffer().get(starts);
    int batches = starts.length / CharStudy.BATCH;
    Kernels.warmUp();
    Optimizer adam = new Adam(0.005).clipGradientNorm(1);
    int[] tokens = new int[CharStudy.BATCH * CharStudy.STEPS];
    int[] targets = new int[CharStudy.BATCH * CharStudy.STEPS];
    double blockSum = 0;
    long begin = 0;
    for (int step = 0; step < steps; step++) {
      if (step == warmUp) {
        begin = System.nanoTime();
      }
      for (int r = 0; r < CharStudy.BATCH; r++) {
        int start = starts[step % batches * CharStudy.BATCH + r];
        System.arraycopy(text, start, tokens, r * CharStudy.STEPS, CharStudy.STEPS);
        System.arraycopy(text, start + 1, targets, r * CharStudy.STEPS, CharStudy.STEPS);
      }
      blockSum += model.trainStep(tokens, targets, CharStudy.BATCH, adam);
      if ((step + 1) % block == 0) {
        System.out.printf("RESULT char.loss_block%d=%.5f%n", (step + 1) / block, blockSum / block);
        blockSum = 0;
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf("RESULT char.train_tokens_per_s=%.1f%n",
        (steps - warmUp) * (double) CharStudy.BATCH * CharStudy.STEPS / seconds);
  }

  private static void prepare(Path dir) throws IOException {
    CharStudy.Text text = CharStudy.read(CharStudy.DEFAULT_WORDS, 0);
    byte[] tokens = new byte[text.training().length];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = (byte) text.training()[i];
    }
    int windows = (tokens.length - 1) / CharStudy.STEPS;
    int[] starts = new int[windows];
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < windows; i++) {
      starts[i] = i * CharStudy.STEPS;
    }
    for (int i = windows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = starts[i];
      starts[i] = starts[j];
      starts[j] = swap;
    }
    ByteBuffer out = ByteBuffer.allocate(windows * 4).order(ByteOrder.LITTLE_ENDIAN);
    out.asIntBuffer().put(starts);
    Files.createDirectories(dir);
    Files.write(dir.resolve("tokens.u8"), tokens);
    Files.write(dir.resolve("starts.i32"), out.array());
  }
}
