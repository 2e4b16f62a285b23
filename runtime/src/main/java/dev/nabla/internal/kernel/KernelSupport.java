package dev.nabla.internal.kernel;

/**
 * The kernels generated models call, implemented by {@link ScalarKernels} (the reference and
 * test oracle) and by a Vector API implementation. Matrices are row-major {@code float[]} slices;
 * callers ({@link KernelOps}) have checked every bound, so implementations need not.
 */
interface KernelSupport {
  /** C = A·B + 1·biasᵀ; A m×k, B k×n, C m×n (overwritten); {@code bias == null} for none. */
  void matmul(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
      float[] c, int cOff, int m, int k, int n);

  /**
   * {@link #matmul(float[], int, float[], int, float[], int, float[], int, int, int, int)} that
   * may keep B packed in {@code packed} (see {@link PackedWeights}); the default ignores it.
   */
  default void matmul(float[] a, int aOff, float[] b, int bOff, PackedWeights packed,
      float[] bias, int biasOff, float[] c, int cOff, int m, int k, int n) {
    matmul(a, aOff, b, bOff, bias, biasOff, c, cOff, m, k, n);
  }

  /** Storage for the panels of a k×n B of {@code matmul}, or null if this never packs one. */
  default float[] weightPanels(int k, int n) {
    return null;
  }

  /**
   * The panels of W (k×n at offset 0 of {@code w}, never to change) packed now and frozen, or
   * null if this never packs such a W; see {@link #frozenMatmul}.
   */
  default PackedWeights frozenWeights(float[] w, int k, int n) {
    return null;
  }

  /**
   * C = X·W + 1·biasᵀ, bit for bit as {@link #matmul(float[], int, float[], int, float[], int,
   * float[], int, int, int, int)} gives it, on the calling thread only, with W (k×n at offset 0
   * of {@code w}) read from {@code frozen} ({@link #frozenWeights}, may be null) where the
   * product packs it. For inference objects, which many threads call at once: the worker thread
   * would serve one of them at a time, and a frozen W is only read.
   */
  default void frozenMatmul(float[] x, int xOff, float[] w, PackedWeights frozen, float[] bias,
      float[] c, int cOff, int m, int k, int n) {
    matmul(x, xOff, w, 0, bias, 0, c, cOff, m, k, n);
  }

