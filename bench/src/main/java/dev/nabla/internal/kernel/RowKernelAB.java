package dev.nabla.internal.kernel;

import dev.nabla.Dense;
import dev.nabla.Precision;
import dev.nabla.io.Weights;
import dev.nabla.samples.fashion.FashionMlpInference;
import dev.nabla.samples.fashion.FashionMlpModel;
import dev.nabla.samples.fashion.FashionStudy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;

/**
 * What a single-sample Fashion MLP call is made of, timed apart in one JVM on trained weights and
 * real test images: the nonzero-input scan, each precision's 784 → 256 row and 256 → 10 head,
 * whole predictClass calls, reading an image, and reading just the rows of W₁ each image needs
 * (float32 and int8 sizes: the batch-1 read bound). Blocks of 500 calls ({@code -Dcalls}) on 2000
 * images, cycled ({@code -Dhot=true}: image 0 every call, so its rows stay in cache) alternate the
 * sides, the order rotating. Prints per side the median ns per call and quartiles, and the
 * median and quartiles of its per-block ratios to the sides named in {@code -Drefs=a,b}. Args:
 * {@code weights.safetensors [blocks=20] [fashion dir]}.
 */
public final class RowKernelAB {
  private static final int IN = 784;
  private static final int HIDDEN = 256;
  private static final int CLASSES = 10;
  private static final int IMAGES = 2000;
  private static final int CALLS = Integer.getInteger("calls", 500);
  private static final int WARM_UP_BLOCKS = 5;
  private static volatile float sink;

  private RowKernelAB() {}

  private record Side(String name, IntConsumer call) {}

  public static void main(String[] args) throws Exception {
    Path weightsFile = Path.of(args[0]);
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
    KernelOps.warmUp();
    FashionMlpModel model = FashionStudy.newModel(0);
    Weights.load(model, weightsFile);
    float[] test = FashionStudy.load(dir)[1].features();
    float[][] images = new float[IMAGES][];
    for (int i = 0; i < IMAGES; i++) {
      images[i] = Arrays.copyOfRange(test, i * IN, (i + 1) * IN);
    }
    List<Dense> layers = model.layers();
    float[] w1 = flat(layers.get(0));
    float[] b1 = layers.get(0).biases();
    float[] w2 = flat(layers.get(1));
    float[] b2 = layers.get(1).biases();
    FrozenWeights f32a = KernelOps.float32Weights(w1, b1, IN, HIDDEN, 0);
    FrozenWeights f32b = KernelOps.float32Weights(w2, b2, HIDDEN, CLASSES, 0);
    Int8Weights q8a = Int8Weights.quantize(w1, 0, b1, 0, IN, HIDDEN);
    Int8Weights q8b = Int8Weights.quantize(w2, 0, b2, 0, HIDDEN, CLASSES);
    Float16Weights h16a = Float16Weights.round(w1, 0, b1, 0, IN, HIDDEN);
    Float16Weights h16b = Float16Weights.round(w2, 0, b2, 0, HIDDEN, CLASSES);
    // each image's hidden activations (the head's input), float32
    float[][] hidden = new float[IMAGES][HIDDEN];
    for (int i = 0; i < IMAGES; i++) {
      f32a.multiply(images[i], 0, 1, hidden[i], 0);
      for (int j = 0; j < HIDDEN; j++) {
        hidden[i][j] = Math.max(0f, hidden[i][j]);
      }
    }
    int[][] nonzero = new int[IMAGES][];
    for (int i = 0; i < IMAGES; i++) {
      int[] ps = new int[IN + BroadcastGemm.INDEX_SLACK];
      nonzero[i] = Arrays.copyOf(ps, BroadcastGemm.nonzeroInputs(images[i], 0, 1, IN, ps));
    }
    float[] z = new float[HIDDEN + 64];
    float[] y = new float[64];
    int[] ps = new int[IN + BroadcastGemm.INDEX_SLACK];
    float[] w1Copy = w1.clone();
    float[] quarter = new float[IN * HIDDEN / 4];
    List<Side> sides = new ArrayList<>();
    sides.add(new Side("nonzeroInputs", i -> sink += BroadcastGemm.nonzeroInputs(images[i], 0,
        1, IN, ps)));
    sides.add(new Side("read f32 rows", i -> sink += readRows(w1Copy, HIDDEN, nonzero[i])));
    sides.add(new Side("read int8 rows", i -> sink += readRows(quarter, HIDDEN / 4,
        nonzero[i])));
    sides.add(new Side("f32 784x256", i -> f32a.multiply(images[i], 0, 1, z, 0)));
    sides.add(new Side("int8 784x256", i -> q8a.multiply(images[i], 0, 1, z, 0)));
    sides.add(new Side("f16 784x256", i -> h16a.multiply(images[i], 0, 1, z, 0)));
    sides.add(new Side("f32 256x10", i -> f32b.multiply(hidden[i], 0, 1, y, 0)));
    sides.add(new Side("int8 256x10", i -> q8b.multiply(hidden[i], 0, 1, y, 0)));
    sides.add(new Side("f16 256x10", i -> h16b.multiply(hidden[i], 0, 1, y, 0)));
    sides.add(new Side("read image", i -> sink += readRows(images[i], IN, ALL_ROWS)));
    for (Precision precision : Precision.values()) {
      FashionMlpInference inference = FashionMlpInference.of(model, precision);
      sides.add(new Side("predictClass " + precision, i -> sink += inference.predictClass(
          images[i])));
    }
    boolean hot = Boolean.getBoolean("hot");
    double[][] ns = new double[sides.size()][blocks];
    for (int block = -WARM_UP_BLOCKS; block < blocks; block++) {
      for (int t = 0; t < sides.size(); t++) {
        int s = Math.floorMod(t + block, sides.size());
        IntConsumer call = sides.get(s).call();
        int first = Math.floorMod(block * 131, IMAGES);
        long start = System.nanoTime();
        for (int c = 0; c < CALLS; c++) {
          call.accept(hot ? 0 : (first + c) % IMAGES);
        }
        long elapsed = System.nanoTime() - start;
        if (block >= 0) {
          ns[s][block] = (double) elapsed / CALLS;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s; %d blocks of %d calls; nonzero inputs %.3f; hot %b%n",
        Runtime.version(), blocks, CALLS, meanNonzero(nonzero), hot);
    String[] refs = System.getProperty("refs", "").split(",");
    for (int s = 0; s < sides.size(); s++) {
      double[] sorted = ns[s].clone();
      Arrays.sort(sorted);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-24s %8.0f ns (%.0f-%.0f)",
          sides.get(s).name(), sorted[blocks / 2], sorted[blocks / 4], sorted[3 * blocks / 4]));
      for (String ref : refs) {
        for (int r = 0; r < sides.size(); r++) {
          if (sides.get(r).name().equals(ref)) {
            double[] ratio = new double[blocks];
            for (int b = 0; b < blocks; b++) {
              ratio[b] = ns[s][b] / ns[r][b];
            }
            Arrays.sort(ratio);
            line.append(String.format(Locale.ROOT, " | /%s %.3f (%.3f-%.3f)", ref,
                ratio[blocks / 2], ratio[blocks / 4], ratio[3 * blocks / 4]));
          }
        }
      }
      System.out.println(line);
    }
  }

