package dev.nabla.internal.kernel;

/**
 * A k×n weight matrix W kept in the panel layout that the vector kernels pack B into for a
 * product X·W, so that repeated products with unchanged weights (inference) pack W once instead
 * of at every call: about 7 % of a 256-row 784 → 256 product. Made by
 * {@link KernelOps#packedWeights(int, int)}; its storage is allocated there, once, and only when the
 * kernels in use pack such a W (the scalar kernels never do).
 *
 * <p>W is kept from its second product on: the first packs into the kernels' scratch as any
 * product does, so a training step, which uses each W once before changing it, touches no extra
 * memory. It remembers which array and offset it was packed from; after changing W in place, call
 * {@link #invalidate()}. Generated models do so in {@code parametersChanged()}, which
 * {@code trainStep} calls after every update.
 *
 * <p>A {@linkplain #frozen frozen} one is packed once when made and never changes: every product
 * only reads it, so inference objects share it between threads.
 */
public final class PackedWeights {
  private static final int EMPTY = 0;
  private static final int SEEN = 1;
  private static final int PACKED = 2;

  final int k;
  final int n;
  /** W in panels, or null when the kernels in use do not pack a k×n W. */
  final float[] panels;
  /** Packed when made, never invalidated: nothing writes its state, so threads may share it. */
  private final boolean frozen;
  private int state = EMPTY;
  /** The array W was last multiplied from (SEEN) or packed from (PACKED). */
  private float[] source;
  private int sourceOff;

  PackedWeights(int k, int n, float[] panels) {
    this.k = k;
    this.n = n;
    this.panels = panels;
    this.frozen = false;
  }

  /** W (k×n at offset 0 of {@code w}), already packed into {@code panels}; never changes. */
  private PackedWeights(int k, int n, float[] panels, float[] w) {
    this.k = k;
    this.n = n;
    this.panels = panels;
    this.frozen = true;
    this.state = PACKED;
    this.source = w;
  }

  /**
   * The panels of W (k×n at offset 0 of {@code w}, which must never change afterwards), packed
   * now by {@link PackedGemm#packWeights}; every product with {@code w} reads them.
   */
  static PackedWeights frozen(float[] w, int k, int n, float[] panels) {
    PackedGemm.packWeights(w, k, n, panels);
    return new PackedWeights(k, n, panels, w);
  }

  /** Forgets W: the next product packs it into scratch again, the one after into the panels. */
  public void invalidate() {
    requireMutable();
    state = EMPTY;
    source = null;
  }

  private void requireMutable() {
    if (frozen) {
      throw new IllegalStateException("frozen packed weights never change");
    }
  }

  /** Whether the kernels in use keep a packed copy at all (false for the scalar kernels). */
  public boolean hasStorage() {
    return panels != null;
  }

  /** Whether the panels hold this W. */
  boolean holds(float[] w, int wOff) {
    return state == PACKED && source == w && sourceOff == wOff;
  }

  /** Whether the last product used this W too, unchanged since: worth keeping it packed. */
  boolean repeats(float[] w, int wOff) {
    return state == SEEN && source == w && sourceOff == wOff;
  }

  void seen(float[] w, int wOff) {
    requireMutable();
    state = SEEN;
    source = w;
    sourceOff = wOff;
  }

  void filled(float[] w, int wOff) {
    requireMutable();
    state = PACKED;
    source = w;
    sourceOff = wOff;
  }
}
