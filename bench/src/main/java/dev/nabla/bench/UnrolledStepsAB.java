package dev.nabla.bench;

import dev.nabla.Activation;
import dev.nabla.Sequence;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.SequenceCore;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import java.util.Random;

/**
 * Loop against unrolled steps, the choice issue 16 asks to settle by measurement: the core the
 * processor writes for CharStudy's model (embedding 16 → tanh cell 64 → 27, batch 32), copied by
 * hand twice per T ∈ {1, 2, 5, 32}, once with the generated loops over t and once with those
 * loops unrolled into T calls with constant t. Both copies share everything else (buffers, the
 * hoisted products), start from the same parameters and train on the same batch, so their
 * losses must agree bitwise. Alternates timed blocks of {@code trainStep} (SGD) between the two
 * in one JVM and prints, per T, the median and range of unrolled/loop time ratios. Not shipped.
 *
 * <p>Usage: {@code UnrolledStepsAB [rounds=15] [tokensPerBlock=300000]}.
 */
public final class UnrolledStepsAB {
  private static final int VOCABULARY = 27;
  private static final int BATCH = 32;
  private static final DenseShape EMBEDDING = new DenseShape(0, "embed", 27, 16, 0, false,
      Activation.IDENTITY);
  private static final DenseShape CELL_INPUT = new DenseShape(1, "cell.input", 16, 64, 432,
      true, Activation.TANH);
  private static final DenseShape CELL_HIDDEN = new DenseShape(2, "cell.hidden", 64, 64, 1520,
      false, Activation.TANH);
  private static final DenseShape OUTPUT = new DenseShape(3, "output", 64, 27, 5616, true,
      Activation.IDENTITY);
  private static final int PARAMETERS = 5616 + 64 * 27 + 27;

  private UnrolledStepsAB() {}

  /** The generated core's buffers and passes, the steps over t left to the subclass. */
  private abstract static class Core extends SequenceCore {
    final int steps;
    final float[] embedded;
    final float[] embeddedDelta;
    final float[] hidden;
    final float[] hiddenDelta;
    final float[] logits;
    final float[] logitsDelta;

    Core(int steps) {
      super("UnrolledStepsAB", steps, Sequence.Targets.EVERY_STEP, PARAMETERS,
          Integer.MAX_VALUE / (steps * 64), BATCH, EMBEDDING, CELL_INPUT, CELL_HIDDEN, OUTPUT);
      this.steps = steps;
      embedded = new float[BATCH * steps * 16];
      embeddedDelta = new float[BATCH * steps * 16];
      hidden = new float[BATCH * steps * 64];
      hiddenDelta = new float[BATCH * steps * 64];
      logits = new float[BATCH * steps * VOCABULARY];
      logitsDelta = new float[BATCH * steps * VOCABULARY];
    }

    /** H_t for t = 0 … T−1. */
    abstract void forwardSteps(int rows);

    /** dZ_t for t = T−1 … 0. */
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

  /** As generated: a loop over t up to a constant. */
  private static final class Loop1 extends Core {
    private static final int STEPS = 1;

    Loop1() {
      super(STEPS);
    }

    @Override
    void forwardSteps(int rows) {
      for (int t = 0; t < STEPS; t++) {
        recurrentStep(CELL_HIDDEN, hidden, t, rows);
      }
    }

    @Override
    void backwardSteps(int rows) {
      for (int t = STEPS - 1; t >= 0; t--) {
        recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, t, rows);
      }
    }
  }

  /** As generated: a loop over t up to a constant. */
  private static final class Loop2 extends Core {
    private static final int STEPS = 2;

    Loop2() {
      super(STEPS);
    }

    @Override
    void forwardSteps(int rows) {
      for (int t = 0; t < STEPS; t++) {
        recurrentStep(CELL_HIDDEN, hidden, t, rows);
      }
    }

