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
 * The pieces of a single-sample Fashion MLP call timed apart, in one JVM, on real test images
 * (cycled) and trained weights: the nonzero-input scan, each precision's 784 → 256 row and
 * 256 → 10 head, whole predictClass calls, and the pure read of the rows of W₁ each image needs
 * (the batch-1 read bound). Blocks of calls alternate the sides, the order rotating. Prints the
 * median ns per call and quartiles per side. Args: {@code weights.safetensors [blocks=20]
 * [fashion dir]}.
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
      int[] ps = new int[IN];
      nonzero[i] = Arrays.copyOf(ps, BroadcastGemm.nonzeroInputs(images[i], 0, 1, IN, ps));
    }
    float[] z = new float[HIDDEN + 64];
    float[] y = new float[64];
    int[] ps = new int[IN];
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
    float[] sums = new float[HIDDEN + 64];
    sides.add(new Side("touch image", i -> sink += touch(images[i])));
    sides.add(new Side("nonzero mask", i -> sink += nonzeroMask(images[i], 0, IN, ps)));
    int[] psSlack = new int[IN + 16];
    sides.add(new Side("nonzero table", i -> sink += nonzeroTable(images[i], 0, IN, psSlack)));
    sides.add(new Side("nonzero scalar", i -> sink += nonzeroScalar(images[i], 0, IN, ps)));
    sides.add(new Side("int8 x16", i -> int8Wide(q8a, images[i], ps, sums)));
    sides.add(new Side("int8 x16by2", i -> int8Wide2(q8a, images[i], ps, sums)));
    sides.add(new Side("int8 head x1", i -> int8Head(q8b, hidden[i], ps, sums)));
    float[] out = new float[HIDDEN + 64];
    float[] w1n = w1.clone();
    int tiny = 0;
    for (int i = 0; i < w1n.length; i++) {
      if (Math.abs(w1n[i]) < 0x1p-14f) {
        w1n[i] = Math.copySign(0x1p-14f, w1n[i]);
        tiny++;
      }
    }
    System.out.println("float16 subnormal weights " + tiny + " of " + w1n.length);
    Float16Weights h16n = Float16Weights.round(w1n, 0, b1, 0, IN, HIDDEN);
    sides.add(new Side("f16 784x256 normal", i -> h16n.multiply(images[i], 0, 1, z, 0)));
    sides.add(new Side("int8 shift16", i -> int8Shift(q8a, images[i], ps, sums, out)));
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

  /** Σ of rows ps of w (rows of {@code width} floats, a multiple of 16 lanes). */
  static float readRows(float[] w, int width, int[] ps) {
    FloatVector s0 = FloatVector.zero(VectorLanes.S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int l = VectorLanes.L;
    for (int p : ps) {
      int o = p * width;
      for (int j = 0; j < width; j += 4 * l) {
        s0 = s0.add(FloatVector.fromArray(VectorLanes.S, w, o + j));
        s1 = s1.add(FloatVector.fromArray(VectorLanes.S, w, o + j + l));
        s2 = s2.add(FloatVector.fromArray(VectorLanes.S, w, o + j + 2 * l));
        s3 = s3.add(FloatVector.fromArray(VectorLanes.S, w, o + j + 3 * l));
      }
    }
    return s0.add(s1).add(s2).add(s3).lane(0);
  }

  // ---------------------------------------------------------------- candidates

  /** Image read alone: a vector sum over its floats. */
  static float touch(float[] x) {
    FloatVector s = FloatVector.zero(VectorLanes.S);
    for (int p = 0; p + VectorLanes.L <= x.length; p += VectorLanes.L) {
      s = s.add(FloatVector.fromArray(VectorLanes.S, x, p));
    }
    return s.lane(0);
  }

  /** Nonzero scan by compare mask and toLong. */
  static int nonzeroMask(float[] a, int a0, int k, int[] ps) {
    int count = 0;
    int p = 0;
    int l = VectorLanes.L;
    for (; p + l <= k; p += l) {
      long flags = FloatVector.fromArray(VectorLanes.S, a, a0 + p)
          .compare(jdk.incubator.vector.VectorOperators.NE, 0f).toLong();
      for (; flags != 0; flags &= flags - 1) {
        ps[count++] = p + Long.numberOfTrailingZeros(flags);
      }
    }
    for (; p < k; p++) {
      ps[count] = p;
      count += a[a0 + p] != 0f ? 1 : 0;
    }
    return count;
  }

  /** Nonzero scan, scalar, branch-free. */
  static int nonzeroScalar(float[] a, int a0, int k, int[] ps) {
    int count = 0;
    for (int p = 0; p < k; p++) {
      ps[count] = p;
      count += a[a0 + p] != 0f ? 1 : 0;
    }
    return count;
  }

  /** int8 784 → 256 with 16 accumulators in one pass, {@code step} inputs per iteration. */
  static void int8Wide(Int8Weights w, float[] x, int[] ps, float[] sums) {
    int count = BroadcastGemm.nonzeroInputs(x, 0, 1, w.in, ps);
    int8x16(x, ps, count, w.q, w.stride, 0, sums);
    ReducedGemm.scaleAndBias(sums, 0, w.scales, w.bias, sums, 0, w.units);
  }

  static void int8Wide2(Int8Weights w, float[] x, int[] ps, float[] sums) {
    int count = BroadcastGemm.nonzeroInputs(x, 0, 1, w.in, ps);
    int8x16by2(x, ps, count, w.q, w.stride, 0, sums);
    ReducedGemm.scaleAndBias(sums, 0, w.scales, w.bias, sums, 0, w.units);
  }

  private static final jdk.incubator.vector.VectorSpecies<Float> S = VectorLanes.S;
  private static final int L = VectorLanes.L;
  private static final jdk.incubator.vector.VectorSpecies<Byte> BYTES = ReducedGemm.BYTES;
  private static final jdk.incubator.vector.VectorOperators.Conversion<Byte, Float> B2F =
      jdk.incubator.vector.VectorOperators.B2F;

  static void int8x16(float[] x, int[] ps, int count, byte[] q, int stride, int j,
      float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    FloatVector s8 = s0;
    FloatVector s9 = s0;
    FloatVector s10 = s0;
    FloatVector s11 = s0;
    FloatVector s12 = s0;
    FloatVector s13 = s0;
    FloatVector s14 = s0;
    FloatVector s15 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int o = p * stride + j;
      FloatVector xp = FloatVector.broadcast(S, x[p]);
      s0 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o).convertShape(B2F, S, 0)), s0);
      s1 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + L).convertShape(B2F, S, 0)), s1);
      s2 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 2 * L).convertShape(B2F, S, 0)), s2);
      s3 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 3 * L).convertShape(B2F, S, 0)), s3);
      s4 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 4 * L).convertShape(B2F, S, 0)), s4);
      s5 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 5 * L).convertShape(B2F, S, 0)), s5);
      s6 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 6 * L).convertShape(B2F, S, 0)), s6);
      s7 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 7 * L).convertShape(B2F, S, 0)), s7);
      s8 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 8 * L).convertShape(B2F, S, 0)), s8);
      s9 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 9 * L).convertShape(B2F, S, 0)), s9);
      s10 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 10 * L).convertShape(B2F, S, 0)), s10);
      s11 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 11 * L).convertShape(B2F, S, 0)), s11);
      s12 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 12 * L).convertShape(B2F, S, 0)), s12);
      s13 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 13 * L).convertShape(B2F, S, 0)), s13);
      s14 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 14 * L).convertShape(B2F, S, 0)), s14);
      s15 = xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 15 * L).convertShape(B2F, S, 0)), s15);
    }
    s0.intoArray(sums, j);
    s1.intoArray(sums, j + L);
    s2.intoArray(sums, j + 2 * L);
    s3.intoArray(sums, j + 3 * L);
    s4.intoArray(sums, j + 4 * L);
    s5.intoArray(sums, j + 5 * L);
    s6.intoArray(sums, j + 6 * L);
    s7.intoArray(sums, j + 7 * L);
    s8.intoArray(sums, j + 8 * L);
    s9.intoArray(sums, j + 9 * L);
    s10.intoArray(sums, j + 10 * L);
    s11.intoArray(sums, j + 11 * L);
    s12.intoArray(sums, j + 12 * L);
    s13.intoArray(sums, j + 13 * L);
    s14.intoArray(sums, j + 14 * L);
    s15.intoArray(sums, j + 15 * L);
  }

  static void int8x16by2(float[] x, int[] ps, int count, byte[] q, int stride, int j,
      float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    FloatVector s8 = s0;
    FloatVector s9 = s0;
    FloatVector s10 = s0;
    FloatVector s11 = s0;
    FloatVector s12 = s0;
    FloatVector s13 = s0;
    FloatVector s14 = s0;
    FloatVector s15 = s0;
    int t = 0;
    for (; t < count; t += 2) {
      int p = ps[t];
      int o = p * stride + j;
      int p2 = ps[t + 1];
      int o2 = p2 * stride + j;
      FloatVector xp = FloatVector.broadcast(S, x[p]);
      FloatVector xq = FloatVector.broadcast(S, t + 1 < count ? x[p2] : 0f);
      s0 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o).convertShape(B2F, S, 0)), s0));
      s1 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + L).convertShape(B2F, S, 0)), s1));
      s2 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 2 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 2 * L).convertShape(B2F, S, 0)), s2));
      s3 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 3 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 3 * L).convertShape(B2F, S, 0)), s3));
      s4 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 4 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 4 * L).convertShape(B2F, S, 0)), s4));
      s5 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 5 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 5 * L).convertShape(B2F, S, 0)), s5));
      s6 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 6 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 6 * L).convertShape(B2F, S, 0)), s6));
      s7 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 7 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 7 * L).convertShape(B2F, S, 0)), s7));
      s8 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 8 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 8 * L).convertShape(B2F, S, 0)), s8));
      s9 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 9 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 9 * L).convertShape(B2F, S, 0)), s9));
      s10 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 10 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 10 * L).convertShape(B2F, S, 0)), s10));
      s11 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 11 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 11 * L).convertShape(B2F, S, 0)), s11));
      s12 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 12 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 12 * L).convertShape(B2F, S, 0)), s12));
      s13 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 13 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 13 * L).convertShape(B2F, S, 0)), s13));
      s14 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 14 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 14 * L).convertShape(B2F, S, 0)), s14));
      s15 = xq.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o2 + 15 * L).convertShape(B2F, S, 0)), xp.fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, o + 15 * L).convertShape(B2F, S, 0)), s15));
    }
    s0.intoArray(sums, j);
    s1.intoArray(sums, j + L);
    s2.intoArray(sums, j + 2 * L);
    s3.intoArray(sums, j + 3 * L);
    s4.intoArray(sums, j + 4 * L);
    s5.intoArray(sums, j + 5 * L);
    s6.intoArray(sums, j + 6 * L);
    s7.intoArray(sums, j + 7 * L);
    s8.intoArray(sums, j + 8 * L);
    s9.intoArray(sums, j + 9 * L);
    s10.intoArray(sums, j + 10 * L);
    s11.intoArray(sums, j + 11 * L);
    s12.intoArray(sums, j + 12 * L);
    s13.intoArray(sums, j + 13 * L);
    s14.intoArray(sums, j + 14 * L);
    s15.intoArray(sums, j + 15 * L);
  }


  /** One-vector int8 head: sums[0 .. L). */
  static void int8Head(Int8Weights w, float[] x, int[] ps, float[] sums) {
    int count = BroadcastGemm.nonzeroInputs(x, 0, 1, w.in, ps);
    byte[] q = w.q;
    int stride = w.stride;
    FloatVector s0 = FloatVector.zero(S);
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      s0 = FloatVector.broadcast(S, x[p]).fma(((FloatVector) jdk.incubator.vector.ByteVector.fromArray(BYTES, q, p * stride).convertShape(B2F, S, 0)), s0);
    }
    s0.intoArray(sums, 0);
    ReducedGemm.scaleAndBias(sums, 0, w.scales, w.bias, sums, 0, w.units);
  }
  static final jdk.incubator.vector.VectorSpecies<Byte> FULL_BYTES = jdk.incubator.vector.VectorSpecies.of(byte.class, S.vectorShape());
  /** int8 as 4 byte-lanes per int lane, widened by shifts; sums permuted: block c, byte k, lane t = column c·4L + 4t + k. */
  static void int8Shift(Int8Weights w, float[] x, int[] ps, float[] sums, float[] out) {
    int count = BroadcastGemm.nonzeroInputs(x, 0, 1, w.in, ps);
    byte[] q = w.q;
    int stride = w.stride;
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s02 = s00;
    FloatVector s03 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s12 = s00;
    FloatVector s13 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s22 = s00;
    FloatVector s23 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    FloatVector s32 = s00;
    FloatVector s33 = s00;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int o = p * stride;
      FloatVector xp = FloatVector.broadcast(S, x[p]);
      jdk.incubator.vector.IntVector v0 = jdk.incubator.vector.ByteVector.fromArray(FULL_BYTES, q, o + 0 * 4 * L).reinterpretAsInts();
      s00 = xp.fma((FloatVector) v0.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 24).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s00);
      s01 = xp.fma((FloatVector) v0.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 16).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s01);
      s02 = xp.fma((FloatVector) v0.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 8).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s02);
      s03 = xp.fma((FloatVector) v0.lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s03);
      jdk.incubator.vector.IntVector v1 = jdk.incubator.vector.ByteVector.fromArray(FULL_BYTES, q, o + 1 * 4 * L).reinterpretAsInts();
      s10 = xp.fma((FloatVector) v1.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 24).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s10);
      s11 = xp.fma((FloatVector) v1.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 16).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s11);
      s12 = xp.fma((FloatVector) v1.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 8).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s12);
      s13 = xp.fma((FloatVector) v1.lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s13);
      jdk.incubator.vector.IntVector v2 = jdk.incubator.vector.ByteVector.fromArray(FULL_BYTES, q, o + 2 * 4 * L).reinterpretAsInts();
      s20 = xp.fma((FloatVector) v2.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 24).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s20);
      s21 = xp.fma((FloatVector) v2.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 16).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s21);
      s22 = xp.fma((FloatVector) v2.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 8).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s22);
      s23 = xp.fma((FloatVector) v2.lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s23);
      jdk.incubator.vector.IntVector v3 = jdk.incubator.vector.ByteVector.fromArray(FULL_BYTES, q, o + 3 * 4 * L).reinterpretAsInts();
      s30 = xp.fma((FloatVector) v3.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 24).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s30);
      s31 = xp.fma((FloatVector) v3.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 16).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s31);
      s32 = xp.fma((FloatVector) v3.lanewise(jdk.incubator.vector.VectorOperators.LSHL, 8).lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s32);
      s33 = xp.fma((FloatVector) v3.lanewise(jdk.incubator.vector.VectorOperators.ASHR, 24).convert(jdk.incubator.vector.VectorOperators.I2F, 0), s33);
    }
    s00.intoArray(sums, (0 * 4 + 0) * L);
    s01.intoArray(sums, (0 * 4 + 1) * L);
    s02.intoArray(sums, (0 * 4 + 2) * L);
    s03.intoArray(sums, (0 * 4 + 3) * L);
    s10.intoArray(sums, (1 * 4 + 0) * L);
    s11.intoArray(sums, (1 * 4 + 1) * L);
    s12.intoArray(sums, (1 * 4 + 2) * L);
    s13.intoArray(sums, (1 * 4 + 3) * L);
    s20.intoArray(sums, (2 * 4 + 0) * L);
    s21.intoArray(sums, (2 * 4 + 1) * L);
    s22.intoArray(sums, (2 * 4 + 2) * L);
    s23.intoArray(sums, (2 * 4 + 3) * L);
    s30.intoArray(sums, (3 * 4 + 0) * L);
    s31.intoArray(sums, (3 * 4 + 1) * L);
    s32.intoArray(sums, (3 * 4 + 2) * L);
    s33.intoArray(sums, (3 * 4 + 3) * L);
    // un-permute with scale and bias
    for (int c = 0; c < 4; c++) {
      for (int k = 0; k < 4; k++) {
        for (int t = 0; t < L; t++) {
          int j = c * 4 * L + 4 * t + k;
          out[j] = sums[(c * 4 + k) * L + t] * w.scales[j] + w.bias[j];
        }
      }
    }
  }

  private static final int CHUNK = Math.min(VectorLanes.L, 8);
  private static final jdk.incubator.vector.VectorSpecies<Integer> CI =
      jdk.incubator.vector.VectorSpecies.of(int.class,
          jdk.incubator.vector.VectorShape.forBitSize(32 * CHUNK));
  /** Row m: the positions of the set bits of m, ascending, then zeros. */
  private static final int[] POSITIONS = positions();

  private static int[] positions() {
    int[] table = new int[(1 << CHUNK) * CHUNK];
    for (int m = 0; m < 1 << CHUNK; m++) {
      int n = 0;
      for (int k = 0; k < CHUNK; k++) {
        if ((m & (1 << k)) != 0) {
          table[m * CHUNK + n++] = k;
        }
      }
    }
    return table;
  }

  private static final int[] LANE_INDEX = java.util.stream.IntStream.range(0, L).toArray();
  private static final jdk.incubator.vector.VectorSpecies<Integer> I = S.withLanes(int.class);

  /** Nonzero scan with a table of bit positions per 8 lanes (ps needs CHUNK slack). */
  static int nonzeroTable(float[] a, int a0, int k, int[] ps) {
    int count = 0;
    int p = 0;
    jdk.incubator.vector.IntVector laneIndex = jdk.incubator.vector.IntVector.fromArray(I, LANE_INDEX, 0);
    for (; p + L <= k; p += L) {
      jdk.incubator.vector.IntVector bits = FloatVector.fromArray(S, a, a0 + p).reinterpretAsInts()
          .lanewise(jdk.incubator.vector.VectorOperators.LSHL, 1);
      int flags = bits.neg().or(bits).lanewise(jdk.incubator.vector.VectorOperators.LSHR, 31)
          .lanewise(jdk.incubator.vector.VectorOperators.LSHL, laneIndex).reduceLanes(jdk.incubator.vector.VectorOperators.OR);
      for (int c = 0; c < L; c += CHUNK) {
        int m = (flags >>> c) & ((1 << CHUNK) - 1);
        jdk.incubator.vector.IntVector.fromArray(CI, POSITIONS, m * CHUNK).add(p + c).intoArray(ps, count);
        count += Integer.bitCount(m);
      }
    }
    for (; p < k; p++) {
      ps[count] = p;
      count += a[a0 + p] != 0f ? 1 : 0;
    }
    return count;
  }
}
