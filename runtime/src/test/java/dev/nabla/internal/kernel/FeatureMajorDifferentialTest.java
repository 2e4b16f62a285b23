package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The feature-major kernels of small layers: each implementation against a double-precision
 * evaluation of its formula, over every sample count 1 … 2·lanes+1 (every vector tail), the
 * sample counts of the sample models, transposed and plain coefficient strides, offsets, and
 * sentinels around every output (they must survive). Tolerance per element:
 * 1e-6·(terms+1)·Σ|products|, a few times the float rounding bound.
 */
class FeatureMajorDifferentialTest {
  private static final float SENTINEL = 12345.5f;
  private static final int[] WIDTHS = {1, 2, 3, 4, 5, 9};
  private static final int[] LONG_ROWS = {683, 800};

  private static int[] sampleCounts() {
    int lanes = VectorSupport.vectorModulePresent() ? VectorSupport.lanes() : 16;
    int[] counts = new int[2 * lanes + 1 + LONG_ROWS.length];
    for (int m = 1; m <= 2 * lanes + 1; m++) {
      counts[m - 1] = m;
    }
    System.arraycopy(LONG_ROWS, 0, counts, 2 * lanes + 1, LONG_ROWS.length);
    return counts;
  }

  private static KernelSupport[] implementations() {
    return VectorSupport.vectorModulePresent()
        ? new KernelSupport[] {ScalarKernels.INSTANCE, VectorSupport.panama(1, Long.MAX_VALUE)}
        : new KernelSupport[] {ScalarKernels.INSTANCE};
  }

