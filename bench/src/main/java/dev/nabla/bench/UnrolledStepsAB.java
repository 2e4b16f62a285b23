package dev.nabla.bench;

import dev.nabla.Activation;
import dev.nabla.Sequence;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.SequenceCore;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Adam;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Loop over t against steps written out one by one, for the character model of CharStudy (27
 * tokens → 16 → tanh RNN 64 → 27, softmax-CE at every step, batch 32): the measurement behind
 * the processor emitting a loop. Both cores are the generated {@code CharStudy_CharNetModel.Core}
 * but for the steps; blocks of Adam training steps alternate between them (the order flips every
 * block) in one JVM. Prints the median µs per training step of each and the median and quartiles
 * of the per-block ratios unrolled / loop, and checks that both trained to the same bits.
 * Args: {@code 5|32 [blocks=30]}.
 */
public final class UnrolledStepsAB {
  private static final int BATCH = 32;
  private static final int CALLS = 40;
  private static final int WARM_UP_BLOCKS = 5;

  private UnrolledStepsAB() {}

  /** The generated core of the character model, its step loops left to subclasses. */
  abstract static class CharCore extends SequenceCore {
    private static final DenseShape EMBEDDING =
        new DenseShape(0, "embed", 27, 16, 0, false, Activation.IDENTITY);
    private static final DenseShape CELL_INPUT =
        new DenseShape(1, "cell.input", 16, 64, 432, true, Activation.TANH);
    static final DenseShape CELL_HIDDEN =
        new DenseShape(2, "cell.hidden", 64, 64, 1520, false, Activation.TANH);
    private static final DenseShape OUTPUT =
        new DenseShape(3, "output", 64, 27, 5616, true, Activation.IDENTITY);
    private final int steps;
    private final float[] embedded;
    private final float[] embeddedDelta;
    final float[] hidden;
    final float[] hiddenDelta;
    private final float[] logits;
    private final float[] logitsDelta;

    CharCore(int steps, int maxBatch) {
      super("CharNet" + steps, steps, Sequence.Targets.EVERY_STEP, 7371, 1 << 16, maxBatch,
          EMBEDDING, CELL_INPUT, CELL_HIDDEN, OUTPUT);
      this.steps = steps;
      embedded = new float[maxBatch * steps * 16];
      embeddedDelta = new float[maxBatch * steps * 16];
      hidden = new float[maxBatch * steps * 64];
      hiddenDelta = new float[maxBatch * steps * 64];
      logits = new float[maxBatch * steps * 27];
      logitsDelta = new float[maxBatch * steps * 27];
    }

    abstract void forwardSteps(int rows);

    abstract void backwardSteps(int rows);

    @Override
    protected float[] output() {
      return logits;
    }

    @Override
    protected void forwardPass(int[] tokens, int rows) {
      gather(EMBEDDING, tokens, rows, embedded);
      dense(CELL_INPUT, embedded, 0, hidden, 0, steps * rows);
      forwardSteps(rows);
      dense(OUTPUT, hidden, 0, logits, 0, steps * rows);
    }

    @Override
    protected float backwardPass(int[] tokens, int rows) {
      float loss = softmaxCrossEntropy(logits, rows, logitsDelta);
      parameterGradients(OUTPUT, hidden, 0, logitsDelta, 0, steps * rows);
      inputGradient(OUTPUT, logitsDelta, 0, hiddenDelta, 0, steps * rows);
      backwardSteps(rows);
      parameterGradients(CELL_INPUT, embedded, 0, hiddenDelta, 0, steps * rows);
      parameterGradients(CELL_HIDDEN, hidden, 0, hiddenDelta, rows, (steps - 1) * rows);
      inputGradient(CELL_INPUT, hiddenDelta, 0, embeddedDelta, 0, steps * rows);
      embeddingGradient(EMBEDDING, tokens, rows, 0, embeddedDelta);
      return loss;
    }
  }

  /** What the processor emits: a loop over t. */
  static final class Looped extends CharCore {
    private final int steps;

    Looped(int steps, int maxBatch) {
      super(steps, maxBatch);
      this.steps = steps;
    }

    @Override
    void forwardSteps(int rows) {
      for (int t = 0; t < steps; t++) {
        recurrentStep(CELL_HIDDEN, hidden, t, rows);
      }
    }

