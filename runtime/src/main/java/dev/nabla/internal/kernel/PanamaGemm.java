package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.PackedGemm.MR;
import static dev.nabla.internal.kernel.PackedGemm.NR;
import static dev.nabla.internal.kernel.VectorLanes.L;

/**
 * Routing of the Vector API GEMM for the three layouts of {@link KernelSupport}, written against
 * one logical product C (M×N, row-major, overwritten) = A′ (M×K) · B′ (K×N) where
 * A′(i,p) = a[aOff + i·ars + p·acs] and B′(p,j) = b[bOff + p·brs + j·bcs].
 *
 * <p>Paths, each in its own class:
 * <ul>
 *   <li>large products: A packed into MR-row panels and B into 2-vector-wide zero-padded panels,
 *       both p-major, feeding one MR×(2 vectors) register-blocked FMA micro-kernel with constant
 *       strides (MR = 4 with 256-bit vectors, 8 with 512-bit ones); K is blocked; edge tiles go
 *       through a small tile buffer ({@link PackedGemm});
 *   <li>N &lt; L (tiny outputs): B packed into a K×L zero-padded scratch, 8 rows of unpacked A
 *       broadcast, rows stored with overlapping full-vector stores in ascending order
 *       ({@link TinyOutputGemm}); few rows with B′ rows contiguous: those rows loaded as vectors;
 *   <li>M &lt; 4 (batch 1–3) and narrow TN outputs: unpacked broadcast ("axpy") kernels, with the
 *       overlap trick for the column remainder (the last vector ends at column N)
 *       ({@link BroadcastGemm});
 *   <li>narrow NN/NT outputs and NT with M &lt; 4: k-vectorised dot-product kernels (2 A rows × 4
 *       Bᵀ rows), B transposed into scratch for NN ({@link DotGemm}).
 * </ul>
 * No masked loads or stores anywhere (JDK 17 does not intrinsify them on AVX2). Out-of-range
 * rows and columns of a tile are clamped to the last valid one, so duplicates recompute and store
 * bit-identical values. Scratch buffers are per thread and grow-only.
 */
final class PanamaGemm {
  private PanamaGemm() {}

  /**
   * C = A′·B′ (+ bias); the strides say which layout A′ and B′ have. {@code pool} may be null for
   * one thread. {@code weights} may be null; otherwise B′ is an NN weight matrix that the packed
   * path reads from (and first packs into) those panels.
   */
  static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k, GemmWorker pool,
      long parallelFlops, PackedWeights weights) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * n;
        if (bias == null) {
          java.util.Arrays.fill(c, ci, ci + n, 0f);
        } else {
          System.arraycopy(bias, biasOff, c, ci, n);
        }
      }
      return;
    }
    switch (route(m, n, k, ars, acs, brs, bcs)) {
      case NARROW_ROWS:
        TinyOutputGemm.narrowRows(a, aOff, ars, acs, b, bOff, brs, bias, biasOff, c, cOff, m, n,
            k);
        break;
      case TINY:
        TinyOutputGemm.tiny(a, aOff, ars, acs, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n,
            k);
        break;
      case AXPY:
        BroadcastGemm.axpy(a, aOff, ars, acs, b, bOff, brs, bias, biasOff, c, cOff, m, n, k);
        break;
      case DOT:
        DotGemm.dot(a, aOff, ars, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n, k);
        break;
      default:
        PackedGemm.packed(a, aOff, ars, acs, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n, k,
            pool, parallelFlops, weights);
    }
  }

  private static final int PACKED = 0;
  private static final int NARROW_ROWS = 1;
  private static final int TINY = 2;
  private static final int AXPY = 3;
  private static final int DOT = 4;

  /** Which path computes an M×N×K product with these strides (k ≥ 1). */
  private static int route(int m, int n, int k, int ars, int acs, int brs, int bcs) {
    boolean smallM = m < MR;
    boolean dotable = acs == 1 && k >= NR && (brs == 1 || bcs == 1);
    if (n < L) {
      // batch 1–7: rows of B′ as vectors, or dot products; else the tiny-output kernel
      return smallM && bcs == 1 ? NARROW_ROWS : smallM && dotable ? DOT : TINY;
    }
    if (bcs == 1 && (smallM || (ars == 1 && n <= NR))) {
      return AXPY; // NN with a small batch, or TN (A′ columns contiguous) with a narrow output
    }
    return dotable && (smallM || n <= NR) ? DOT : PACKED;
  }

  /**
   * Floats of the panels of a k×n NN weight matrix (B′ of X·W) if a product with a batch of at
   * least MR rows packs it, else 0.
   */
  static int weightPanelSize(int k, int n) {
    if (k == 0 || n == 0 || route(MR, n, k, k, 1, n, 1) != PACKED) {
      return 0;
    }
    return (n + NR - 1) / NR * NR * k;
  }
}