  @Test
  void featureMajorProductMatchesItsFormula() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (KernelSupport ks : implementations()) {
      for (int m : sampleCounts()) {
        for (int p : WIDTHS) {
          for (int q : WIDTHS) {
            boolean transposed = rnd.nextBoolean();
            int cRowStride = transposed ? 1 : q;
            int cColStride = transposed ? p : 1;
            int cOff = rnd.nextInt(3);
            float[] c = random(rnd, cOff + p * q);
            int biasOff = rnd.nextInt(3);
            float[] bias = rnd.nextBoolean() ? random(rnd, biasOff + p) : null;
            int xOff = rnd.nextInt(3);
            float[] x = random(rnd, xOff + q * m);
            int yOff = rnd.nextInt(3);
            float[] y = sentinels(yOff + p * m + rnd.nextInt(2));
            ks.featureMajorProduct(c, cOff, cRowStride, cColStride, bias, biasOff, x, xOff, y, yOff,
                p, q, m);
            String what = name(ks) + " featureMajorProduct p=" + p + " q=" + q + " m=" + m;
            assertSentinels(y, yOff, p * m, what);
            for (int i = 0; i < p; i++) {
              for (int r = 0; r < m; r++) {
                double sum = bias == null ? 0 : bias[biasOff + i];
                double abs = Math.abs(sum);
                for (int j = 0; j < q; j++) {
                  double term = c[cOff + i * cRowStride + j * cColStride] * (double) x[xOff + j * m + r];
                  sum += term;
                  abs += Math.abs(term);
                }
                assertClose(sum, y[yOff + i * m + r], 1e-6 * (q + 1) * abs, what);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void featureMajorWeightGradientAndRowSumsMatchTheirFormulas() {
    SplittableRandom rnd = new SplittableRandom(2);
    for (KernelSupport ks : implementations()) {
      for (int m : sampleCounts()) {
        for (int p : WIDTHS) {
          int q = WIDTHS[rnd.nextInt(WIDTHS.length)];
          int xOff = rnd.nextInt(3);
          float[] x = random(rnd, xOff + q * m);
          int dOff = rnd.nextInt(3);
          float[] d = random(rnd, dOff + p * m);
          int gOff = rnd.nextInt(3);
          float[] g = sentinels(gOff + q * p + rnd.nextInt(2));
          ks.featureMajorWeightGradient(x, xOff, d, dOff, g, gOff, q, p, m);
          String what = name(ks) + " featureMajorWeightGradient q=" + q + " p=" + p + " m=" + m;
          assertSentinels(g, gOff, q * p, what);
          for (int i = 0; i < q; i++) {
            for (int j = 0; j < p; j++) {
              double sum = 0;
              double abs = 0;
              for (int r = 0; r < m; r++) {
                double term = x[xOff + i * m + r] * (double) d[dOff + j * m + r];
                sum += term;
                abs += Math.abs(term);
              }
              assertClose(sum, g[gOff + i * p + j], 1e-6 * (m + 1) * abs, what);
            }
          }
          float[] sums = sentinels(gOff + p + 1);
          ks.rowSums(d, dOff, sums, gOff, p, m);
          what = name(ks) + " rowSums p=" + p + " m=" + m;
          assertSentinels(sums, gOff, p, what);
          for (int i = 0; i < p; i++) {
            double sum = 0;
            double abs = 0;
            for (int r = 0; r < m; r++) {
              sum += d[dOff + i * m + r];
              abs += Math.abs(d[dOff + i * m + r]);
            }
            assertClose(sum, sums[gOff + i], 1e-6 * (m + 1) * abs, what);
          }
        }
      }
    }
  }

  @Test
  void transposeIsExactBothWays() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (KernelSupport ks : implementations()) {
      // every sample count to 2L+1 and every feature count of the vector paths (≤ 16) and one
      // beyond: each gather map and phase, with and without a scalar tail
      for (int m : sampleCounts()) {
        for (int n = 1; n <= 17; n++) {
          float[] a = random(rnd, 1 + m * n);
          float[] t = sentinels(2 + m * n + 1);
          ks.transpose(a, 1, m, n, t, 2);
          assertSentinels(t, 2, m * n, name(ks) + " transpose " + m + "×" + n);
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              assertEquals(a[1 + i * n + j], t[2 + j * m + i],
                  name(ks) + " transpose " + m + "×" + n + " at " + i + ", " + j);
            }
          }
          float[] back = new float[m * n];
          ks.transpose(t, 2, n, m, back, 0);
          assertTrue(Arrays.equals(a, 1, 1 + m * n, back, 0, m * n),
              name(ks) + " transpose " + n + "×" + m + " back");
        }
      }
    }
  }

  @Test
  void facadeRejectsCoefficientsOutsideTheArrayAndOverlaps() {
    float[] c = new float[6];
    float[] x = new float[8];
    float[] y = new float[12];
    // 3×2 coefficients with strides (1, 3) reach index 5: fits; with (3, 1) they reach 7: not
    KernelOps.featureMajorProduct(c, 0, 1, 3, null, 0, x, 0, y, 0, 3, 2, 4);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> KernelOps.featureMajorProduct(c, 0, 3, 1, null, 0, x, 0, y, 0, 3, 2, 4));
    assertTrue(e.getMessage().contains("strides 3, 1"), e.getMessage());
    float[] shared = new float[20];
    assertThrows(IllegalArgumentException.class,
        () -> KernelOps.featureMajorProduct(c, 0, 1, 3, null, 0, shared, 0, shared, 4, 3, 2, 4));
    assertThrows(IllegalArgumentException.class,
        () -> KernelOps.transpose(shared, 0, 2, 3, shared, 5));
    assertThrows(IndexOutOfBoundsException.class,
        () -> KernelOps.rowSums(x, 0, new float[1], 0, 2, 4));
  }

  private static String name(KernelSupport ks) {
    return ks.getClass().getSimpleName();
  }

  private static float[] random(SplittableRandom rnd, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  private static float[] sentinels(int size) {
    float[] v = new float[size];
    Arrays.fill(v, SENTINEL);
    return v;
  }

  /** Every element outside [off, off + length) still holds the sentinel. */
  private static void assertSentinels(float[] v, int off, int length, String what) {
    for (int i = 0; i < v.length; i++) {
      if ((i < off || i >= off + length) && v[i] != SENTINEL) {
        fail(what + ": wrote outside its output at index " + i);
      }
    }
  }

  private static void assertClose(double expected, float actual, double tolerance, String what) {
    if (!(Math.abs(expected - actual) <= tolerance + 1e-30)) {
      fail(what + ": " + actual + ", expected " + expected + " ± " + tolerance);
    }
  }
}
