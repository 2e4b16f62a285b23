package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;

/**
 * Per-thread, grow-only buffers of the vector kernels: the packed GEMM's panels, the small-shape
 * GEMMs' transposed or padded B′ and nonzero-input indices, the element-wise kernels' temporaries,
 * the reduced-precision kernels' sums and narrow widened W, and a tile for partial output tiles.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private float[] aPack = new float[0];
  private float[] bPack = new float[0];
  private float[] aux = new float[0];
  private int[] indices = new int[0];
  private float[] elementwise = new float[0];
  private float[] reduced = new float[0];
  /**
   * 8 rows of 2 vectors: the largest packed micro-tile ({@link PackedGemm#MR} ≤ 8 rows of
   * {@link PackedGemm#NR} = 2 vectors) and the 8 one-vector rows of {@link TinyOutputGemm}.
   */
  final float[] tile = new float[8 * 2 * L];

  private Scratch() {}

  static Scratch get() {
    return LOCAL.get();
  }

  float[] aPack(int size) {
    if (aPack.length < size) {
      aPack = new float[grow(aPack.length, size)];
    }
    return aPack;
  }

  float[] bPack(int size) {
    if (bPack.length < size) {
      bPack = new float[grow(bPack.length, size)];
    }
    return bPack;
  }

  /**
   * Room for {@code size} input indices and the {@link BroadcastGemm#INDEX_SLACK} more that
   * {@link BroadcastGemm#nonzeroInputs} may write past them.
   */
  int[] indices(int size) {
    if (indices.length < size + BroadcastGemm.INDEX_SLACK) {
      indices = new int[grow(indices.length, size + BroadcastGemm.INDEX_SLACK)];
    }
    return indices;
  }

  float[] aux(int size) {
    if (aux.length < size) {
      aux = new float[grow(aux.length, size)];
    }
    return aux;
  }

  float[] elementwise(int size) {
    if (elementwise.length < size) {
      elementwise = new float[grow(elementwise.length, size)];
    }
    return elementwise;
  }

  /**
   * The reduced-precision kernels' floats: one output row's sums, or a narrow W widened for a
   * batch (never both in one call).
   */
  float[] reduced(int size) {
    if (reduced.length < size) {
      reduced = new float[grow(reduced.length, size)];
    }
    return reduced;
  }

  private static int grow(int old, int needed) {
    return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, old + (old >> 1)));
  }
}
