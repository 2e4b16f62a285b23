package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What the single-row reduced-precision kernels ({@link ReducedRowKernels}) compute, bit for bit:
 * each output is the fused multiply-adds of the nonzero inputs in ascending order, from zero,
 * times the unit's scale, plus the bias, whichever pass (int8: 16, 4, 1 vectors; float16:
 * two runs, one run, low halves) covers its column. And float16 layers with subnormal halves,
 * stored lifted by a power of two ({@link Float16Weights#LIFT}), read back the halves as given
 * and compute exactly what the unlifted halves give.
 */
class ReducedRowOrderTest {
  /** Values in (−1, 1) with a share of zeros. */
  private static float[] values(SplittableRandom rnd, int size, double zeros) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = rnd.nextDouble() < zeros ? 0f : (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  /** Every tenth weight in the float16 subnormal range (below 2^-14), of either sign. */
  private static float[] withSubnormalHalves(SplittableRandom rnd, int size) {
    float[] w = values(rnd, size, 0.1);
    for (int i = 0; i < size; i += 10) {
      w[i] = (float) (rnd.nextDouble(-1, 1) * 0x1p-14);
    }
    return w;
  }

  /**
   * Σ over the nonzero x[p] ascending of fma(x[p], w̃[p][j], s) from s = 0, times the scale, plus
   * the bias: w̃ the stored weight before its scale, given by {@code widened}.
   */
  private static float[] reference(float[] x, float[] widened, float[] scales, float[] bias,
      int in, int units) {
    float[] z = new float[units];
    for (int j = 0; j < units; j++) {
      float s = 0f;
      for (int p = 0; p < in; p++) {
        if (x[p] != 0f) {
          s = Math.fma(x[p], widened[p * units + j], s);
        }
      }
      z[j] = (scales == null ? s : s * scales[j]) + bias[j];
    }
    return z;
  }

  private static void assertRowMatches(ReducedWeights w, float[] x, float[] widened,
      float[] scales, float[] bias, String what) {
    float[] want = reference(x, widened, scales, bias, w.in, w.units);
    float[] z = new float[w.units];
    w.multiply(x, 0, 1, z, 0);
    for (int j = 0; j < w.units; j++) {
      if (Float.floatToIntBits(z[j]) != Float.floatToIntBits(want[j])) {
        fail(what + " " + w.in + "×" + w.units + " at " + VectorLanes.L + " lanes: z[" + j
            + "] = " + z[j] + ", ascending fused sum " + want[j]);
      }
    }
  }

  @Test
  void everyPassSumsItsColumnsInAscendingOrder() {
    KernelSupport vector = VectorSupport.panama(1, Long.MAX_VALUE);
    int l = VectorLanes.L;
    SplittableRandom rnd = new SplittableRandom(21);
    int in = 2 * l + 3;
    VectorSupport.withLaneEdges(20 * l + 1, 256).forEach(units -> {
      float[] w = values(rnd, in * units, 0.1);
      float[] bias = values(rnd, units, 0);
      float[] x = values(rnd, in, 0.4);
      Int8Weights q = Int8Weights.quantize(vector, w, 0, bias, 0, in, units, 0f);
      float[] steps = new float[in * units];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = q.quantized()[i];
      }
      assertRowMatches(q, x, steps, q.scales(), bias, "int8");
      Float16Weights h = Float16Weights.round(vector, w, 0, bias, 0, in, units);
      assertRowMatches(h, x, h.weights(), null, bias, "float16");
    });
  }

  @Test
  void subnormalHalvesAreLiftedAndReadBackAsGiven() {
    SplittableRandom rnd = new SplittableRandom(22);
    int in = 7;
    int units = 13;
    float[] w = withSubnormalHalves(rnd, in * units);
    w[3] = -0f;
    short[] given = new short[w.length];
    for (int i = 0; i < w.length; i++) {
      given[i] = HalfFloats.toHalf(w[i]);
    }
    for (KernelSupport kernels : new KernelSupport[] {ScalarKernels.INSTANCE, KernelOps.impl()}) {
      for (Float16Weights h : new Float16Weights[] {
          Float16Weights.round(kernels, w, 0, null, 0, in, units),
          Float16Weights.of(kernels, given, null, in, units)}) {
        assertArrayEquals(given, h.halves());
        for (int i = 0; i < in; i++) {
          for (int j = 0; j < units; j++) {
            assertEquals(Float.floatToIntBits(HalfFloats.toFloat(given[i * units + j])),
                Float.floatToIntBits(h.weight(i, j)), "W[" + i + "][" + j + "]");
          }
        }
        assertEquals(Math.scalb(1f, -Float16Weights.LIFT), h.scales[0]);
      }
    }
    // no subnormal half: nothing to lift
    float[] normal = values(rnd, in * units, 0.1);
    assertNull(Float16Weights.round(normal, 0, null, 0, in, units).scales);
    // the largest half limits the lift: 2^13 leaves room for 2^2, 65504 for none
    w[0] = 0x1p13f;
    assertEquals(0x1p-2f, Float16Weights.round(w, 0, null, 0, in, units).scales[0]);
    w[0] = -65504f;
    Float16Weights full = Float16Weights.round(w, 0, null, 0, in, units);
    assertNull(full.scales);
    assertEquals(HalfFloats.toHalf(w[10]), full.halves()[10]);
  }

  /** A lifted layer's row is the unlifted halves' ascending fused sum, bit for bit. */
  @Test
  void liftedRowsAreTheUnliftedSums() {
    KernelSupport vector = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(23);
    for (int[] shape : new int[][] {{784, 256}, {256, 10}, {37, 3 * VectorLanes.L + 5}}) {
      int in = shape[0];
      int units = shape[1];
      float[] w = withSubnormalHalves(rnd, in * units);
      float[] bias = values(rnd, units, 0);
      Float16Weights h = Float16Weights.round(vector, w, 0, bias, 0, in, units);
      assertEquals(Math.scalb(1f, -Float16Weights.LIFT), h.scales[0]);
      float[] unlifted = new float[in * units];
      for (int i = 0; i < unlifted.length; i++) {
        unlifted[i] = HalfFloats.toFloat(HalfFloats.toHalf(w[i]));
      }
      for (int k = 0; k < 3; k++) {
        assertRowMatches(h, values(rnd, in, 0.5), unlifted, null, bias, "lifted float16");
      }
    }
  }
}
