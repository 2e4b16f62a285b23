package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import jdk.incubator.vector.FloatVector;

/**
 * GEMM kernels for outputs narrower than a vector (n &lt; L), routed by {@link PanamaGemm}: B′
 * packed into a K×L zero-padded scratch and 8 rows of A′ broadcast ({@link #tiny}), or, for
 * few rows with B′ rows contiguous, B′ rows loaded straight as vectors ({@link #narrowRows}).
 */
final class TinyOutputGemm {
  private TinyOutputGemm() {}

  static void tiny(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
      int bcs, float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    Scratch scratch = Scratch.get();
    float[] bp = scratch.aux((k + 1) * L);
    for (int p = 0; p < k; p++) {
      int d = p * L;
      int s = bOff + p * brs;
      for (int j = 0; j < n; j++) {
        bp[d + j] = b[s + j * bcs];
      }
      for (int j = n; j < L; j++) {
        bp[d + j] = 0f;
      }
    }
    int bb = k * L; // bias row, zero-padded
    for (int j = 0; j < L; j++) {
      bp[bb + j] = bias != null && j < n ? bias[biasOff + j] : 0f;
    }
    float[] tile = scratch.tile;
    for (int i0 = 0; i0 < m; i0 += 8) {
      tiny8(a, aOff, ars, acs, i0, m, bp, k, c, cOff, n, tile);
    }
  }

  /**
   * Rows i0..i0+7 (clamped to m−1) of a product with n &lt; L columns. Each row is stored as a
   * full vector whose excess lanes spill into the following rows, which are stored later; rows
   * whose vector would pass the end of C go through the tile buffer.
   */
  static void tiny8(float[] a, int aOff, int ars, int acs, int i0, int m, float[] bp, int k,
      float[] c, int cOff, int n, float[] tile) {
    int last = m - 1;
    int a0 = aOff + Math.min(i0, last) * ars;
    int a1 = aOff + Math.min(i0 + 1, last) * ars;
    int a2 = aOff + Math.min(i0 + 2, last) * ars;
    int a3 = aOff + Math.min(i0 + 3, last) * ars;
    int a4 = aOff + Math.min(i0 + 4, last) * ars;
    int a5 = aOff + Math.min(i0 + 5, last) * ars;
    int a6 = aOff + Math.min(i0 + 6, last) * ars;
    int a7 = aOff + Math.min(i0 + 7, last) * ars;
    FloatVector bv = FloatVector.fromArray(S, bp, k * L);
    FloatVector s0 = bv;
    FloatVector s1 = bv;
    FloatVector s2 = bv;
    FloatVector s3 = bv;
    FloatVector s4 = bv;
    FloatVector s5 = bv;
    FloatVector s6 = bv;
    FloatVector s7 = bv;
    for (int p = 0; p < k; p++) {
      FloatVector y = FloatVector.fromArray(S, bp, p * L);
      int ax = p * acs;
      s0 = FloatVector.broadcast(S, a[a0 + ax]).fma(y, s0);
      s1 = FloatVector.broadcast(S, a[a1 + ax]).fma(y, s1);
      s2 = FloatVector.broadcast(S, a[a2 + ax]).fma(y, s2);
      s3 = FloatVector.broadcast(S, a[a3 + ax]).fma(y, s3);
      s4 = FloatVector.broadcast(S, a[a4 + ax]).fma(y, s4);
      s5 = FloatVector.broadcast(S, a[a5 + ax]).fma(y, s5);
      s6 = FloatVector.broadcast(S, a[a6 + ax]).fma(y, s6);
      s7 = FloatVector.broadcast(S, a[a7 + ax]).fma(y, s7);
    }
    int end = cOff + m * n;
    if (cOff + Math.min(i0 + 7, last) * n + L <= end) {
      // every row's vector ends inside C: ascending overlapping stores
      s0.intoArray(c, cOff + Math.min(i0, last) * n);
      s1.intoArray(c, cOff + Math.min(i0 + 1, last) * n);
      s2.intoArray(c, cOff + Math.min(i0 + 2, last) * n);
      s3.intoArray(c, cOff + Math.min(i0 + 3, last) * n);
      s4.intoArray(c, cOff + Math.min(i0 + 4, last) * n);
      s5.intoArray(c, cOff + Math.min(i0 + 5, last) * n);
      s6.intoArray(c, cOff + Math.min(i0 + 6, last) * n);
      s7.intoArray(c, cOff + Math.min(i0 + 7, last) * n);
    } else {
      // near the end of C: through the tile buffer (8 rows of L)
      s0.intoArray(tile, 0);
      s1.intoArray(tile, L);
      s2.intoArray(tile, 2 * L);
      s3.intoArray(tile, 3 * L);
      s4.intoArray(tile, 4 * L);
      s5.intoArray(tile, 5 * L);
      s6.intoArray(tile, 6 * L);
      s7.intoArray(tile, 7 * L);
      int rows = Math.min(8, m - i0);
      for (int r = 0; r < rows; r++) {
        int ci = cOff + (i0 + r) * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] = tile[r * L + j];
        }
      }
    }
  }

  /**
   * Few rows, n &lt; L, B′ rows contiguous (NN, TN): per row, one vector per p loaded straight from
   * B′'s row p — lanes n … L−1 read whatever follows in the array and are discarded — while the
   * load stays inside the array; the last rows of B′ are added in scalar code.
   */
  static void narrowRows(float[] a, int aOff, int ars, int acs, float[] b, int bOff,
      int brs, float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    float[] tile = Scratch.get().tile;
    // rows p < pv can be loaded as full vectors without passing the end of b
    int room = b.length - L - bOff;
    int pv = room < 0 ? 0 : Math.min(k, room / brs + 1);
    for (int i = 0; i < m; i++) {
      narrowRow(a, aOff + i * ars, acs, b, bOff, brs, pv, tile);
      for (int p = pv; p < k; p++) {
        float x = a[aOff + i * ars + p * acs];
        int bp = bOff + p * brs;
        for (int j = 0; j < n; j++) {
          tile[j] += x * b[bp + j];
        }
      }
      int ci = cOff + i * n;
      for (int j = 0; j < n; j++) {
        c[ci + j] = bias == null ? tile[j] : tile[j] + bias[biasOff + j];
      }
    }
  }

  /**
   * tile[0..L) = Σ a[a0 + p·acs]·b[bOff + p·brs ..+L) over p &lt; pv, two accumulators. Every p,
   * zero inputs included: a row of B′ here is narrower than a vector, so skipping it saves less
   * than finding the nonzero inputs costs.
   */
  static void narrowRow(float[] a, int a0, int acs, float[] b, int bOff, int brs, int pv,
      float[] tile) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    int p = 0;
    for (; p + 1 < pv; p += 2) {
      s0 = FloatVector.broadcast(S, a[a0 + p * acs])
          .fma(FloatVector.fromArray(S, b, bOff + p * brs), s0);
      s1 = FloatVector.broadcast(S, a[a0 + (p + 1) * acs])
          .fma(FloatVector.fromArray(S, b, bOff + (p + 1) * brs), s1);
    }
    if (p < pv) {
      s0 = FloatVector.broadcast(S, a[a0 + p * acs])
          .fma(FloatVector.fromArray(S, b, bOff + p * brs), s0);
    }
    s0.add(s1).intoArray(tile, 0);
  }
}
