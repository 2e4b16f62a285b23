package dev.nabla.bench;

import dev.nabla.internal.kernel.FrozenWeights;
import dev.nabla.internal.kernel.KernelOps;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What this core can do at best, measured in the JVM that times the inference objects, so that
 * their figures can be read as fractions of it: the FP32 FMA peak ({@link PeakBench}'s register
 * chains), the read bandwidth of a streaming sum over arrays the size of each precision's W₁
 * (f32 803 KB, f16 401 KB, int8 201 KB: what a single sample must read), and the Fashion MLP's
 * two float32 GEMMs alone (256×784·784×256 and 256×256·256×10) in GFLOP/s. Each figure is the
 * median of its rounds; the rounds alternate the measurements. Run alone: {@code MachineBounds
 * [rounds=5]}.
 */
public final class MachineBounds {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int IN = 784;
  private static final int HIDDEN = 256;
  private static final int CLASSES = 10;
  private static final int ROWS = 256;

  private final PeakBench peak = new PeakBench();
  private final PeakBench.Flops flops = new PeakBench.Flops();
  /** Arrays of W₁'s bytes in float32, float16 and int8. */
  private final float[][] streams = {
      new float[IN * HIDDEN], new float[IN * HIDDEN / 2], new float[IN * HIDDEN / 4]};
  private final FrozenWeights hidden;
  private final FrozenWeights head;
  private final float[] x = new float[ROWS * IN];
  private final float[] z = new float[ROWS * HIDDEN];
  private final float[] y = new float[ROWS * CLASSES];
  private float sink;

  public MachineBounds() {
    Random random = new Random(1);
    float[] w1 = new float[IN * HIDDEN];
    float[] w2 = new float[HIDDEN * CLASSES];
    for (float[] array : new float[][] {w1, w2, x}) {
      for (int i = 0; i < array.length; i++) {
        array[i] = (float) random.nextGaussian() * 0.05f;
      }
    }
    for (float[] stream : streams) {
      Arrays.fill(stream, 1e-6f);
    }
    hidden = KernelOps.float32Weights(w1, new float[HIDDEN], IN, HIDDEN, 0);
    head = KernelOps.float32Weights(w2, new float[CLASSES], HIDDEN, CLASSES, 0);
  }

  /** Names of the figures of {@link #round()}, in its order. */
  static final String[] FIGURES = {
      "fma_peak_gflops", "read_f32_w1_gb_per_s", "read_f16_w1_gb_per_s", "read_int8_w1_gb_per_s",
      "gemm_784x256_gflops", "gemm_256x10_gflops"};

  /** One round of every figure, interleaved. */
  double[] round() {
    double[] figures = new double[FIGURES.length];
    figures[0] = 1e-9 * PeakBench.FLOPS_PER_CALL
        / SideBySide.medianCallSeconds(() -> sink += peak.fmaChains(flops), 200, 50);
    for (int s = 0; s < streams.length; s++) {
      float[] stream = streams[s];
      figures[1 + s] = 1e-9 * Float.BYTES * stream.length
          / SideBySide.medianCallSeconds(() -> sink += sum(stream), 2000, 200);
    }
    figures[4] = 1e-9 * 2.0 * ROWS * IN * HIDDEN
        / SideBySide.medianCallSeconds(() -> hidden.multiply(x, 0, ROWS, z, 0), 500, 50);
    figures[5] = 1e-9 * 2.0 * ROWS * HIDDEN * CLASSES
        / SideBySide.medianCallSeconds(() -> head.multiply(z, 0, ROWS, y, 0), 5000, 500);
    return figures;
  }

  /** Sum of {@code values} with four independent vector accumulators: a pure read stream. */
  static float sum(float[] values) {
    int l = S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int i = 0;
    for (; i + 4 * l <= values.length; i += 4 * l) {
      s0 = s0.add(FloatVector.fromArray(S, values, i));
      s1 = s1.add(FloatVector.fromArray(S, values, i + l));
      s2 = s2.add(FloatVector.fromArray(S, values, i + 2 * l));
      s3 = s3.add(FloatVector.fromArray(S, values, i + 3 * l));
    }
    float tail = 0;
    for (; i < values.length; i++) {
      tail += values[i];
    }
    return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD) + tail;
  }

  /** Medians of {@code rounds} rounds, by figure, printed as RESULT lines under {@code prefix}. */
  static double[] measure(int rounds, String prefix) {
    MachineBounds bounds = new MachineBounds();
    double[][] byFigure = new double[FIGURES.length][rounds];
    for (int r = 0; r < rounds; r++) {
      double[] figures = bounds.round();
      for (int f = 0; f < FIGURES.length; f++) {
        byFigure[f][r] = figures[f];
        SideBySide.result(prefix + FIGURES[f] + ".round" + (r + 1), figures[f]);
      }
    }
    double[] medians = new double[FIGURES.length];
    for (int f = 0; f < FIGURES.length; f++) {
      medians[f] = quartiles(byFigure[f])[1];
      SideBySide.result(prefix + FIGURES[f], medians[f]);
    }
    SideBySide.result(prefix + "sink", bounds.sink);
    return medians;
  }

  /** Lower quartile, median and upper quartile (linear interpolation). */
  static double[] quartiles(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] q = new double[3];
    for (int i = 0; i < 3; i++) {
      double at = (sorted.length - 1) * (i + 1) / 4.0;
      int lo = (int) Math.floor(at);
      int hi = Math.min(sorted.length - 1, lo + 1);
      q[i] = sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
    return q;
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    SideBySide.result("kernels", KernelOps.implementation());
    KernelOps.warmUp();
    double[] medians = measure(rounds, "bounds.");
    for (int f = 0; f < FIGURES.length; f++) {
      System.out.printf(Locale.ROOT, "%-26s %10.2f%n", FIGURES[f], medians[f]);
    }
  }
}
