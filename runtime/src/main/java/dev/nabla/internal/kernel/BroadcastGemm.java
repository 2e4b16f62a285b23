package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unpacked broadcast ("axpy") GEMM kernels, routed by {@link PanamaGemm}: B′ rows contiguous
 * (NN, TN), n ≥ L, and few rows (batch 1–3) or a narrow TN output. Each element of A′ is
 * broadcast and multiplied into vectors of a row of B′; the column remainder overlaps (the last
 * vector ends at column n). Batch 1 streams only the rows of B′ whose input is nonzero.
 */
final class BroadcastGemm {
  /** Int lanes of the same shape, and their indices 0 … L−1. */
  private static final VectorSpecies<Integer> I = S.withLanes(int.class);
  private static final int[] LANE_INDEX = java.util.stream.IntStream.range(0, L).toArray();

  private BroadcastGemm() {}

  static void axpy(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    int last = m - 1;
    int maxJ = n - L;
    if (m == 1) {
      // only the rows of B′ with a nonzero input (the sum can differ only in the sign of a zero)
      int[] nonzero = Scratch.get().indices(k);
      int count = nonzeroInputs(a, aOff, acs, k, nonzero);
      int j = 0;
      if (GEMV_WIDE) {
        for (; j + 16 * L <= n; j += 16 * L) {
          ax1x16(a, aOff, acs, b, bOff + j, brs, nonzero, count, bias, biasOff + j, c, cOff + j);
        }
      }
      for (; j + 4 * L <= n; j += 4 * L) {
        ax1x4(a, aOff, acs, b, bOff, brs, nonzero, count, j, j + L, j + 2 * L, j + 3 * L, bias,
            biasOff, c, cOff);
      }
      if (j < n) {
        ax1x4(a, aOff, acs, b, bOff, brs, nonzero, count, Math.min(j, maxJ),
            Math.min(j + L, maxJ), Math.min(j + 2 * L, maxJ), Math.min(j + 3 * L, maxJ), bias,
            biasOff, c, cOff);
      }
      return;
    }
    for (int i = 0; i < m; i += 4) { // the axpy kernels cover 4 rows
      int r0 = i;
      int r1 = Math.min(i + 1, last);
      int r2 = Math.min(i + 2, last);
      int r3 = Math.min(i + 3, last);
      int a0 = aOff + r0 * ars;
      int a1 = aOff + r1 * ars;
      int a2 = aOff + r2 * ars;
      int a3 = aOff + r3 * ars;
      int c0 = cOff + r0 * n;
      int c1 = cOff + r1 * n;
      int c2 = cOff + r2 * n;
      int c3 = cOff + r3 * n;
      int j = 0;
      for (; j + 3 * L <= n; j += 3 * L) {
        ax4x3(a, a0, a1, a2, a3, acs, b, bOff, brs, k, j, j + L, j + 2 * L, bias, biasOff,
            c, c0, c1, c2, c3);
      }
      int rest = n - j;
      if (rest > 2 * L) {
        ax4x3(a, a0, a1, a2, a3, acs, b, bOff, brs, k, j, j + L, maxJ, bias, biasOff,
            c, c0, c1, c2, c3);
      } else if (rest > L) {
        ax4x2(a, a0, a1, a2, a3, acs, b, bOff, brs, k, j, maxJ, bias, biasOff,
            c, c0, c1, c2, c3);
      } else if (rest > 0) {
        ax4x1(a, a0, a1, a2, a3, acs, b, bOff, brs, k, maxJ, bias, biasOff, c, c0, c1, c2, c3);
      }
    }
  }

  /** Bits of a nonzero mask turned into indices at once (table rows of 2^CHUNK). */
  private static final int CHUNK = Math.min(L, 8);
  /** Indices {@link #nonzeroInputs} may write past ps[k − 1]: a table row is L ints. */
  static final int INDEX_SLACK = L - CHUNK;
  /** Row m (L ints): the positions of the set bits of m, ascending, then zeros. */
  private static final int[] SET_BITS = setBits();

  private static int[] setBits() {
    int[] table = new int[(1 << CHUNK) * L];
    for (int m = 0; m < 1 << CHUNK; m++) {
      int n = 0;
      for (int bit = 0; bit < CHUNK; bit++) {
        if ((m & (1 << bit)) != 0) {
          table[m * L + n++] = bit;
        }
      }
    }
    return table;
  }

