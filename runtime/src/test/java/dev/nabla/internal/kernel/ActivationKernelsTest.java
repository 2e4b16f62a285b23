package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels of LEAKY_RELU, GELU, SOFTPLUS, the SOFTMAX output and the L1 and Huber losses:
 * values against their definitions (GELU against exact double values made by
 * {@code gelu-reference.py}), and the Vector API twins against the scalar kernels at every lane
 * edge.
 */
class ActivationKernelsTest {
  /** Bounds of GELU's and GELU′'s error against the exact values (measured: see the output). */
  private static final double GELU_ABS = 2e-7;
  private static final double GELU_REL = 1e-6;

  /** Where the float exponential ends: e^−87. */
  private static final double TINY = 2e-38;

  private static final KernelSupport SCALAR = ScalarKernels.INSTANCE;

  static IntStream sizes() {
    return VectorSupport.withLaneEdges(100, 207, 1024, 1030, 3000);
  }

  static IntStream rowWidths() {
    return VectorSupport.withLaneEdges(2, 10, 100);
  }

  /** Rows of z, GELU(z), GELU′(z) from the committed fixture. */
  private static double[][] geluReference() throws IOException {
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        ActivationKernelsTest.class.getResourceAsStream("gelu-reference.csv"),
        StandardCharsets.UTF_8))) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] fields = line.split(",");
        rows.add(new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
            Double.parseDouble(fields[2])});
      }
    }
    return rows.toArray(double[][]::new);
  }

  private static void checkGelu(KernelSupport kernels) throws IOException {
    double[][] reference = geluReference();
    int n = reference.length;
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      z[i] = (float) reference[i][0];
    }
    float[] a = new float[n];
    kernels.gelu(z, a, n);
    float[] delta = new float[n];
    java.util.Arrays.fill(delta, 1f);
    kernels.geluBackward(z, delta, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      for (int part = 1; part <= 2; part++) {
        double exact = reference[i][part];
        double actual = part == 1 ? a[i] : delta[i];
        double error = Math.abs(actual - exact);
        worst = Math.max(worst, error / Math.max(1, Math.abs(exact)));
        if (!(error <= GELU_ABS + GELU_REL * Math.abs(exact))) {
          fail((part == 1 ? "GELU(" : "GELU′(") + z[i] + ") = " + actual + ", exact " + exact);
        }
      }
    }
    System.out.printf("GELU max |error| / max(1, |exact|) vs exact erf, %s: %.3g%n", kernels.getClass()
        .getSimpleName(), worst);
  }

  @Test
  void scalarGeluIsTheExactErfForm() throws IOException {
    checkGelu(SCALAR);
  }

  @Test
  void vectorGeluIsTheExactErfForm() throws IOException {
    checkGelu(VectorSupport.panama(1, Long.MAX_VALUE));
  }

  @Test
  void softplusStaysFiniteAndAccurateForLargeInputs() {
    for (KernelSupport kernels : List.of(SCALAR, VectorSupport.panama(1, Long.MAX_VALUE))) {
      int n = 64; // whole vectors, so the vector body runs
      float[] z = new float[n];
      for (int i = 0; i < n; i++) {
        z[i] = (i % 2 == 0 ? 1 : -1) * (float) Math.pow(1.35, i / 2); // up to ±1.35³¹ ≈ 10⁴
      }
      float[] a = new float[n];
      kernels.softplus(z, a, n);
      float[] sigma = new float[n];
      java.util.Arrays.fill(sigma, 1f);
      kernels.softplusBackward(a, sigma, n);
      for (int i = 0; i < n; i++) {
        double exact = Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i])));
        // below e^−87 the vector exp clamps (about 1.6e-38, the float range's end)
        assertEquals(exact, a[i], 2e-7 * exact + TINY, "softplus(" + z[i] + ")");
        double logistic = 1 / (1 + Math.exp(-z[i]));
        // from A, rounded to float: σ(z) within its few ulps, relative also where σ is small
        assertEquals(logistic, sigma[i], 1e-6 * logistic + TINY, "σ from softplus(" + z[i] + ")");
      }
    }
  }

  @Test
  void leakyReluUsesItsSlopeBelowZeroAndBackwardTellsTheSideFromA() {
    float[] z = {-2f, -0f, 0f, 3f, -1e-30f};
    float[] a = new float[z.length];
    SCALAR.leakyRelu(z, a, z.length, 0.25f);
    assertArrayEquals(new float[] {-0.5f, -0f, 0f, 3f, -0.25e-30f}, a);
    float[] delta = {1f, 1f, 1f, 1f, 1f};
    SCALAR.leakyReluBackward(a, delta, z.length, 0.25f);
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 1f, 0.25f}, delta);
  }

  @Test
  void softmaxBackwardIsTheJacobianVectorProduct() {
    SplittableRandom random = new SplittableRandom(3);
    int m = 3;
    int n = 5;
    float[] z = new float[m * n];
    float[] dA = new float[m * n];
    for (int i = 0; i < m * n; i++) {
      z[i] = (float) random.nextDouble(-3, 3);
      dA[i] = (float) random.nextDouble(-1, 1);
    }
    float[] a = new float[m * n];
    SCALAR.softmax(z, a, m, n);
    for (KernelSupport kernels : List.of(SCALAR, VectorSupport.panama(1, Long.MAX_VALUE))) {
      float[] dZ = dA.clone();
      kernels.softmaxBackward(a, dZ, m, n);
      for (int r = 0; r < m; r++) {
        for (int j = 0; j < n; j++) {
          // Σ_i dA_i ∂a_i/∂z_j with ∂a_i/∂z_j = a_i([i = j] − a_j)
          double expected = 0;
          for (int i = 0; i < n; i++) {
            expected += dA[r * n + i] * a[r * n + i] * ((i == j ? 1 : 0) - a[r * n + j]);
          }
          assertEquals(expected, dZ[r * n + j], 1e-6, "dZ[" + r + "][" + j + "]");
        }
      }
    }
  }

  @Test
  void l1TakesSignZeroAtTheKinkAndHuberItsTwoParts() {
    float[] a = {1f, 2f, 0.5f, -3f};
    float[] y = {1f, 0f, 0f, 0f};
    for (KernelSupport kernels : List.of(SCALAR, VectorSupport.panama(1, Long.MAX_VALUE))) {
      float[] delta = new float[4];
      assertEquals((0 + 2 + 0.5 + 3) / 4, kernels.meanAbsoluteError(a, y, delta, 2, 2), 1e-7);
      assertArrayEquals(new float[] {0f, 0.25f, 0.25f, -0.25f}, delta);
      // δ = 1: d = 0, 2, 0.5, −3 → 0, 1·(2 − 0.5), 0.5²/2, 1·(3 − 0.5)
      assertEquals((0 + 1.5 + 0.125 + 2.5) / 4, kernels.huber(a, y, delta, 2, 2, 1f), 1e-7);
      assertArrayEquals(new float[] {0f, 0.25f, 0.125f, -0.25f}, delta);
    }
  }

  private static float[] random(SplittableRandom rnd, int size, double lo, double hi) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rnd.nextDouble(lo, hi);
    }
    return x;
  }

  private static void assertNear(float[] expected, float[] actual, double abs, double rel,
      String what) {
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= abs + rel * Math.abs(expected[i]))) {
        fail(what + "[" + i + "] = " + actual[i] + ", scalar " + expected[i]);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void vectorActivationsAgreeWithScalar(int size) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(size);
    float[] z = random(rnd, size, -9, 9);
    z[0] = 0f;
    z[size / 2] = -0f;
    float[] e = new float[size];
    float[] v = new float[size];
    SCALAR.leakyRelu(z, e, size, 0.2f);
    panama.leakyRelu(z, v, size, 0.2f);
    assertArrayEquals(e, v, "leakyRelu");
    SCALAR.gelu(z, e, size);
    panama.gelu(z, v, size);
    assertNear(e, v, 2e-7, 1e-6, "gelu");
    SCALAR.softplus(z, e, size);
    panama.softplus(z, v, size);
    assertNear(e, v, 1e-7, 5e-7, "softplus");
    float[] inPlace = z.clone();
    panama.gelu(inPlace, inPlace, size);
    SCALAR.gelu(z, e, size);
    assertNear(e, inPlace, 2e-7, 1e-6, "gelu in place");

    float[] delta = random(rnd, size, -1, 1);
    float[] softplus = new float[size];
    SCALAR.softplus(z, softplus, size);
    float[] de = delta.clone();
    float[] dv = delta.clone();
    SCALAR.leakyReluBackward(z, de, size, 0.2f);
    panama.leakyReluBackward(z, dv, size, 0.2f);
    assertArrayEquals(de, dv, "leakyReluBackward");
    de = delta.clone();
    dv = delta.clone();
    SCALAR.geluBackward(z, de, size);
    panama.geluBackward(z, dv, size);
    assertNear(de, dv, 2e-7, 1e-6, "geluBackward");
    de = delta.clone();
    dv = delta.clone();
    SCALAR.softplusBackward(softplus, de, size);
    panama.softplusBackward(softplus, dv, size);
    assertNear(de, dv, 1e-7, 1e-6, "softplusBackward");
  }

  @ParameterizedTest
  @MethodSource("rowWidths")
  void vectorSoftmaxBackwardAndLossesAgreeWithScalar(int n) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(n * 7L);
    for (int m : new int[] {1, 3, 37}) {
      int size = m * n;
      float[] a = new float[size];
      SCALAR.softmax(random(rnd, size, -4, 4), a, m, n);
      float[] delta = random(rnd, size, -1, 1);
      float[] de = delta.clone();
      float[] dv = delta.clone();
      SCALAR.softmaxBackward(a, de, m, n);
      panama.softmaxBackward(a, dv, m, n);
      assertNear(de, dv, 1e-7, 1e-5, "softmaxBackward " + m + "×" + n);

      float[] out = random(rnd, size, -2, 2);
      float[] y = random(rnd, size, -2, 2);
      y[0] = out[0]; // the kink: sign(0) = 0 in both
      float[] e = new float[size];
      float[] v = new float[size];
      float le = SCALAR.meanAbsoluteError(out, y, e, m, n);
      float lv = panama.meanAbsoluteError(out, y, v, m, n);
      assertEquals(le, lv, 1e-5 * le, "meanAbsoluteError " + m + "×" + n);
      assertArrayEquals(e, v, "meanAbsoluteError delta");
      le = SCALAR.huber(out, y, e, m, n, 0.7f);
      lv = panama.huber(out, y, v, m, n, 0.7f);
      assertEquals(le, lv, 1e-5 * le, "huber " + m + "×" + n);
      assertArrayEquals(e, v, "huber delta");
      assertEquals(le, panama.huber(out, y, null, m, n, 0.7f), 1e-5 * le, "huber without delta");
    }
    assertTrue(VectorSupport.lanes() >= 4);
  }
}