  private static double meanNonzero(int[][] nonzero) {
    long sum = 0;
    for (int[] ps : nonzero) {
      sum += ps.length;
    }
    return (double) sum / nonzero.length / IN;
  }

  private static float[] flat(Dense layer) {
    float[] w = new float[layer.in() * layer.units()];
    float[][] rows = layer.weights();
    for (int i = 0; i < layer.in(); i++) {
      System.arraycopy(rows[i], 0, w, i * layer.units(), layer.units());
    }
    return w;
  }

  /** The one row of an image read by {@link #readRows}. */
  private static final int[] ALL_ROWS = {0};

  /**
   * Σ of rows ps of w, rows of {@code width} floats (a multiple of 4 vectors): the reads alone,
   * four vectors at a time in one loop (JDK 17 boxes vectors carried across nested loops).
   */
  static float readRows(float[] w, int width, int[] ps) {
    int l = VectorLanes.L;
    FloatVector s0 = FloatVector.zero(VectorLanes.S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int t = 0;
    int j = 0;
    while (t < ps.length) {
      int o = ps[t] * width + j;
      s0 = s0.add(FloatVector.fromArray(VectorLanes.S, w, o));
      s1 = s1.add(FloatVector.fromArray(VectorLanes.S, w, o + l));
      s2 = s2.add(FloatVector.fromArray(VectorLanes.S, w, o + 2 * l));
      s3 = s3.add(FloatVector.fromArray(VectorLanes.S, w, o + 3 * l));
      j += 4 * l;
      boolean rowDone = j + 4 * l > width;
      t += rowDone ? 1 : 0;
      j = rowDone ? 0 : j;
    }
    s0.add(s1).add(s2).add(s3).intoArray(LANES, 0);
    return LANES[0];
  }

  private static final float[] LANES = new float[VectorLanes.L];
}
