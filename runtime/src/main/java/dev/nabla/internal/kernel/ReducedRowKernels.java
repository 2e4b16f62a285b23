package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.HalfFloats.REBIAS;
import static dev.nabla.internal.kernel.HalfFloats.WIDENED_BITS;
import static dev.nabla.internal.kernel.ReducedGemm.BYTES;
import static dev.nabla.internal.kernel.ReducedGemm.INTS;
import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * One row of Z = X·W with reduced-precision weights, widened in registers: each nonzero input
 * x[p] is broadcast and multiplied into 8 (int8; then 4) or 4 (float16: two runs of paired
 * halves) vectors of row p of the stored W, as the batch-1 float kernels of {@link BroadcastGemm} do, into a per-thread row of
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
      // two runs of paired halves (4 vectors) a pass, the last run repeated when odd
      int[] pairs = ((Float16Weights) w).pairs;
      int lastRun = stride / 2 - L;
      for (int r = 0; r < stride / 2; r += 2 * L) {
        halfRuns(x, x0, ps, count, pairs, stride / 2, r, Math.min(r + L, lastRun), sums);
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
   * sums[2·r0 ..] and sums[2·r1 ..]: each of the two runs of paired halves at int offsets r0 and
   * r1 of a row gives two vectors, its low halves (columns 2·r .. 2·r + L) and its high halves
   * (the next L), widened with int shifts (see {@link Float16Weights}). Four accumulators: the
   * widening is enough work between two FMAs of one accumulator.
   */
  private static void halfRuns(float[] x, int x0, int[] ps, int count, int[] pairs, int rowInts,
      int r0, int r1, float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int o = p * rowInts;
      FloatVector xp = FloatVector.broadcast(S, x[x0 + p]);
      IntVector v0 = IntVector.fromArray(INTS, pairs, o + r0);
      IntVector v1 = IntVector.fromArray(INTS, pairs, o + r1);
      s0 = xp.fma(v0.lanewise(LSHL, 16).lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s0);
      s1 = xp.fma(v0.lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS), s1);
      s2 = xp.fma(v1.lanewise(LSHL, 16).lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s2);
      s3 = xp.fma(v1.lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS), s3);
    }
    // ascending: a repeated last run gets the same sums twice
    s0.intoArray(sums, 2 * r0);
    s1.intoArray(sums, 2 * r0 + L);
    s2.intoArray(sums, 2 * r1);
    s3.intoArray(sums, 2 * r1 + L);
  }
}
