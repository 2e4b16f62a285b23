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
 * x[p] is broadcast and multiplied into vectors of row p of the stored W, as the batch-1 float
 * kernels of {@link BroadcastGemm} do, into a per-thread row of sums that the scales and the bias
 * then finish. int8 rows go in passes of 16 vectors (with 32 vector registers), 4, then one
 * at a time; float16 rows in passes of two runs of paired halves (4 vectors), then one run, or
 * only its low halves when its high halves are padding. So no pass computes a vector twice, and a
 * 10-unit head is one vector. Per output the sum runs over the inputs in ascending order, as the
 * scalar twin's. The stored rows are whole vectors (zero-padded), so there is no column tail.
 * The int8 and float16 kernels differ only in the widening (as in {@link ReducedGemm}), written
 * out at each use: a helper returning the vector, once compiled on its own, is too big for C2 to
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
    int j = 0;
    if (w instanceof Int8Weights) {
      byte[] q = ((Int8Weights) w).q;
      for (; BroadcastGemm.GEMV_WIDE && j + 16 * L <= stride; j += 16 * L) {
        int8x16(x, x0, ps, count, q, stride, j, sums);
      }
      for (; j + 4 * L <= stride; j += 4 * L) {
        int8x4(x, x0, ps, count, q, stride, j, sums);
      }
      for (; j < stride; j += L) {
        int8x1(x, x0, ps, count, q, stride, j, sums);
      }
    } else {
      // runs of paired halves: two a pass, then a last odd run, whose high halves may all be
      // padding (a layer of at most L units, such as a 10-class head)
      int[] pairs = ((Float16Weights) w).pairs;
      int rowInts = stride / 2;
      int r = 0;
      for (; r + 2 * L <= rowInts; r += 2 * L) {
        halfRuns(x, x0, ps, count, pairs, rowInts, r, sums);
      }
      if (r < rowInts && 2 * r + L < w.units) {
        halfRun(x, x0, ps, count, pairs, rowInts, r, sums);
      } else if (r < rowInts) {
        lowHalves(x, x0, ps, count, pairs, rowInts, r, sums);
      }
    }
    ReducedGemm.scaleAndBias(sums, 0, w.scales, w.bias, z, z0, w.units);
  }

  /**
   * sums[j .. j + 16L) = Σ over the nonzero inputs ps[0, count) of x[p]·q[p·stride + j ..]: a
   * whole 256-unit row at 16 lanes in one pass over the inputs, on 16 of the 32 vector registers
   * (as {@link BroadcastGemm#ax1x16}); the widening is written out at each use (see above).
   */
  private static void int8x16(float[] x, int x0, int[] ps, int count, byte[] q, int stride,
      int j, float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    FloatVector s8 = s0;
    FloatVector s9 = s0;
    FloatVector s10 = s0;
    FloatVector s11 = s0;
    FloatVector s12 = s0;
    FloatVector s13 = s0;
    FloatVector s14 = s0;
    FloatVector s15 = s0;
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
      s8 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 8 * L).convertShape(B2F, S, 0), s8);
      s9 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 9 * L).convertShape(B2F, S, 0), s9);
      s10 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 10 * L).convertShape(B2F, S, 0), s10);
      s11 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 11 * L).convertShape(B2F, S, 0), s11);
      s12 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 12 * L).convertShape(B2F, S, 0), s12);
      s13 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 13 * L).convertShape(B2F, S, 0), s13);
      s14 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 14 * L).convertShape(B2F, S, 0), s14);
      s15 = xp.fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, o + 15 * L).convertShape(B2F, S, 0), s15);
    }
    s0.intoArray(sums, j);
    s1.intoArray(sums, j + L);
    s2.intoArray(sums, j + 2 * L);
    s3.intoArray(sums, j + 3 * L);
    s4.intoArray(sums, j + 4 * L);
    s5.intoArray(sums, j + 5 * L);
    s6.intoArray(sums, j + 6 * L);
    s7.intoArray(sums, j + 7 * L);
    s8.intoArray(sums, j + 8 * L);
    s9.intoArray(sums, j + 9 * L);
    s10.intoArray(sums, j + 10 * L);
    s11.intoArray(sums, j + 11 * L);
    s12.intoArray(sums, j + 12 * L);
    s13.intoArray(sums, j + 13 * L);
    s14.intoArray(sums, j + 14 * L);
    s15.intoArray(sums, j + 15 * L);
  }

  /** Four vectors at columns j .. j + 4L, as {@link #int8x16}. */
  private static void int8x4(float[] x, int x0, int[] ps, int count, byte[] q, int stride, int j,
      float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
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
    }
    s0.intoArray(sums, j);
    s1.intoArray(sums, j + L);
    s2.intoArray(sums, j + 2 * L);
    s3.intoArray(sums, j + 3 * L);
  }

  /**
   * One vector at columns j .. j + L, as {@link #int8x16}: the last vectors of a row, and the
   * whole row of a layer of at most L units (a 10-class head), which a pass of four would
   * compute four times.
   */
  private static void int8x1(float[] x, int x0, int[] ps, int count, byte[] q, int stride, int j,
      float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      s0 = FloatVector.broadcast(S, x[x0 + p]).fma(
          (FloatVector) ByteVector.fromArray(BYTES, q, p * stride + j).convertShape(B2F, S, 0),
          s0);
    }
    s0.intoArray(sums, j);
  }

  /**
   * sums[2·r ..+ 4L): the two runs of paired halves at int offsets r and r + L of a row each
   * give two vectors, their low halves (columns 2·r .. 2·r + L) and their high halves (the next
   * L), widened with int shifts (see {@link Float16Weights}). Four accumulators: the widening is
   * enough work between two FMAs of one accumulator.
   */
  private static void halfRuns(float[] x, int x0, int[] ps, int count, int[] pairs, int rowInts,
      int r, float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int o = p * rowInts + r;
      FloatVector xp = FloatVector.broadcast(S, x[x0 + p]);
      IntVector v0 = IntVector.fromArray(INTS, pairs, o);
      IntVector v1 = IntVector.fromArray(INTS, pairs, o + L);
      s0 = xp.fma(v0.lanewise(LSHL, 16).lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s0);
      s1 = xp.fma(v0.lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS), s1);
      s2 = xp.fma(v1.lanewise(LSHL, 16).lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s2);
      s3 = xp.fma(v1.lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS), s3);
    }
    s0.intoArray(sums, 2 * r);
    s1.intoArray(sums, 2 * r + L);
    s2.intoArray(sums, 2 * r + 2 * L);
    s3.intoArray(sums, 2 * r + 3 * L);
  }

  /** sums[2·r ..+ 2L): one run of paired halves, as {@link #halfRuns}. */
  private static void halfRun(float[] x, int x0, int[] ps, int count, int[] pairs, int rowInts,
      int r, float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      FloatVector xp = FloatVector.broadcast(S, x[x0 + p]);
      IntVector v = IntVector.fromArray(INTS, pairs, p * rowInts + r);
      s0 = xp.fma(v.lanewise(LSHL, 16).lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats()
          .mul(REBIAS), s0);
      s1 = xp.fma(v.lanewise(ASHR, 3).and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS), s1);
    }
    s0.intoArray(sums, 2 * r);
    s1.intoArray(sums, 2 * r + L);
  }

  /**
   * sums[2·r ..+ L): the low halves of one run, as {@link #halfRuns}, for a last run whose high
   * halves are all padding; sums[2·r + L ..+ L) is left as it was (those columns are dropped).
   */
  private static void lowHalves(float[] x, int x0, int[] ps, int count, int[] pairs,
      int rowInts, int r, float[] sums) {
    FloatVector s0 = FloatVector.zero(S);
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      IntVector v = IntVector.fromArray(INTS, pairs, p * rowInts + r);
      s0 = FloatVector.broadcast(S, x[x0 + p]).fma(v.lanewise(LSHL, 16).lanewise(ASHR, 3)
          .and(WIDENED_BITS).reinterpretAsFloats().mul(REBIAS), s0);
    }
    s0.intoArray(sums, 2 * r);
  }
}
