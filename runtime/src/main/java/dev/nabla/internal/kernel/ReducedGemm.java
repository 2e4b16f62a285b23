package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.PackedGemm.MR;
import static dev.nabla.internal.kernel.PackedGemm.NR;
import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector products with reduced-precision weights ({@link ReducedWeights}). Fewer rows than a
 * packed micro-tile ({@link PackedGemm#MR}) go row by row through {@link ReducedRowKernels},
 * which widen the weights in registers. Batches widen W into per-thread float scratch once per
 * call (in·units conversions against rows·in·units FMAs: 0.4 % of a 256-row product), straight
 * into the packed GEMM's panel layout, and run its micro-kernels; int8's scales and the bias
 * follow the sum. Outputs narrower than the panels (the Fashion MLP's 10 classes) waste panel
 * columns, a few percent of a model's batch, for one batch path.
 */
final class ReducedGemm {
  /** Bytes of L lanes: at least 64 bits, the narrowest byte species (8 lanes for 4 floats). */
  static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, 8 * L)));
  static final VectorSpecies<Short> HALVES =
      VectorSpecies.of(short.class, VectorShape.forBitSize(16 * L));
  static final VectorSpecies<Integer> INTS = S.withLanes(int.class);

  private ReducedGemm() {}

  /** Whole vectors per stored row. */
  static int stride(int units) {
    return (units + L - 1) / L * L;
  }

  static void product(ReducedWeights w, float[] x, int xOff, int rows, float[] z, int zOff,
      GemmWorker pool, long parallelFlops) {
    int in = w.in;
    int units = w.units;
    if (rows < MR) {
      for (int r = 0; r < rows; r++) {
        ReducedRowKernels.row(w, x, xOff + r * in, z, zOff + r * units);
      }
      return;
    }
    float[] panels = Scratch.get().reduced((units + NR - 1) / NR * NR * in);
    for (int j0 = 0; j0 < w.stride; j0 += NR) {
      int base = j0 * in;
      widenColumns(w, j0, panels, base);
      if (j0 + NR <= w.stride) {
        widenColumns(w, j0 + L, panels, base + L);
      } else {
        // a last panel of one stored vector: its other lanes are computed and dropped; zeros,
        // not stale scratch, so they cost no subnormal assists (as the float packing pads)
        for (int p = 0; p < in; p++) {
          java.util.Arrays.fill(panels, base + p * NR + L, base + (p + 1) * NR, 0f);
        }
      }
    }
    // int8 sums unscaled, then scales and adds the bias; float16 lets the GEMM add it
    PackedGemm.prepacked(x, xOff, panels, w.scales == null ? w.bias : null, 0, z, zOff, rows,
        units, in, pool, parallelFlops);
    if (w.scales != null) {
      for (int r = 0; r < rows; r++) {
        int zr = zOff + r * units;
        scaleAndBias(z, zr, w.scales, w.bias, z, zr, units);
      }
    }
  }

  /**
   * One vector of columns from j of every stored row p, widened to panels[d + p·NR ..]. Int8
   * lanes convert to float; a half's bits go to a float's place and are scaled by 2^112
   * ({@link HalfFloats#toFloat} lane-wise). Written out, not in a helper returning the vector
   * ({@link ReducedRowKernels} says why).
   */
  private static void widenColumns(ReducedWeights w, int j, float[] panels, int d) {
    int in = w.in;
    int stride = w.stride;
    if (w instanceof Int8Weights) {
      byte[] q = ((Int8Weights) w).q;
      for (int p = 0; p < in; p++) {
        ((FloatVector) ByteVector.fromArray(BYTES, q, j + p * stride)
            .convertShape(VectorOperators.B2F, S, 0)).intoArray(panels, d + p * NR);
      }
    } else {
      short[] h = ((Float16Weights) w).h;
      for (int p = 0; p < in; p++) {
        ShortVector.fromArray(HALVES, h, j + p * stride)
            .convertShape(VectorOperators.S2I, INTS, 0).reinterpretAsInts()
            .lanewise(VectorOperators.LSHL, 13).and(HalfFloats.WIDENED_BITS)
            .reinterpretAsFloats().mul(HalfFloats.REBIAS).intoArray(panels, d + p * NR);
      }
    }
  }

  /**
   * z[zo + j] = sums[so + j]·scales[j] + bias[j] for j &lt; units (without the product when
   * {@code scales} is null), as the scalar twin computes it; sums may be z itself.
   */
  static void scaleAndBias(float[] sums, int so, float[] scales, float[] bias, float[] z,
      int zo, int units) {
    int j = 0;
    // each branch its own loop (VectorLanes: no vector merged across branches)
    if (scales != null) {
      for (; j + L <= units; j += L) {
        FloatVector.fromArray(S, sums, so + j).mul(FloatVector.fromArray(S, scales, j))
            .add(FloatVector.fromArray(S, bias, j)).intoArray(z, zo + j);
      }
      for (; j < units; j++) {
        z[zo + j] = sums[so + j] * scales[j] + bias[j];
      }
    } else {
      for (; j + L <= units; j += L) {
        FloatVector.fromArray(S, sums, so + j).add(FloatVector.fromArray(S, bias, j))
            .intoArray(z, zo + j);
      }
      for (; j < units; j++) {
        z[zo + j] = sums[so + j] + bias[j];
      }
    }
  }
}