    @Override
    void backwardSteps(int rows) {
      for (int t = STEPS - 1; t >= 0; t--) {
        recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, t, rows);
      }
    }
  }

  /** As generated: a loop over t up to a constant. */
  private static final class Loop5 extends Core {
    private static final int STEPS = 5;

    Loop5() {
      super(STEPS);
    }

    @Override
    void forwardSteps(int rows) {
      for (int t = 0; t < STEPS; t++) {
        recurrentStep(CELL_HIDDEN, hidden, t, rows);
      }
    }

    @Override
    void backwardSteps(int rows) {
      for (int t = STEPS - 1; t >= 0; t--) {
        recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, t, rows);
      }
    }
  }

  /** As generated: a loop over t up to a constant. */
  private static final class Loop32 extends Core {
    private static final int STEPS = 32;

    Loop32() {
      super(STEPS);
    }

    @Override
    void forwardSteps(int rows) {
      for (int t = 0; t < STEPS; t++) {
        recurrentStep(CELL_HIDDEN, hidden, t, rows);
      }
    }

    @Override
    void backwardSteps(int rows) {
      for (int t = STEPS - 1; t >= 0; t--) {
        recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, t, rows);
      }
    }
  }

  private static final class Unrolled1 extends Core {
    Unrolled1() {
      super(1);
    }

    @Override
    void forwardSteps(int rows) {
      recurrentStep(CELL_HIDDEN, hidden, 0, rows);
    }

    @Override
    void backwardSteps(int rows) {
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 0, rows);
    }
  }

  private static final class Unrolled2 extends Core {
    Unrolled2() {
      super(2);
    }

    @Override
    void forwardSteps(int rows) {
      recurrentStep(CELL_HIDDEN, hidden, 0, rows);
      recurrentStep(CELL_HIDDEN, hidden, 1, rows);
    }

    @Override
    void backwardSteps(int rows) {
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 1, rows);
      recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, 0, rows);
    }
  }

  private static final class Unrolled5 extends Core {
    Unrolled5() {
      super(5);
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

  private static final class Unrolled32 extends Core {
    Unrolled32() {
      super(32);
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

  /** The loop and the unrolled copy for T = {@code steps}, both initialized with seed 0. */
  private static Core[] pair(int steps) {
    Core[] pair = switch (steps) {
      case 1 -> new Core[] {new Loop1(), new Unrolled1()};
      case 2 -> new Core[] {new Loop2(), new Unrolled2()};
      case 5 -> new Core[] {new Loop5(), new Unrolled5()};
      case 32 -> new Core[] {new Loop32(), new Unrolled32()};
      default -> throw new IllegalArgumentException("no copies for T = " + steps);
    };
    for (Core core : pair) {
      core.initialize(0);
    }
    return pair;
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int tokensPerBlock = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    Kernels.warmUp();
    System.out.println("T  calls/block  unrolled/loop time: median [min, max] of " + rounds
        + " alternating blocks  loss (both)");
    for (int steps : new int[] {1, 2, 5, 32}) {
      Core[] pair = pair(steps);
      Core loop = pair[0];
      Core unrolled = pair[1];
      Random random = new Random(steps);
      int[] tokens = new int[BATCH * steps];
      int[] targets = new int[BATCH * steps];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = random.nextInt(VOCABULARY);
        targets[i] = random.nextInt(VOCABULARY);
      }
      Optimizer loopSgd = new Sgd(0.01);
      Optimizer unrolledSgd = new Sgd(0.01);
      int calls = Math.max(1, tokensPerBlock / (BATCH * steps));
      for (int warm = 0; warm < 3; warm++) {
        time(loop, tokens, targets, loopSgd, calls);
        time(unrolled, tokens, targets, unrolledSgd, calls);
      }
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long a = time(loop, tokens, targets, loopSgd, calls);
        long b = time(unrolled, tokens, targets, unrolledSgd, calls);
        ratios[r] = (double) b / a;
      }
      float lossLoop = loop.loss(tokens, targets, BATCH);
      float lossUnrolled = unrolled.loss(tokens, targets, BATCH);
      if (Float.floatToIntBits(lossLoop) != Float.floatToIntBits(lossUnrolled)) {
        throw new AssertionError("T = " + steps + ": loop loss " + lossLoop + " but unrolled "
            + lossUnrolled + ": the copies differ");
      }
      System.out.printf("%-2d %7d  %.3f [%.3f, %.3f]  %.5f%n", steps, calls,
          Quantiles.of(ratios, 0.5), Quantiles.of(ratios, 0), Quantiles.of(ratios, 1), lossLoop);
    }
  }

  private static long time(Core core, int[] tokens, int[] targets, Optimizer sgd, int calls) {
    long begin = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      core.trainStep(tokens, targets, BATCH, sgd);
    }
    return System.nanoTime() - begin;
  }
}
