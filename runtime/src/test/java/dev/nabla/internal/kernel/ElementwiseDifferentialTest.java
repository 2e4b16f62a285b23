package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the Panama element-wise kernels, losses and optimizer steps against
 * {@link ScalarKernels}. Kernels that do the same float operations in the same order (ReLU, the
 * backward passes, column sums, SGD, Adam) must agree exactly; those using the polynomial exp
 * (sigmoid, tanh, softmax, the losses) within a few float ulps of the magnitude.
 */
class ElementwiseDifferentialTest {
  /** Vector lengths: the edges of every width the kernels run on, and longer ones. */
  static IntStream sizes() {
    return VectorSupport.withLaneEdges(100, 207, 256, 702, 1024, 4098);
  }

  /** Row widths of the losses and softmax: lane edges, and 10 classes. */
  static IntStream rowWidths() {
    return VectorSupport.withLaneEdges(10, 100);
  }

  private static float[] random(SplittableRandom rnd, int size, double lo, double hi) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rnd.nextDouble(lo, hi);
    }
    return x;
  }

  /** Logits with some extreme values sprinkled in. */
  private static float[] logits(SplittableRandom rnd, int size) {
    float[] x = random(rnd, size, -6, 6);
    float[] extremes = {0f, -0f, 1e-4f, -1e-4f, 0.624f, 0.626f, -30f, 30f, -90f, 90f, 15f, -15f};
    for (int i = 0; i < size; i += 5) {
      x[i] = extremes[(i / 5) % extremes.length];
    }
    return x;
  }

  private static void assertNear(float[] expected, float[] actual, double abs, double rel,
      String what) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double tol = abs + rel * Math.abs(expected[i]);
      if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
        fail(what + "[" + i + "] = " + actual[i] + ", scalar " + expected[i]);
      }
    }
  }

  private static void assertNear(float expected, float actual, double rel, String what) {
    if (!(Math.abs(expected - actual) <= rel * Math.abs(expected) + 1e-7)) {
      fail(what + " = " + actual + ", scalar " + expected);
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void activationsAndBackward(int size) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    KernelSupport scalar = ScalarKernels.INSTANCE;
    SplittableRandom rnd = new SplittableRandom(size);
    float[] z = logits(rnd, size);
    float[] e = new float[size];
    float[] v = new float[size];

    scalar.sigmoid(z, e, size);
    panama.sigmoid(z, v, size);
    assertNear(e, v, 2e-7, 4e-7, "sigmoid");
    scalar.tanh(z, e, size);
    panama.tanh(z, v, size);
    assertNear(e, v, 2e-7, 4e-7, "tanh");
    scalar.relu(z, e, size);
    panama.relu(z, v, size);
    assertArrayEquals(e, v, "relu");
    // in place (a == z)
    float[] inPlace = z.clone();
    panama.sigmoid(inPlace, inPlace, size);
    scalar.sigmoid(z, e, size);
    assertNear(e, inPlace, 2e-7, 4e-7, "sigmoid in place");

    float[] a = random(rnd, size, 0, 1);
    float[] delta = random(rnd, size, -1, 1);
    float[] de = delta.clone();
    float[] dv = delta.clone();
    scalar.sigmoidBackward(a, de, size);
    panama.sigmoidBackward(a, dv, size);
    assertArrayEquals(de, dv, "sigmoidBackward");
    de = delta.clone();
    dv = delta.clone();
    scalar.tanhBackward(a, de, size);
    panama.tanhBackward(a, dv, size);
    assertArrayEquals(de, dv, "tanhBackward");
    de = delta.clone();
    dv = delta.clone();
    scalar.reluBackward(z, de, size);
    panama.reluBackward(z, dv, size);
    assertArrayEquals(de, dv, "reluBackward");
  }

  @ParameterizedTest
  @MethodSource("rowWidths")
  void lossesAndSoftmax(int n) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    KernelSupport scalar = ScalarKernels.INSTANCE;
    SplittableRandom rnd = new SplittableRandom(n * 31L);
    for (int m : new int[] {1, 3, 64}) {
      int size = m * n;
      float[] z = logits(rnd, size);
      float[] targets = new float[size];
      for (int i = 0; i < m; i++) {
        targets[i * n + rnd.nextInt(n)] = 1f; // one-hot
      }
      float[] soft = random(rnd, size, 0, 1); // soft / multi-label targets
      String shape = " " + m + "×" + n;

      float[] e = new float[size];
      float[] v = new float[size];
      scalar.softmax(z, e, m, n);
      panama.softmax(z, v, m, n);
      assertNear(e, v, 1e-7, 2e-6, "softmax" + shape);

      for (float[] t : new float[][] {targets, soft}) {
        float le = scalar.softmaxCrossEntropy(z, t, e, m, n);
        float lv = panama.softmaxCrossEntropy(z, t, v, m, n);
        assertNear(le, lv, 2e-5, "softmaxCrossEntropy" + shape);
        assertNear(e, v, 1e-7, 2e-6, "softmaxCrossEntropy delta" + shape);
        assertNear(le, panama.softmaxCrossEntropy(z, t, null, m, n), 2e-5, "CE without delta");

        float[] sig = new float[size];
        scalar.sigmoid(z, sig, size);
        le = scalar.sigmoidBinaryCrossEntropy(z, sig, t, e, m, n);
        lv = panama.sigmoidBinaryCrossEntropy(z, sig, t, v, m, n);
        assertNear(le, lv, 2e-5, "sigmoidBinaryCrossEntropy" + shape);
        assertArrayEquals(e, v, "sigmoidBinaryCrossEntropy delta" + shape);

        le = scalar.meanSquaredError(sig, t, e, m, n);
        lv = panama.meanSquaredError(sig, t, v, m, n);
        assertNear(le, lv, 1e-5, "meanSquaredError" + shape);
        assertArrayEquals(e, v, "meanSquaredError delta" + shape);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void columnSumsAndOptimizers(int size) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    KernelSupport scalar = ScalarKernels.INSTANCE;
    SplittableRandom rnd = new SplittableRandom(size + 99);
    for (int m : new int[] {1, 3, 17}) {
      int off = rnd.nextInt(5);
      float[] a = random(rnd, off + m * size + rnd.nextInt(3), -1, 1);
      int outOff = rnd.nextInt(3);
      float[] e = new float[outOff + size + 2];
      float[] v = new float[outOff + size + 2];
      java.util.Arrays.fill(e, 7f);
      java.util.Arrays.fill(v, 7f);
      scalar.columnSums(a, off, e, outOff, m, size);
      panama.columnSums(a, off, v, outOff, m, size);
      assertArrayEquals(e, v, "columnSums " + m + "×" + size);
    }

    float[] p = random(rnd, size, -1, 1);
    float[] g = random(rnd, size, -1, 1);
    float[] pe = p.clone();
    float[] pv = p.clone();
    // From an offset, as an optimizer updates one layer's stretch: the elements before it stay.
    int offset = size / 3;
    scalar.sgd(pe, g, offset, size - offset, 0.05f, 1e-4f);
    panama.sgd(pv, g, offset, size - offset, 0.05f, 1e-4f);
    assertArrayEquals(pe, pv, "sgd");
    assertArrayEquals(Arrays.copyOf(p, offset), Arrays.copyOf(pv, offset),
        "sgd before its offset");

    float[] me = random(rnd, size, -0.1, 0.1);
    float[] ve = random(rnd, size, 0, 0.01);
    float[] mv = me.clone();
    float[] vv = ve.clone();
    pe = p.clone();
    pv = p.clone();
    for (int t = 1; t <= 3; t++) {
      float c1 = (float) (1 - Math.pow(0.9, t));
      float c2 = (float) (1 - Math.pow(0.999, t));
      scalar.adam(pe, g, me, ve, offset, size - offset, 1e-3f, 0.9f, 0.999f, 1e-8f, c1, c2,
          0.01f);
      panama.adam(pv, g, mv, vv, offset, size - offset, 1e-3f, 0.9f, 0.999f, 1e-8f, c1, c2,
          0.01f);
    }
    assertArrayEquals(Arrays.copyOf(p, offset), Arrays.copyOf(pv, offset),
        "adam before its offset");
    assertArrayEquals(pe, pv, "adam params");
    assertArrayEquals(me, mv, "adam m");
    assertArrayEquals(ve, vv, "adam v");
  }
}
