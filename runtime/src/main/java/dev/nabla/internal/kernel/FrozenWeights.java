package dev.nabla.internal.kernel;

/**
 * One dense layer's W (in × units) and optional b, immutable, in the storage and layout an
 * inference object chose for its kernels (float32 pre-packed panels, float16, int8 with scales).
 * {@link #multiply} may run on many threads at once and allocates nothing after warm-up: its
 * working memory is per thread. Not API.
 */
public interface FrozenWeights {
  int in();

  int units();

  /**
   * Z = X·W + 1·bᵀ for {@code rows} rows: X row-major at {@code xOff} with row stride
   * {@link #in()}, Z row-major at {@code zOff} with row stride {@link #units()}.
   */
  void multiply(float[] x, int xOff, int rows, float[] z, int zOff);

  /** W as the products use it (in × units, row-major, scales applied): a fresh copy. */
  float[] weights();

  /** b (a copy), or null without a bias. */
  float[] bias();

  /** Bytes held by W and b in this storage (the footprint a user sees). */
  long bytes();
}