  /**
   * Writes the p &lt; k with a[a0 + p·acs] ≠ 0 to ps, ascending, and returns how many: a batch-1
   * product need only stream those rows of B′ (0·w adds nothing for finite w). An image's
   * background and a ReLU layer's output are often half zeros or more. Contiguous inputs go L at
   * a time: one bit per nonzero lane, then, per CHUNK of those bits, their positions from a
   * table stored as one vector at ps[count] (its lanes beyond the set bits are overwritten next,
   * or are the {@link #INDEX_SLACK} ps needs past ps[k − 1]). No branch depends on the data: a loop
   * over the set bits mispredicted its exit at every vector, and a cold image's loads waited
   * behind each (0.78 against 0.24 µs per Fashion image, bench RowKernelAB).
   */
  static int nonzeroInputs(float[] a, int a0, int acs, int k, int[] ps) {
    int count = 0;
    int p = 0;
    if (acs == 1 && L <= Integer.SIZE) {
      IntVector laneIndex = IntVector.fromArray(I, LANE_INDEX, 0);
      for (; p + L <= k; p += L) {
        // bits without the sign are ≠ 0 exactly for x ≠ 0; (b | −b) >>> 31 is then 1
        IntVector bits = FloatVector.fromArray(S, a, a0 + p).reinterpretAsInts()
            .lanewise(VectorOperators.LSHL, 1);
        int flags = bits.neg().or(bits).lanewise(VectorOperators.LSHR, 31)
            .lanewise(VectorOperators.LSHL, laneIndex).reduceLanes(VectorOperators.OR);
        for (int c = 0; c < L; c += CHUNK) {
          int m = (flags >>> c) & ((1 << CHUNK) - 1);
          IntVector.fromArray(I, SET_BITS, m * L).add(p + c).intoArray(ps, count);
          count += Integer.bitCount(m);
        }
      }
    }
    for (; p < k; p++) {
      ps[count] = p;
      count += a[a0 + p * acs] != 0f ? 1 : 0;
    }
    return count;
  }

  /** Batch 1 on 32 vector registers: one row of C over 16 vectors (a contiguous run of B′'s row). */
  static final boolean GEMV_WIDE = L >= 16;

  /** 16 vectors of zeros: the starting accumulators of {@link #ax1x16} without a bias. */
  private static final float[] ZEROS = new float[16 * L];

