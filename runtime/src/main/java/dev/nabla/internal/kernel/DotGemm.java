package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import jdk.incubator.vector.FloatVector;

/**
 * Dot-product GEMM kernels, routed by {@link PanamaGemm}: A′ rows and B′ columns contiguous
 * along p (k ≥ 2L), for narrow NN/NT outputs and NT with few rows; k-vectorised, 2 A′ rows × 4
 * B′ columns per call, B′ transposed into scratch for NN.
 */
final class DotGemm {
  private DotGemm() {}

  /** Dot-product path: B′ columns used directly (NT, brs = 1) or transposed into scratch (NN). */
  static void dot(float[] a, int aOff, int ars, float[] b, int bOff, int brs, int bcs,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    if (brs == 1) {
      dot(a, aOff, ars, b, bOff, bcs, bias, biasOff, c, cOff, m, n, k);
      return;
    }
    float[] bt = Scratch.get().aux(n * k);
    for (int p = 0; p < k; p++) {
      int src = bOff + p * brs;
      for (int j = 0; j < n; j++) {
        bt[j * k + p] = b[src + j * bcs];
      }
    }
    dot(a, aOff, ars, bt, 0, k, bias, biasOff, c, cOff, m, n, k);
  }

  /** C(i,j) = Σp a[aOff + i·ars + p]·bt[btOff + j·bts + p] (+ bias[j]). */
  private static void dot(float[] a, int aOff, int ars, float[] bt, int btOff, int bts,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    int lastI = m - 1;
    int lastJ = n - 1;
    for (int i = 0; i < m; i += 2) {
      int i1 = Math.min(i + 1, lastI);
      for (int j = 0; j < n; j += 4) {
        int j1 = Math.min(j + 1, lastJ);
        int j2 = Math.min(j + 2, lastJ);
        int j3 = Math.min(j + 3, lastJ);
        dot2x4(a, aOff + i * ars, aOff + i1 * ars, bt, btOff + j * bts, btOff + j1 * bts,
            btOff + j2 * bts, btOff + j3 * bts, k, c, cOff + i * n, cOff + i1 * n,
            j, j1, j2, j3, bias, biasOff);
      }
    }
  }

  static void dot2x4(float[] a, int a0, int a1, float[] b, int b0, int b1, int b2, int b3,
      int k, float[] c, int c0, int c1, int j0, int j1, int j2, int j3, float[] bias, int bo) {
    float[] lanes = VectorLanes.lanes(); // before any vector (VectorLanes: boxing rules)
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s02 = s00;
    FloatVector s03 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s12 = s00;
    FloatVector s13 = s00;
    int kv = k - k % L;
    for (int p = 0; p < kv; p += L) {
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
      FloatVector y = FloatVector.fromArray(S, b, b0 + p);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      y = FloatVector.fromArray(S, b, b1 + p);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      y = FloatVector.fromArray(S, b, b2 + p);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      y = FloatVector.fromArray(S, b, b3 + p);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
    }
    s00.intoArray(lanes, 0);
    s01.intoArray(lanes, L);
    s02.intoArray(lanes, 2 * L);
    s03.intoArray(lanes, 3 * L);
    s10.intoArray(lanes, 4 * L);
    s11.intoArray(lanes, 5 * L);
    s12.intoArray(lanes, 6 * L);
    s13.intoArray(lanes, 7 * L);
    float r00 = VectorLanes.sumLanes(lanes, 0);
    float r01 = VectorLanes.sumLanes(lanes, L);
    float r02 = VectorLanes.sumLanes(lanes, 2 * L);
    float r03 = VectorLanes.sumLanes(lanes, 3 * L);
    float r10 = VectorLanes.sumLanes(lanes, 4 * L);
    float r11 = VectorLanes.sumLanes(lanes, 5 * L);
    float r12 = VectorLanes.sumLanes(lanes, 6 * L);
    float r13 = VectorLanes.sumLanes(lanes, 7 * L);
    for (int p = kv; p < k; p++) {
      float x0 = a[a0 + p];
      float x1 = a[a1 + p];
      float y0 = b[b0 + p];
      float y1 = b[b1 + p];
      float y2 = b[b2 + p];
      float y3 = b[b3 + p];
      r00 += x0 * y0;
      r01 += x0 * y1;
      r02 += x0 * y2;
      r03 += x0 * y3;
      r10 += x1 * y0;
      r11 += x1 * y1;
      r12 += x1 * y2;
      r13 += x1 * y3;
    }
    if (bias != null) {
      float v0 = bias[bo + j0];
      float v1 = bias[bo + j1];
      float v2 = bias[bo + j2];
      float v3 = bias[bo + j3];
      r00 += v0;
      r01 += v1;
      r02 += v2;
      r03 += v3;
      r10 += v0;
      r11 += v1;
      r12 += v2;
      r13 += v3;
    }
    c[c0 + j0] = r00;
    c[c0 + j1] = r01;
    c[c0 + j2] = r02;
    c[c0 + j3] = r03;
    c[c1 + j0] = r10;
    c[c1 + j1] = r11;
    c[c1 + j2] = r12;
    c[c1 + j3] = r13;
  }
}
