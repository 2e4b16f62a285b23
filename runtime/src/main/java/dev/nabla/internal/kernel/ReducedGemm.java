package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.HalfFloats.REBIAS;
import static dev.nabla.internal.kernel.HalfFloats.WIDENED_BITS;
import static dev.nabla.internal.kernel.PackedGemm.MR;
import static dev.nabla.internal.kernel.PackedGemm.NR;
import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector products with reduced-precision weights ({@link ReducedWeights}). Fewer rows than a
 * packed micro-tile ({@link PackedGemm#MR}) go row by row through {@link ReducedRowKernels},
 * which widen the weights in registers. Batches run the packed GEMM, which widens W's panels
 * one at a time just before its micro-kernels use them ({@link PackedGemm#widening}); outputs
 * narrower than a vector (the Fashion MLP's 10 classes) widen W row-major for the tiny-output
 * GEMM instead. int8's scales and the bias follow the sum.
 */
final class ReducedGemm {
  /** Bytes of L lanes: at least 64 bits, the narrowest byte species (8 lanes for 4 floats). */
  static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, 8 * L)));
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
    // int8 sums unscaled, then scales and adds the bias; float16 lets the GEMM add it
    float[] bias = w.scales == null ? w.bias : null;
    if (units < L) {
      // one stored vector per row: widened row-major for the tiny-output GEMM, which reads X
      // unpacked (the packed path would pack X and fill 2·L-wide panels for fewer than L columns)
      float[] wide = Scratch.get().reduced(in * L);
      widenRows(w, wide);
      PanamaGemm.gemm(x, xOff, in, 1, wide, 0, L, 1, bias, 0, z, zOff, rows, units, in, pool,
          parallelFlops, null);
    } else {
      PackedGemm.widening(x, xOff, w, bias, z, zOff, rows, pool, parallelFlops);
    }
    if (w.scales != null) {
      for (int r = 0; r < rows; r++) {
        int zr = zOff + r * units;
        scaleAndBias(z, zr, w.scales, w.bias, z, zr, units);
      }
    }
  }

  /**
   * The packed GEMM's panel of columns j0 … j0 + NR of W, widened to floats at panels[base ..]
   * (p-major, NR floats per p). Int8 lanes convert to float; a half's bits go to a float's place
   * and are scaled by 2^112 ({@link HalfFloats#toFloat} lane-wise; a pair's low half is shifted
   * up first, see {@link Float16Weights}). An int8 last panel of one stored vector gets zeros in
   * its other lanes, which are computed and dropped: zeros, not stale
   * scratch, cost no subnormal assists (the float packing pads alike). Each loop is written out,
   * never through a helper returning a vector ({@link ReducedRowKernels} says why).
   */
  static void widenPanel(ReducedWeights w, int j0, float[] panels, int base) {
    int in = w.in;
    int stride = w.stride;
    boolean two = j0 + NR <= stride;
    if (w instanceof Int8Weights) {
      byte[] q = ((Int8Weights) w).q;
      for (int p = 0; two && p < in; p++) {
        int s = j0 + p * stride;
        int d = base + p * NR;
        ((FloatVector) ByteVector.fromArray(BYTES, q, s).convertShape(B2F, S, 0))
            .intoArray(panels, d);
        ((FloatVector) ByteVector.fromArray(BYTES, q, s + L).convertShape(B2F, S, 0))
            .intoArray(panels, d + L);
      }
      for (int p = 0; !two && p < in; p++) {
        int d = base + p * NR;
        ((FloatVector) ByteVector.fromArray(BYTES, q, j0 + p * stride).convertShape(B2F, S, 0))
            .intoArray(panels, d);
        java.util.Arrays.fill(panels, d + L, d + NR, 0f);
      }
    } else {
      // a panel is one run of paired halves: low halves its first vector, high its second
      int[] pairs = ((Float16Weights) w).pairs;
      int rowInts = stride / 2;
      for (int p = 0; p < in; p++) {
        IntVector v = IntVector.fromArray(INTS, pairs, j0 / 2 + p * rowInts);
        int d = base + p * NR;
        v.lanewise(LSHL, 16).lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats()
            .mul(REBIAS).intoArray(panels, d);
        v.lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS)
            .intoArray(panels, d + L);
      }
    }
  }

  /** W of one stored vector per row (units &lt; L), widened whole: wide[p·L ..] for every p. */
  private static void widenRows(ReducedWeights w, float[] wide) {
    int size = w.in * L;
    if (w instanceof Int8Weights) {
      byte[] q = ((Int8Weights) w).q;
      for (int i = 0; i < size; i += L) {
        ((FloatVector) ByteVector.fromArray(BYTES, q, i).convertShape(B2F, S, 0))
            .intoArray(wide, i);
      }
    } else {
      // one run of paired halves per row: the low halves are the stored columns
      int[] pairs = ((Float16Weights) w).pairs;
      for (int i = 0; i < size; i += L) {
        IntVector.fromArray(INTS, pairs, i).lanewise(LSHL, 16).lanewise(ASHR, 3)
            .and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS).intoArray(wide, i);
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