  /**
   * c[c0 + v·L ..] = Σp a[a0 + p·acs]·b[bOff + p·brs + v·L ..] (+ bias[bo + v·L ..]) for the
   * 16 vectors v, over the p in ps[0, count): each p streams 16·L contiguous floats of B′, 16
   * independent accumulators.
   */
  static void ax1x16(float[] a, int a0, int acs, float[] b, int bOff, int brs, int[] ps,
      int count, float[] bias, int bo, float[] c, int c0) {
    // The accumulators start from the bias (or from zeros): the stores need no second branch.
    float[] init = bias != null ? bias : ZEROS;
    int io = bias != null ? bo : 0;
    FloatVector s0 = FloatVector.fromArray(S, init, io);
    FloatVector s1 = FloatVector.fromArray(S, init, io + 1 * L);
    FloatVector s2 = FloatVector.fromArray(S, init, io + 2 * L);
    FloatVector s3 = FloatVector.fromArray(S, init, io + 3 * L);
    FloatVector s4 = FloatVector.fromArray(S, init, io + 4 * L);
    FloatVector s5 = FloatVector.fromArray(S, init, io + 5 * L);
    FloatVector s6 = FloatVector.fromArray(S, init, io + 6 * L);
    FloatVector s7 = FloatVector.fromArray(S, init, io + 7 * L);
    FloatVector s8 = FloatVector.fromArray(S, init, io + 8 * L);
    FloatVector s9 = FloatVector.fromArray(S, init, io + 9 * L);
    FloatVector s10 = FloatVector.fromArray(S, init, io + 10 * L);
    FloatVector s11 = FloatVector.fromArray(S, init, io + 11 * L);
    FloatVector s12 = FloatVector.fromArray(S, init, io + 12 * L);
    FloatVector s13 = FloatVector.fromArray(S, init, io + 13 * L);
    FloatVector s14 = FloatVector.fromArray(S, init, io + 14 * L);
    FloatVector s15 = FloatVector.fromArray(S, init, io + 15 * L);
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int bx = bOff + p * brs;
      FloatVector x = FloatVector.broadcast(S, a[a0 + p * acs]);
      s0 = x.fma(FloatVector.fromArray(S, b, bx), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bx + 1 * L), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bx + 2 * L), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bx + 3 * L), s3);
      s4 = x.fma(FloatVector.fromArray(S, b, bx + 4 * L), s4);
      s5 = x.fma(FloatVector.fromArray(S, b, bx + 5 * L), s5);
      s6 = x.fma(FloatVector.fromArray(S, b, bx + 6 * L), s6);
      s7 = x.fma(FloatVector.fromArray(S, b, bx + 7 * L), s7);
      s8 = x.fma(FloatVector.fromArray(S, b, bx + 8 * L), s8);
      s9 = x.fma(FloatVector.fromArray(S, b, bx + 9 * L), s9);
      s10 = x.fma(FloatVector.fromArray(S, b, bx + 10 * L), s10);
      s11 = x.fma(FloatVector.fromArray(S, b, bx + 11 * L), s11);
      s12 = x.fma(FloatVector.fromArray(S, b, bx + 12 * L), s12);
      s13 = x.fma(FloatVector.fromArray(S, b, bx + 13 * L), s13);
      s14 = x.fma(FloatVector.fromArray(S, b, bx + 14 * L), s14);
      s15 = x.fma(FloatVector.fromArray(S, b, bx + 15 * L), s15);
    }
    s0.intoArray(c, c0);
    s1.intoArray(c, c0 + 1 * L);
    s2.intoArray(c, c0 + 2 * L);
    s3.intoArray(c, c0 + 3 * L);
    s4.intoArray(c, c0 + 4 * L);
    s5.intoArray(c, c0 + 5 * L);
    s6.intoArray(c, c0 + 6 * L);
    s7.intoArray(c, c0 + 7 * L);
    s8.intoArray(c, c0 + 8 * L);
    s9.intoArray(c, c0 + 9 * L);
    s10.intoArray(c, c0 + 10 * L);
    s11.intoArray(c, c0 + 11 * L);
    s12.intoArray(c, c0 + 12 * L);
    s13.intoArray(c, c0 + 13 * L);
    s14.intoArray(c, c0 + 14 * L);
    s15.intoArray(c, c0 + 15 * L);
  }

  /** Four vectors j0 … j3 of a row of C, over the p in ps[0, count), as {@link #ax1x16}. */
  static void ax1x4(float[] a, int a0, int acs, float[] b, int bOff, int brs, int[] ps,
      int count, int j0, int j1, int j2, int j3, float[] bias, int bo, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int bx = bOff + p * brs;
      FloatVector x = FloatVector.broadcast(S, a[a0 + p * acs]);
      s0 = x.fma(FloatVector.fromArray(S, b, bx + j0), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bx + j1), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bx + j2), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bx + j3), s3);
    }
    // Each branch adds and stores (VectorLanes: no vector merged across branches).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + j1);
      FloatVector v2 = FloatVector.fromArray(S, bias, bo + j2);
      FloatVector v3 = FloatVector.fromArray(S, bias, bo + j3);
      s0.add(v0).intoArray(c, c0 + j0);
      s1.add(v1).intoArray(c, c0 + j1);
      s2.add(v2).intoArray(c, c0 + j2);
      s3.add(v3).intoArray(c, c0 + j3);
    } else {
      s0.intoArray(c, c0 + j0);
      s1.intoArray(c, c0 + j1);
      s2.intoArray(c, c0 + j2);
      s3.intoArray(c, c0 + j3);
    }
  }

  static void ax4x3(float[] a, int a0, int a1, int a2, int a3, int acs, float[] b, int bOff,
      int brs, int k, int j0, int j1, int j2, float[] bias, int bo,
      float[] c, int c0, int c1, int c2, int c3) {
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s02 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s12 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s22 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    FloatVector s32 = s00;
    for (int p = 0; p < k; p++) {
      int bx = bOff + p * brs;
      int ax = p * acs;
      FloatVector y0 = FloatVector.fromArray(S, b, bx + j0);
      FloatVector y1 = FloatVector.fromArray(S, b, bx + j1);
      FloatVector y2 = FloatVector.fromArray(S, b, bx + j2);
      FloatVector x = FloatVector.broadcast(S, a[a0 + ax]);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      s02 = x.fma(y2, s02);
      x = FloatVector.broadcast(S, a[a1 + ax]);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      s12 = x.fma(y2, s12);
      x = FloatVector.broadcast(S, a[a2 + ax]);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      s22 = x.fma(y2, s22);
      x = FloatVector.broadcast(S, a[a3 + ax]);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
      s32 = x.fma(y2, s32);
    }
    // Each branch adds and stores (VectorLanes: no vector merged across branches).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + j1);
      FloatVector v2 = FloatVector.fromArray(S, bias, bo + j2);
      s00.add(v0).intoArray(c, c0 + j0);
      s01.add(v1).intoArray(c, c0 + j1);
      s02.add(v2).intoArray(c, c0 + j2);
      s10.add(v0).intoArray(c, c1 + j0);
      s11.add(v1).intoArray(c, c1 + j1);
      s12.add(v2).intoArray(c, c1 + j2);
      s20.add(v0).intoArray(c, c2 + j0);
      s21.add(v1).intoArray(c, c2 + j1);
      s22.add(v2).intoArray(c, c2 + j2);
      s30.add(v0).intoArray(c, c3 + j0);
      s31.add(v1).intoArray(c, c3 + j1);
      s32.add(v2).intoArray(c, c3 + j2);
    } else {
      s00.intoArray(c, c0 + j0);
      s01.intoArray(c, c0 + j1);
      s02.intoArray(c, c0 + j2);
      s10.intoArray(c, c1 + j0);
      s11.intoArray(c, c1 + j1);
      s12.intoArray(c, c1 + j2);
      s20.intoArray(c, c2 + j0);
      s21.intoArray(c, c2 + j1);
      s22.intoArray(c, c2 + j2);
      s30.intoArray(c, c3 + j0);
      s31.intoArray(c, c3 + j1);
      s32.intoArray(c, c3 + j2);
    }
  }

  static void ax4x2(float[] a, int a0, int a1, int a2, int a3, int acs, float[] b, int bOff,
      int brs, int k, int j0, int j1, float[] bias, int bo,
      float[] c, int c0, int c1, int c2, int c3) {
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    for (int p = 0; p < k; p++) {
      int bx = bOff + p * brs;
      int ax = p * acs;
      FloatVector y0 = FloatVector.fromArray(S, b, bx + j0);
      FloatVector y1 = FloatVector.fromArray(S, b, bx + j1);
      FloatVector x = FloatVector.broadcast(S, a[a0 + ax]);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      x = FloatVector.broadcast(S, a[a1 + ax]);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      x = FloatVector.broadcast(S, a[a2 + ax]);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      x = FloatVector.broadcast(S, a[a3 + ax]);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
    }
    // Each branch adds and stores (VectorLanes: no vector merged across branches).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + j1);
      s00.add(v0).intoArray(c, c0 + j0);
      s01.add(v1).intoArray(c, c0 + j1);
      s10.add(v0).intoArray(c, c1 + j0);
      s11.add(v1).intoArray(c, c1 + j1);
      s20.add(v0).intoArray(c, c2 + j0);
      s21.add(v1).intoArray(c, c2 + j1);
      s30.add(v0).intoArray(c, c3 + j0);
      s31.add(v1).intoArray(c, c3 + j1);
    } else {
      s00.intoArray(c, c0 + j0);
      s01.intoArray(c, c0 + j1);
      s10.intoArray(c, c1 + j0);
      s11.intoArray(c, c1 + j1);
      s20.intoArray(c, c2 + j0);
      s21.intoArray(c, c2 + j1);
      s30.intoArray(c, c3 + j0);
      s31.intoArray(c, c3 + j1);
    }
  }

  static void ax4x1(float[] a, int a0, int a1, int a2, int a3, int acs, float[] b, int bOff,
      int brs, int k, int j0, float[] bias, int bo, float[] c, int c0, int c1, int c2, int c3) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int p = 0; p < k; p++) {
      FloatVector y = FloatVector.fromArray(S, b, bOff + p * brs + j0);
      int ax = p * acs;
      s0 = FloatVector.broadcast(S, a[a0 + ax]).fma(y, s0);
      s1 = FloatVector.broadcast(S, a[a1 + ax]).fma(y, s1);
      s2 = FloatVector.broadcast(S, a[a2 + ax]).fma(y, s2);
      s3 = FloatVector.broadcast(S, a[a3 + ax]).fma(y, s3);
    }
    // Each branch adds and stores (VectorLanes: no vector merged across branches).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      s0.add(v0).intoArray(c, c0 + j0);
      s1.add(v0).intoArray(c, c1 + j0);
      s2.add(v0).intoArray(c, c2 + j0);
      s3.add(v0).intoArray(c, c3 + j0);
    } else {
      s0.intoArray(c, c0 + j0);
      s1.intoArray(c, c1 + j0);
      s2.intoArray(c, c2 + j0);
      s3.intoArray(c, c3 + j0);
    }
  }
}