  /** C = Aᵀ·B; A m×k, B m×n, C k×n (overwritten). */
  void matmulTransposeA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n);

  /** C = A·Bᵀ; A m×n, B k×n, C m×k (overwritten). */
  void matmulTransposeB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int n, int k);

  /** out = 1ᵀ·A, the column sums of the m×n matrix A (overwritten). */
  void columnSums(float[] a, int aOff, float[] out, int outOff, int m, int n);

  /**
   * Y = C·X + bias·1ᵀ in the feature-major layout of small layers: X (q×m) and Y (p×m) hold one
   * feature per row and the m samples along it, C is a small p×q matrix whose element (i, j) is
   * {@code c[cOff + i·cRowStride + j·cColStride]} (so W and Wᵀ are the same array), {@code bias}
   * may be null. Y must not overlap X.
   */
  void featureMajorProduct(float[] c, int cOff, int cRowStride, int cColStride,
      float[] bias, int biasOff, float[] x, int xOff, float[] y, int yOff, int p, int q, int m);

  /**
   * G = X·Dᵀ (X q×m, D p×m, G q×p): ∇W = Xᵀ·dZ when X and D hold the samples along rows. It is
   * the NT product, whose dot-product tiles already suit a long inner dimension.
   */
  default void featureMajorWeightGradient(float[] x, int xOff, float[] d, int dOff, float[] g,
      int gOff, int q, int p, int m) {
    matmulTransposeB(x, xOff, d, dOff, g, gOff, q, m, p);
  }

  /** out = D·1, the row sums of the p×m matrix D (overwritten). */
  void rowSums(float[] d, int dOff, float[] out, int outOff, int p, int m);

  /** T = Aᵀ (A m×n, T n×m); T must not overlap A. */
  default void transpose(float[] a, int aOff, int m, int n, float[] t, int tOff) {
    if (n <= m) { // stream the longer dimension: contiguous writes, n read streams
      for (int j = 0; j < n; j++) {
        int tj = tOff + j * m;
        for (int i = 0; i < m; i++) {
          t[tj + i] = a[aOff + i * n + j];
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        int ai = aOff + i * n;
        for (int j = 0; j < n; j++) {
          t[tOff + j * m + i] = a[ai + j];
        }
      }
    }
  }

  /** a = σ(z) element-wise; {@code a} may be {@code z}. */
  void sigmoid(float[] z, float[] a, int length);

  void tanh(float[] z, float[] a, int length);

  void relu(float[] z, float[] a, int length);

  /** delta ⊙= a ⊙ (1 − a), with a = σ(z). */
  void sigmoidBackward(float[] a, float[] delta, int length);

  /** delta ⊙= 1 − a², with a = tanh z. */
  void tanhBackward(float[] a, float[] delta, int length);

  /** delta ⊙= [z > 0]. */
  void reluBackward(float[] z, float[] delta, int length);

  /**
   * Row-wise softmax cross-entropy of logits (m×n) against targets (m×n); returns the mean
   * loss over rows and, when {@code delta != null}, writes delta = (softmax(logits) − targets)/m.
   */
  float softmaxCrossEntropy(float[] logits, float[] targets, float[] delta, int m, int n);

  /**
   * Binary cross-entropy of a = σ(z) against targets, summed over outputs and averaged over the
   * m rows, as max(z, 0) − z·y + log(1 + e^−|z|) for stability; {@code a} must hold σ(z), which
   * the vector kernel uses for e^−|z| instead of a second exponential; delta = (a − targets)/m
   * when non-null.
   */
  float sigmoidBinaryCrossEntropy(float[] z, float[] a, float[] targets, float[] delta, int m, int n);

  /** Σ(a − y)²/(m·n); delta = 2(a − y)/(m·n) when non-null. */
  float meanSquaredError(float[] a, float[] targets, float[] delta, int m, int n);

  /** p = softmax(z) row-wise; {@code p} may be {@code z}. */
  void softmax(float[] z, float[] p, int m, int n);

  /** p −= lr·(g + weightDecay·p) over [offset, offset + length). */
  void sgd(float[] params, float[] grads, int offset, int length, float lr, float weightDecay);

  /**
   * One Adam step with decoupled weight decay (AdamW when weightDecay > 0):
   * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= lr·(m/c1 / (√(v/c2) + ε) + weightDecay·p),
   * where c1 = 1 − β1^t and c2 = 1 − β2^t are the bias corrections of step t; over
   * [offset, offset + length) of all four arrays.
   */
  void adam(float[] params, float[] grads, float[] m, float[] v, int offset, int length, float lr,
      float beta1, float beta2, float epsilon, float c1, float c2, float weightDecay);

  /**
   * Runs every code path on small inputs until the JIT has compiled it, so that the first real
   * calls are neither slow nor allocating (vector code runs boxed until C2 compiles it). Optional;
   * the scalar kernels need nothing.
   */
  default void warmUp() {}

  /** Whether values[0, length) holds no NaN and no ±∞. */
  boolean allFinite(float[] values, int length);

  /**
   * Elements between rows of a reduced-precision W with {@code units} columns as these kernels
   * read it (the columns beyond {@code units} hold zeros): whole vectors for vector kernels.
   */
  default int reducedStride(int units) {
    return units;
  }

  /**
   * Lanes of a float16 W's pairing: halves are stored two to an int, columns j and j + lanes of
   * each run of 2·lanes columns in one int (low and high half), so that vector kernels widen
   * them with shifts of int lanes (see {@link Float16Weights}).
   */
  default int halfPairLanes() {
    return 1;
  }

  /** Z = X·W for reduced-precision weights (see {@link ReducedWeights}); bounds checked. */
  default void reducedProduct(ReducedWeights w, float[] x, int xOff, int rows, float[] z,
      int zOff) {
    ReducedWeights.scalarProduct(w, x, xOff, rows, z, zOff);
  }

  // The later activations and losses ({@link ScalarActivations}; the vector kernels override).

  /** a = z for z > 0, else slope·z; {@code a} may be {@code z}. */
  default void leakyRelu(float[] z, float[] a, int length, float slope) {
    ScalarActivations.leakyRelu(z, a, 0, length, slope);
  }

  /** delta ⊙= [a > 0] + slope·[a ≤ 0]. */
  default void leakyReluBackward(float[] a, float[] delta, int length, float slope) {
    ScalarActivations.leakyReluBackward(a, delta, 0, length, slope);
  }

  /** a = z·Φ(z); {@code a} may be {@code z}. */
  default void gelu(float[] z, float[] a, int length) {
    ScalarActivations.gelu(z, a, 0, length);
  }

  /** delta ⊙= Φ(z) + z·φ(z), from Z. */
  default void geluBackward(float[] z, float[] delta, int length) {
    ScalarActivations.geluBackward(z, delta, 0, length);
  }

  /** a = log(1 + e^z); {@code a} may be {@code z}. */
  default void softplus(float[] z, float[] a, int length) {
    ScalarActivations.softplus(z, a, 0, length);
  }

  /** delta ⊙= 1 − e^−a = σ(z), from A. */
  default void softplusBackward(float[] a, float[] delta, int length) {
    ScalarActivations.softplusBackward(a, delta, 0, length);
  }

  /** delta = a ⊙ (delta − (delta·a)1) per row of the m×n softmax output a. */
  default void softmaxBackward(float[] a, float[] delta, int m, int n) {
    ScalarActivations.softmaxBackward(a, delta, m, n);
  }

  /** Mean |a − y| over all m·n elements; delta = sign(a − Y)/(m·n) when non-null. */
  default float meanAbsoluteError(float[] a, float[] targets, float[] delta, int m, int n) {
    return ScalarActivations.meanAbsoluteError(a, targets, delta, m, n);
  }

  /** Mean Huber loss with {@code huberDelta}; delta = clamp(a − Y, ±δ)/(m·n) when non-null. */
  default float huber(float[] a, float[] targets, float[] delta, int m, int n,
      float huberDelta) {
    return ScalarActivations.huber(a, targets, delta, m, n, huberDelta);
  }
}
