package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Accuracy and contract of the public factories of {@link Int8Weights} and
 * {@link Float16Weights}, on the kernels this JVM uses: error bounds against the float64
 * product, exact storage of {@code @Quantized} layers, raw forms that rebuild the same weights,
 * validation, and sharing between threads.
 */
class ReducedWeightsTest {
  private static final int IN = 97;
  private static final int UNITS = 37;

  private static float[] values(SplittableRandom rnd, int size, double scale) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = rnd.nextDouble() < 0.2 ? 0f : (float) (rnd.nextGaussian() * scale);
    }
    return v;
  }

  /** Z = X·W + b in float64 from the float32 W. */
  private static double[] reference(float[] x, float[] w, float[] bias, int rows) {
    double[] z = new double[rows * UNITS];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < UNITS; j++) {
        double s = bias[j];
        for (int i = 0; i < IN; i++) {
          s += (double) x[r * IN + i] * w[i * UNITS + j];
        }
        z[r * UNITS + j] = s;
      }
    }
    return z;
  }

  /**
   * |Z_int8 − Z| ≤ Σ_i |x_i|·scale_j/2 (each q is w/scale rounded) plus float rounding slack
   * (in + 2)·2^-23 of the magnitudes summed; and each weight within scale_j/2.
   */
  @Test
  void int8ErrorIsWithinHalfAScalePerInput() {
    SplittableRandom rnd = new SplittableRandom(1);
    int rows = 40;
    float[] w = values(rnd, IN * UNITS, 0.1);
    float[] bias = values(rnd, UNITS, 0.5);
    float[] x = values(rnd, rows * IN, 1);
    Int8Weights q = Int8Weights.quantize(w, 0, bias, 0, IN, UNITS);
    float[] scales = q.scales();
    for (int j = 0; j < UNITS; j++) {
      float max = 0f;
      for (int i = 0; i < IN; i++) {
        max = Math.max(max, Math.abs(w[i * UNITS + j]));
        assertTrue(Math.abs(w[i * UNITS + j] - q.weight(i, j)) <= scales[j] / 2 * (1 + 0x1p-20),
            "W[" + i + "][" + j + "]");
      }
      assertEquals(max / 127, scales[j], "scale of unit " + j);
    }
    float[] z = new float[rows * UNITS];
    q.multiply(x, 0, rows, z, 0);
    double[] want = reference(x, w, bias, rows);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < UNITS; j++) {
        double quantization = 0;
        double magnitude = Math.abs(bias[j]);
        for (int i = 0; i < IN; i++) {
          double xi = Math.abs(x[r * IN + i]);
          quantization += xi * scales[j] / 2;
          magnitude += xi * (Math.abs(w[i * UNITS + j]) + scales[j]);
        }
        double bound = quantization + (IN + 2) * 0x1p-23 * magnitude;
        double error = Math.abs(z[r * UNITS + j] - want[r * UNITS + j]);
        assertTrue(error <= bound, "Z[" + r + "][" + j + "]: error " + error + " > " + bound);
      }
    }
  }

  /** Each weight within 2^-11 relative (2^-25 absolute below 2^-14); Z within that plus slack. */
  @Test
  void float16ErrorIsWithinHalfAnUlpPerWeight() {
    SplittableRandom rnd = new SplittableRandom(2);
    int rows = 40;
    float[] w = values(rnd, IN * UNITS, 0.1);
    w[5] = 3e-6f; // subnormal as a half
    w[6] = -65504f;
    float[] bias = values(rnd, UNITS, 0.5);
    float[] x = values(rnd, rows * IN, 1);
    Float16Weights h = Float16Weights.round(w, 0, bias, 0, IN, UNITS);
    for (int i = 0; i < IN; i++) {
      for (int j = 0; j < UNITS; j++) {
        float v = w[i * UNITS + j];
        double error = Math.abs(v - h.weight(i, j));
        double bound = Math.abs(v) >= 0x1p-14 ? Math.abs(v) * 0x1p-11 : 0x1p-25;
        assertTrue(error <= bound, "W[" + i + "][" + j + "] = " + v + ": error " + error);
      }
    }
    float[] z = new float[rows * UNITS];
    h.multiply(x, 0, rows, z, 0);
    double[] want = reference(x, w, bias, rows);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < UNITS; j++) {
        double magnitude = Math.abs(bias[j]);
        for (int i = 0; i < IN; i++) {
          magnitude += Math.abs(x[r * IN + i] * w[i * UNITS + j]);
        }
        double bound = magnitude * (0x1p-11 + (IN + 2) * 0x1p-23) + IN * 0x1p-25;
        double error = Math.abs(z[r * UNITS + j] - want[r * UNITS + j]);
        assertTrue(error <= bound, "Z[" + r + "][" + j + "]: error " + error + " > " + bound);
      }
    }
  }

  /** W of a @Quantized layer: step·q as the quantizer computes it, q in [−127, 127]. */
  private static float[] multiplesOfStep(SplittableRandom rnd, float step) {
    float[] w = new float[IN * UNITS];
    for (int i = 0; i < w.length; i++) {
      w[i] = step * (float) Math.rint(rnd.nextInt(-127, 128) * rnd.nextDouble());
    }
    w[0] = step * 127f;
    w[1] = step * -127f;
    return w;
  }

  /**
   * A @Quantized layer (step 0.1, not a power of two) is stored exactly: every weight and q
   * comes back equal, and its class predictions equal the float32 product's on 2000 rows.
   */
  @Test
  void quantizedLayerIsStoredExactlyAndPredictsAsFloat32() {
    SplittableRandom rnd = new SplittableRandom(3);
    float step = 0.1f;
    float[] w = multiplesOfStep(rnd, step);
    float[] bias = values(rnd, UNITS, 0.3);
    Int8Weights q = Int8Weights.quantize(w, 0, bias, 0, IN, UNITS, step);
    assertTrue(q.exact());
    byte[] raw = q.quantized();
    for (int i = 0; i < IN; i++) {
      for (int j = 0; j < UNITS; j++) {
        // == : int8 has no −0, which the quantizer gives for −0.4 steps; the value is the same
        assertTrue(w[i * UNITS + j] == q.weight(i, j), "W[" + i + "][" + j + "]");
        assertEquals((int) Math.rint(w[i * UNITS + j] / step), raw[i * UNITS + j]);
      }
    }
    int rows = 2000;
    float[] x = values(rnd, rows * IN, 1);
    float[] z8 = new float[rows * UNITS];
    float[] z32 = new float[rows * UNITS];
    q.multiply(x, 0, rows, z8, 0);
    KernelOps.matmul(x, 0, w, 0, bias, 0, z32, 0, rows, IN, UNITS);
    for (int r = 0; r < rows; r++) {
      assertEquals(argmax(z32, r * UNITS), argmax(z8, r * UNITS), "row " + r);
    }
  }

  private static int argmax(float[] z, int off) {
    int best = 0;
    for (int j = 1; j < UNITS; j++) {
      best = z[off + j] > z[off + best] ? j : best;
    }
    return best;
  }

  /** Not exact: a weight of 128 steps, a weight off the grid: the column maxima decide. */
  @Test
  void stepIsUsedOnlyWhenEveryWeightIsOnItsGridWithin127Steps() {
    SplittableRandom rnd = new SplittableRandom(4);
    float step = 0.1f;
    float[] beyond = multiplesOfStep(rnd, step);
    beyond[7] = step * 128f;
    float[] offGrid = multiplesOfStep(rnd, step);
    offGrid[8] = Math.nextUp(offGrid[8] == 0f ? step : offGrid[8]);
    for (float[] w : new float[][] {beyond, offGrid}) {
      Int8Weights q = Int8Weights.quantize(w, 0, null, 0, IN, UNITS, step);
      assertFalse(q.exact());
      float max = 0f;
      for (int i = 0; i < IN; i++) {
        max = Math.max(max, Math.abs(w[i * UNITS]));
      }
      assertEquals(max / 127, q.scales()[0]);
    }
  }

  /** The raw forms rebuild weights that compute bit for bit the same products. */
  @Test
  void rawFormsRebuildTheSameWeights() {
    SplittableRandom rnd = new SplittableRandom(5);
    float[] w = values(rnd, IN * UNITS, 0.1);
    float[] bias = values(rnd, UNITS, 0.5);
    float[] x = values(rnd, 9 * IN, 1);
    Int8Weights q = Int8Weights.quantize(w, 0, bias, 0, IN, UNITS);
    Int8Weights q2 = Int8Weights.of(q.quantized(), q.scales(), q.bias(), IN, UNITS);
    Float16Weights h = Float16Weights.round(w, 0, null, 0, IN, UNITS);
    Float16Weights h2 = Float16Weights.of(h.halves(), h.bias(), IN, UNITS);
    assertNull(h2.bias());
    assertArrayEquals(bias, q2.bias());
    for (int rows : new int[] {1, 9}) {
      assertArrayEquals(product(q, x, rows), product(q2, x, rows));
      assertArrayEquals(product(h, x, rows), product(h2, x, rows));
    }
    assertEquals(IN, q2.in());
    assertEquals(UNITS, h2.units());
    assertTrue(q.bytes() >= IN * UNITS + 8L * UNITS && q.bytes() < 2L * IN * UNITS + 8L * UNITS,
        "int8 bytes " + q.bytes());
    assertTrue(h.bytes() >= 2L * IN * UNITS && h.bytes() < 4L * IN * UNITS, "fp16 bytes "
        + h.bytes());
  }

  private static float[] product(FrozenWeights w, float[] x, int rows) {
    float[] z = new float[rows * w.units()];
    w.multiply(x, 0, rows, z, 0);
    return z;
  }

  private static void assertRejected(String message, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(message, e.getMessage());
  }

  @Test
  void badWeightsAndRawFormsAreRejectedByName() {
    float[] w = {0.5f, -1f, 2f, 0.25f, 3f, -4f};
    float[] nan = w.clone();
    nan[4] = Float.NaN;
    assertRejected("W[1][1] is NaN", () -> Int8Weights.quantize(nan, 0, null, 0, 2, 3));
    assertRejected("W[1][1] is NaN", () -> Float16Weights.round(nan, 0, null, 0, 2, 3));
    float[] huge = w.clone();
    huge[2] = 70000f;
    assertRejected("W[0][2] = 70000.0 is beyond the float16 range (largest 65504.0)",
        () -> Float16Weights.round(huge, 0, null, 0, 2, 3));
    assertRejected("bias[1] is Infinity", () -> Int8Weights.quantize(w, 0,
        new float[] {0f, Float.POSITIVE_INFINITY, 0f}, 0, 2, 3));
    assertRejected("a layer needs in ≥ 1 and units ≥ 1, got 0×3",
        () -> Int8Weights.quantize(w, 0, null, 0, 0, 3));
    assertRejected("exactStep must be finite and ≥ 0, got -0.1",
        () -> Int8Weights.quantize(w, 0, null, 0, 2, 3, -0.1f));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Int8Weights.quantize(w, 1, null, 0, 2, 3));

    byte[] q = {1, 2, 3, 4, 5, 6};
    float[] scales = {1f, 1f, 1f};
    assertRejected("quantized has 5 elements, expected 6",
        () -> Int8Weights.of(new byte[5], scales, null, 2, 3));
    assertRejected("scales has 2 elements, expected 3",
        () -> Int8Weights.of(q, new float[2], null, 2, 3));
    assertRejected("bias has 4 elements, expected 3",
        () -> Int8Weights.of(q, scales, new float[4], 2, 3));
    for (float bad : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
      assertRejected("scales[1] is " + bad + ", not finite and positive",
          () -> Int8Weights.of(q, new float[] {1f, bad, 1f}, null, 2, 3));
    }
    assertRejected("quantized[1][0] is -128, outside [−127, 127]",
        () -> Int8Weights.of(new byte[] {0, 0, 0, -128, 0, 0}, scales, null, 2, 3));
    assertRejected("halves[0][1] = 0x7c00 is not a finite float16",
        () -> Float16Weights.of(new short[] {0, 0x7C00, 0, 0, 0, 0}, null, 2, 3));
    assertRejected("halves has 7 elements, expected 6",
        () -> Float16Weights.of(new short[7], null, 2, 3));

    Int8Weights ok = Int8Weights.of(q, scales, null, 2, 3);
    assertThrows(IndexOutOfBoundsException.class,
        () -> ok.multiply(new float[3], 0, 2, new float[6], 0));
    assertThrows(IndexOutOfBoundsException.class,
        () -> ok.multiply(new float[4], 0, 2, new float[6], 1));
    assertRejected("negative row count -1", () -> ok.multiply(new float[4], 0, -1, new float[6], 0));
  }

  /** 4 threads × 400 mixed single-row and batch calls on one instance: bitwise one thread's. */
  @Test
  void oneInstanceServesManyThreadsWithTheSameResults() throws Exception {
    SplittableRandom rnd = new SplittableRandom(6);
    float[] w = values(rnd, IN * UNITS, 0.1);
    float[] bias = values(rnd, UNITS, 0.5);
    int rows = 33;
    float[] x = values(rnd, rows * IN, 1);
    for (FrozenWeights shared : new FrozenWeights[] {Int8Weights.quantize(w, 0, bias, 0, IN,
        UNITS), Float16Weights.round(w, 0, bias, 0, IN, UNITS)}) {
      float[] batch = product(shared, x, rows);
      float[] single = new float[rows * UNITS];
      for (int r = 0; r < rows; r++) {
        shared.multiply(x, r * IN, 1, single, r * UNITS);
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<?>[] done = new Future<?>[4];
        for (int t = 0; t < 4; t++) {
          done[t] = pool.submit(() -> {
            float[] z = new float[rows * UNITS];
            for (int call = 0; call < 400; call++) {
              int r = call % rows;
              if (call % 5 == 0) {
                shared.multiply(x, 0, rows, z, 0);
                assertArrayEquals(batch, z);
              } else {
                shared.multiply(x, r * IN, 1, z, r * UNITS);
                for (int j = 0; j < UNITS; j++) {
                  assertEquals(single[r * UNITS + j], z[r * UNITS + j]);
                }
              }
            }
            return null;
          });
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
