package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.HalfFloats.REBIAS;
import static dev.nabla.internal.kernel.HalfFloats.WIDENED_BITS;
import static dev.nabla.internal.kernel.ReducedGemm.BYTES;
import static dev.nabla.internal.kernel.ReducedGemm.HALVES;
import static dev.nabla.internal.kernel.ReducedGemm.INTS;
import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.S2I;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;

/**
 * One row of Z = X·W with reduced-precision weights, widened in registers: each nonzero input
 * x[p] is broadcast and multiplied into 8 (int8; then 4) or 4 (float16) vectors of row p of the
 * stored W, as the batch-1 float kernels of {@link BroadcastGemm} do, into a per-thread row of
 * sums that the scales and the bias then finish. The stored rows are whole vectors (zero-padded),
 * so there is no column tail; the last pass of 4 repeats its last vector when fewer remain. The
 * int8 and float16 kernels differ only in the widening (as in {@link ReducedGemm}), written out
 * at each use: a helper returning the vector, once compiled on its own, is too big for C2 to
 * inline and then boxes every vector on JDK 17 (the allocation test caught 300 KB per call). The
 * Vector API has no common type for byte[] and short[] loads.
 */
final class ReducedRowKernels {
  private ReducedRowKernels() {}

  /** z[z0 ..] = row of x at x0 times W, scaled and biased. */
  static void row(ReducedWeights w, float[] x, int x0, float[] z, int z0) {
    // buffers first (VectorLanes: no vector live across a call C2 may not inline)
    Scratch scratch = Scratch.get();
    int[] ps = scratch.indices(w.in);
    float[] sums = scratch.reduced(w.stride);
    int count = BroadcastGemm.nonzeroInputs(x, x0, 1, w.in, ps);
    int stride = w.stride;
    int last = stride - L;
    int j = 0;
    if (w instanceof Int8Weights) {
      byte[] q = ((Int8Weights) w).q;
      for (; j + 8 * L <= stride; j += 8 * L) {
        int8x8(x, x0, ps, count, q, stride, j, sums);
      }
      for (; j < stride; j += 4 * L) {
        int8x4(x, x0, ps, count, q, stride, j, Math.min(j + L, last),
            Math.min(j + 2 * L, last), Math.min(j + 3 * L, last), sums);
      }
    } else {
      short[] h = ((Float16Weights) w).h;
      for (; j < stride; j += 4 * L) {
        halfx4(x, x0, ps, count, h, stride, j, Math.min(j + L, last),
            Math.min(j + 2 * L, last), Math.min(j + 3 * L, last), sums);
      }
    }
    ReducedGemm.scaleAndBias(sums, 0, w.scales, w.bias, z, z0, w.units);
  }

  /** sums[j .. j + 8L) = Σ over the nonzero inputs ps[0, count) of x[p]·q[p·stride + j ..]. */
  private static void int8x8(float[] x, int x0, int[] ps, int count, byte[] q, int stride, int j,
      float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int o = p * stride + j;
      FloatVector xp = FloatVector.broadcast(S, x[x0 + p]);
      s0 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o).convertShape(B2F, S, 0), s0);
      s1 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + L).convertShape(B2F, S, 0), s1);
      s2 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 2 * L).convertShape(B2F, S, 0), s2);
      s3 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 3 * L).convertShape(B2F, S, 0), s3);
      s4 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 4 * L).convertShape(B2F, S, 0), s4);
      s5 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 5 * L).convertShape(B2F, S, 0), s5);
      s6 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 6 * L).convertShape(B2F, S, 0), s6);
      s7 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 7 * L).convertShape(B2F, S, 0), s7);
    }
    s0.intoArray(sums, j);
    s1.intoArray(sums, j + L);
    s2.intoArray(sums, j + 2 * L);
    s3.intoArray(sums, j + 3 * L);
    s4.intoArray(sums, j + 4 * L);
    s5.intoArray(sums, j + 5 * L);
    s6.intoArray(sums, j + 6 * L);
    s7.intoArray(sums, j + 7 * L);
  }

  /** Four vectors at columns j0 … j3, as {@link #int8x8}. */
  private static void int8x4(float[] x, int x0, int[] ps, int count, byte[] q, int stride,
      int j0, int j1, int j2, int j3, float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int o = p * stride;
      FloatVector xp = FloatVector.broadcast(S, x[x0 + p]);
      s0 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + j0).convertShape(B2F, S, 0), s0);
      s1 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + j1).convertShape(B2F, S, 0), s1);
      s2 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + j2).convertShape(B2F, S, 0), s2);
      s3 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + j3).convertShape(B2F, S, 0), s3);
    }
    // ascending: a repeated last column gets the same sums twice
    s0.intoArray(sums, j0);
    s1.intoArray(sums, j1);
    s2.intoArray(sums, j2);
    s3.intoArray(sums, j3);
  }

  /**
   * {@link #int8x4} for halves. Four vectors a pass, not eight: widening a half takes five
   * operations, enough work between two FMAs of one accumulator, and an eight-vector kernel was
   * more than JDK 17's C2 would compile whole (it left a conversion uncompiled, which boxed every
   * vector: 1.7 MB per 784 → 256 row).
   */
  private static void halfx4(float[] x, int x0, int[] ps, int count, short[] h, int stride,
      int j0, int j1, int j2, int j3, float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int o = p * stride;
      FloatVector xp = FloatVector.broadcast(S, x[x0 + p]);
      s0 = xp.fma(ShortVector.fromArray(HALVES, h, o + j0).convertShape(S2I, INTS, 0)
          .reinterpretAsInts().lanewise(LSHL, 13).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s0);
      s1 = xp.fma(ShortVector.fromArray(HALVES, h, o + j1).convertShape(S2I, INTS, 0)
          .reinterpretAsInts().lanewise(LSHL, 13).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s1);
      s2 = xp.fma(ShortVector.fromArray(HALVES, h, o + j2).convertShape(S2I, INTS, 0)
          .reinterpretAsInts().lanewise(LSHL, 13).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s2);
      s3 = xp.fma(ShortVector.fromArray(HALVES, h, o + j3).convertShape(S2I, INTS, 0)
          .reinterpretAsInts().lanewise(LSHL, 13).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s3);
    }
    // ascending: a repeated last column gets the same sums twice
    s0.intoArray(sums, j0);
    s1.intoArray(sums, j1);
    s2.intoArray(sums, j2);
    s3.intoArray(sums, j3);
  }
}
