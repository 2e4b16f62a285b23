package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector products with int8 and float16 weights against their scalar twin
 * ({@link ReducedWeights#scalarProduct}, what {@link ScalarKernels} run): units at the lane edges
 * of every width the vector kernels serve (see {@link VectorSupport#withLaneEdges}), inputs from
 * 1 on, row counts on both sides of the packed micro-tile, inputs with zeros (skipped by the
 * single-row kernels), with and without bias, offsets, NaN-filled outputs (overwritten) and
 * sentinels around them (kept). Tolerance: 1e-6·(in + 2)·(Σ_i |x_i·w_ij| + |b_j|), about 8×
 * the float rounding bound of the two sums together.
 */
class ReducedDifferentialTest {
  private static final float SENTINEL = 12345.5f;

  enum Format {
    INT8 {
      @Override
      ReducedWeights make(KernelSupport k, float[] w, float[] bias, int in, int units) {
        return Int8Weights.quantize(k, w, 0, bias, 0, in, units, 0f);
      }
    },
    FLOAT16 {
      @Override
      ReducedWeights make(KernelSupport k, float[] w, float[] bias, int in, int units) {
        return Float16Weights.round(k, w, 0, bias, 0, in, units);
      }
    };

    abstract ReducedWeights make(KernelSupport k, float[] w, float[] bias, int in, int units);
  }

  private static float[] values(SplittableRandom rnd, int size, double zeros) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = rnd.nextDouble() < zeros ? 0f : (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  /** Compares the vector and scalar products of one shape; fails on a mismatch. */
  private static void compare(KernelSupport vector, Format format, int in, int units, int rows,
      boolean withBias, SplittableRandom rnd) {
    compare(vector, format, in, units, rows, withBias, rnd, values(rnd, 3 + rows * in + 2, 0.3));
  }

  /** The same with the inputs given (at offset 3). */
  private static void compare(KernelSupport vector, Format format, int in, int units, int rows,
      boolean withBias, SplittableRandom rnd, float[] x) {
    float[] w = values(rnd, in * units, 0.1);
    float[] bias = withBias ? values(rnd, units, 0) : null;
    ReducedWeights fast = format.make(vector, w, bias, in, units);
    ReducedWeights twin = format.make(ScalarKernels.INSTANCE, w, bias, in, units);
    int xOff = 3;
    int zOff = 5;
    float[] expected = new float[rows * units];
    twin.multiply(x, xOff, rows, expected, 0);
    float[] z = new float[zOff + rows * units + 7];
    java.util.Arrays.fill(z, SENTINEL);
    java.util.Arrays.fill(z, zOff, zOff + rows * units, Float.NaN);
    fast.multiply(x, xOff, rows, z, zOff);
    String shape = format + " " + rows + "×" + in + "·" + in + "×" + units
        + (withBias ? " + bias" : "") + " at " + VectorLanes.L + " lanes";
    for (int i = 0; i < z.length; i++) {
      if ((i < zOff || i >= zOff + rows * units) && z[i] != SENTINEL) {
        fail(shape + ": element " + i + " outside Z was overwritten");
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < units; j++) {
        double magnitude = withBias ? Math.abs(bias[j]) : 0;
        for (int i = 0; i < in; i++) {
          magnitude += Math.abs(x[xOff + r * in + i] * twin.weight(i, j));
        }
        double tolerance = 1e-6 * (in + 2) * magnitude;
        float actual = z[zOff + r * units + j];
        float want = expected[r * units + j];
        boolean same = Float.isFinite(want) ? Math.abs(actual - want) <= tolerance
            : Float.compare(actual, want) == 0; // the same ∞, or NaN
        if (!same) {
          fail(shape + ": Z[" + r + "][" + j + "] = " + actual + ", scalar twin " + want
              + ", tolerance " + tolerance);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyLaneEdgeAndRowCountMatchesTheScalarTwin(Format format) {
    KernelSupport vector = VectorSupport.panama(1, Long.MAX_VALUE);
    int mr = PackedGemm.MR;
    int[] rowCounts = IntStream.of(1, 2, mr - 1, mr, mr + 1, 2 * mr + 3, 37).distinct()
        .toArray();
    SplittableRandom rnd = new SplittableRandom(13);
    int[] inputs = {1, 2, 3, 7, 17, 33};
    VectorSupport.withLaneEdges(33).forEach(units -> {
      for (int in : inputs) {
        for (int rows : rowCounts) {
          compare(vector, format, in, units, rows, (in + units + rows) % 2 == 0, rnd);
        }
      }
    });
  }

  /**
   * The Fashion MLP's layers (784 → 256, 256 → 10) at batch 1 and 256, an inner dimension over
   * one K block of the packed GEMM (its accumulate mode), and a batch split with the worker.
   */
  @ParameterizedTest
  @EnumSource(Format.class)
  void modelShapesAndTwoThreadsMatchTheScalarTwin(Format format) {
    KernelSupport one = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(14);
    for (int rows : new int[] {1, 3, 256}) {
      compare(one, format, 784, 256, rows, true, rnd);
      compare(one, format, 256, 10, rows, true, rnd);
    }
    compare(one, format, PackedGemm.KC + 5, 3 * VectorLanes.L + 1, 19, false, rnd);
    KernelSupport two = VectorSupport.panama(2, 0);
    compare(two, format, 300, 4 * VectorLanes.L + 3, 64, true, rnd);
  }

  /**
   * Single rows with huge, infinite or NaN inputs: the same ∞ or NaN as the twin where it has
   * one, close values elsewhere (2^16 is where scaling inputs by 2^112, an alternative to scaling
   * each widened half, would overflow).
   */
  @ParameterizedTest
  @EnumSource(Format.class)
  void rowsWithHugeOrNonFiniteInputsMatchTheScalarTwin(Format format) {
    KernelSupport vector = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(16);
    int in = 2 * VectorLanes.L + 3;
    for (float special : new float[] {Math.nextDown(0x1p16f), 0x1p16f, -1e30f, Float.NaN,
        Float.NEGATIVE_INFINITY}) {
      for (int position : new int[] {0, in - 1}) {
        float[] x = values(rnd, 3 + 2 * in + 2, 0.3);
        x[3 + position] = special;
        x[3 + in + position] = special;
        compare(vector, format, in, 9 * VectorLanes.L + 1, 2, true, rnd, x);
      }
    }
  }

  /** Vector runs and scalar runs agree on what they store: the same q, scales and halves. */
  @Test
  void storageDoesNotDependOnTheKernels() {
    KernelSupport vector = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(15);
    int in = 5;
    int units = VectorLanes.L + 3;
    float[] w = values(rnd, in * units, 0.1);
    Int8Weights a = Int8Weights.quantize(vector, w, 0, null, 0, in, units, 0f);
    Int8Weights b = Int8Weights.quantize(ScalarKernels.INSTANCE, w, 0, null, 0, in, units, 0f);
    assertEquals(java.util.Arrays.toString(b.quantized()), java.util.Arrays.toString(a.quantized()));
    assertEquals(java.util.Arrays.toString(b.scales()), java.util.Arrays.toString(a.scales()));
    Float16Weights c = Float16Weights.round(vector, w, 0, null, 0, in, units);
    Float16Weights d = Float16Weights.round(ScalarKernels.INSTANCE, w, 0, null, 0, in, units);
    assertEquals(java.util.Arrays.toString(d.halves()), java.util.Arrays.toString(c.halves()));
  }
}