    @Override
    void backwardSteps(int rows) {
      for (int t = steps - 1; t >= 0; t--) {
        recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, t, rows);
      }
    }
  }

  /** The steps of T = 5 written out one by one, as an unrolling processor would emit them. */
  static final class Unrolled5 extends CharCore {
    Unrolled5(int maxBatch) {
      super(5, maxBatch);
    }

    @Override
    void forwardSteps(int rows) {
      recurrentStep(CELL_HIDDEN, hidden, 0, rows);
      recurrentStep(CELL_HIDDEN, hidden, 1, rows);
      recurrentStep(CELL_HIDDEN, hidden, 2, rows);
      recurrentStep(CELL_HIDDEN, hidden, 3, rows);
      recurrentStep(CELL_HIDDEN, hidden, 4, rows);
    }

    @Override
    void backwardSteps(int rows) {
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 4, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 3, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 2, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 1, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 0, rows);
    }
  }

  /** The steps of T = 32 written out one by one, as an unrolling processor would emit them. */
  static final class Unrolled32 extends CharCore {
    Unrolled32(int maxBatch) {
      super(32, maxBatch);
    }

    @Override
    void forwardSteps(int rows) {
      recurrentStep(CELL_HIDDEN, hidden, 0, rows);
      recurrentStep(CELL_HIDDEN, hidden, 1, rows);
      recurrentStep(CELL_HIDDEN, hidden, 2, rows);
      recurrentStep(CELL_HIDDEN, hidden, 3, rows);
      recurrentStep(CELL_HIDDEN, hidden, 4, rows);
      recurrentStep(CELL_HIDDEN, hidden, 5, rows);
      recurrentStep(CELL_HIDDEN, hidden, 6, rows);
      recurrentStep(CELL_HIDDEN, hidden, 7, rows);
      recurrentStep(CELL_HIDDEN, hidden, 8, rows);
      recurrentStep(CELL_HIDDEN, hidden, 9, rows);
      recurrentStep(CELL_HIDDEN, hidden, 10, rows);
      recurrentStep(CELL_HIDDEN, hidden, 11, rows);
      recurrentStep(CELL_HIDDEN, hidden, 12, rows);
      recurrentStep(CELL_HIDDEN, hidden, 13, rows);
      recurrentStep(CELL_HIDDEN, hidden, 14, rows);
      recurrentStep(CELL_HIDDEN, hidden, 15, rows);
      recurrentStep(CELL_HIDDEN, hidden, 16, rows);
      recurrentStep(CELL_HIDDEN, hidden, 17, rows);
      recurrentStep(CELL_HIDDEN, hidden, 18, rows);
      recurrentStep(CELL_HIDDEN, hidden, 19, rows);
      recurrentStep(CELL_HIDDEN, hidden, 20, rows);
      recurrentStep(CELL_HIDDEN, hidden, 21, rows);
      recurrentStep(CELL_HIDDEN, hidden, 22, rows);
      recurrentStep(CELL_HIDDEN, hidden, 23, rows);
      recurrentStep(CELL_HIDDEN, hidden, 24, rows);
      recurrentStep(CELL_HIDDEN, hidden, 25, rows);
      recurrentStep(CELL_HIDDEN, hidden, 26, rows);
      recurrentStep(CELL_HIDDEN, hidden, 27, rows);
      recurrentStep(CELL_HIDDEN, hidden, 28, rows);
      recurrentStep(CELL_HIDDEN, hidden, 29, rows);
      recurrentStep(CELL_HIDDEN, hidden, 30, rows);
      recurrentStep(CELL_HIDDEN, hidden, 31, rows);
    }

    @Override
    void backwardSteps(int rows) {
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 31, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 30, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 29, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 28, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 27, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 26, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 25, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 24, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 23, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 22, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 21, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 20, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 19, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 18, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 17, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 16, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 15, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 14, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 13, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 12, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 11, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 10, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 9, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 8, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 7, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 6, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 5, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 4, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 3, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 2, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 1, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 0, rows);
    }
  }

  /** One side: a core, its optimizer and its own copy of the batches. */
  private record Side(CharCore core, Adam adam) {
    long time(int[][] tokens, int[][] targets, int calls) {
      long start = System.nanoTime();
      for (int k = 0; k < calls; k++) {
        core.trainStep(tokens[k % tokens.length], targets[k % targets.length], BATCH, adam);
      }
      return System.nanoTime() - start;
    }
  }

  public static void main(String[] args) {
    int steps = Integer.parseInt(args[0]);
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    IntFunction<CharCore> unrolled = switch (steps) {
      case 5 -> Unrolled5::new;
      case 32 -> Unrolled32::new;
      default -> throw new IllegalArgumentException("steps 5 or 32, not " + steps);
    };
    Kernels.warmUp();
    Side loop = new Side(new Looped(steps, BATCH), new Adam(0.005));
    Side written = new Side(unrolled.apply(BATCH), new Adam(0.005));
    SplittableRandom random = new SplittableRandom(1);
    int[][] tokens = new int[8][BATCH * steps];
    int[][] targets = new int[8][BATCH * steps];
    for (int b = 0; b < tokens.length; b++) {
      for (int k = 0; k < tokens[b].length; k++) {
        tokens[b][k] = random.nextInt(27);
        targets[b][k] = random.nextInt(27);
      }
    }
    double[] loopUs = new double[blocks];
    double[] unrolledUs = new double[blocks];
    double[] ratios = new double[blocks];
    for (int block = -WARM_UP_BLOCKS; block < blocks; block++) {
      boolean loopFirst = (block & 1) == 0;
      long first = (loopFirst ? loop : written).time(tokens, targets, CALLS);
      long second = (loopFirst ? written : loop).time(tokens, targets, CALLS);
      if (block >= 0) {
        loopUs[block] = (loopFirst ? first : second) / 1e3 / CALLS;
        unrolledUs[block] = (loopFirst ? second : first) / 1e3 / CALLS;
        ratios[block] = unrolledUs[block] / loopUs[block];
      }
    }
    if (!Arrays.equals(loop.core().parameters(), written.core().parameters())) {
      throw new AssertionError("the loop and the unrolled steps trained to different weights");
    }
    System.out.printf(Locale.ROOT, "T = %d: loop %.1f µs, unrolled %.1f µs per training step of %d"
        + " sequences (medians of %d blocks of %d); unrolled / loop median %.3f, quartiles"
        + " %.3f-%.3f; same weights after %d steps each%n", steps, Quantiles.of(loopUs, 0.5),
        Quantiles.of(unrolledUs, 0.5), BATCH, blocks, CALLS, Quantiles.of(ratios, 0.5), Quantiles.of(ratios, 0.25),
        Quantiles.of(ratios, 0.75), (blocks + WARM_UP_BLOCKS) * CALLS);
  }
}
