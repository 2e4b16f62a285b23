package dev.nabla.internal.kernel;

import java.util.Objects;

/**
 * The checked kernel operations generated models, optimizers and the model core call. Every
 * method checks its slice bounds, then delegates to the implementation chosen once per JVM
 * (Vector API when available, scalar otherwise; see {@link #implementation()}). Not API: users
 * see only {@link dev.nabla.internal.kernel.Kernels}.
 */
public final class KernelOps {
  private static final KernelSupport IMPL = KernelProvider.lookup();

  private KernelOps() {}

  /** The implementation in use (for the reduced-precision weights, which keep it). */
  static KernelSupport impl() {
    return IMPL;
  }

  /** Name of the implementation in use, e.g. "scalar". */
  public static String implementation() {
    return IMPL == ScalarKernels.INSTANCE ? "scalar" : IMPL.getClass().getSimpleName();
  }

  /** See {@link dev.nabla.internal.kernel.Kernels#warmUp()}. */
  public static void warmUp() {
    IMPL.warmUp();
  }

  /** Whether values[0, length) holds no NaN and no ±∞. */
  public static boolean allFinite(float[] values, int length) {
    check(values, 0, 1, length, "values");
    return IMPL.allFinite(values, length);
  }

  /** C = A·B + 1·biasᵀ (A m×k, B k×n, C m×n); {@code bias} may be null. */
  public static void matmul(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
      float[] c, int cOff, int m, int k, int n) {
    check(a, aOff, m, k, "A");
    check(b, bOff, k, n, "B");
    if (bias != null) {
      check(bias, biasOff, 1, n, "bias");
    }
    check(c, cOff, m, n, "C");
    IMPL.matmul(a, aOff, b, bOff, bias, biasOff, c, cOff, m, k, n);
  }

  /**
   * Storage for a k×n weight matrix in the layout the matrix kernels pack it into (see
   * {@link PackedWeights}); allocates once, at most k·n floats rounded up to the panel width.
   */
  public static PackedWeights packedWeights(int k, int n) {
    if (k < 0 || n < 0) {
      throw new IllegalArgumentException("negative shape " + k + "×" + n);
    }
    return new PackedWeights(k, n, IMPL.weightPanels(k, n));
  }

  /**
   * C = X·W + 1·biasᵀ as {@link #matmul(float[], int, float[], int, float[], int, float[], int,
   * int, int, int)} computes it, bit for bit. The second call in a row with the same {@code w}
   * slice packs W (k×n) into {@code packed}; later ones read it from there while it still holds
   * that slice. Call {@link PackedWeights#invalidate()} after changing W in place.
   */
  public static void matmul(float[] x, int xOff, float[] w, int wOff, PackedWeights packed,
      float[] bias, int biasOff, float[] c, int cOff, int m, int k, int n) {
    Objects.requireNonNull(packed, "packed");
    if (packed.k != k || packed.n != n) {
      throw new IllegalArgumentException("packed holds a " + packed.k + "×" + packed.n
          + " matrix, not " + k + "×" + n);
    }
    check(x, xOff, m, k, "X");
    check(w, wOff, k, n, "W");
    if (bias != null) {
      check(bias, biasOff, 1, n, "bias");
    }
    check(c, cOff, m, n, "C");
    IMPL.matmul(x, xOff, w, wOff, packed, bias, biasOff, c, cOff, m, k, n);
  }

  /**
   * Products X·W of at least this many rows take the same kernel path whatever their number, so
   * each row of Z is the same bits in any such batch; fewer rows take the small-batch paths
   * ({@link PanamaGemm}: below {@link PackedGemm#MR} ≤ 8 rows), which sum in another order.
   */
  public static final int SAME_PATH_ROWS = 8;

  /**
   * Immutable float32 weights for an inference object: copies W (k×n, row-major) and
   * {@code bias} (n floats, or null) and packs W for the kernels in use, once. Their products
   * may run on many threads at once and equal {@link #matmul} with the same rows bit for bit when
   * {@code trailing} is the number of floats that follow W in the array the other product reads
   * it from (a model's flat parameters: its b and the later layers): with fewer than n rows
   * narrower than a vector, the kernels load W's rows as whole vectors while that stays inside
   * the array and sum the last rows in scalar code.
   */
  public static FrozenWeights float32Weights(float[] w, float[] bias, int k, int n,
      long trailing) {
    check(w, 0, k, n, "W");
    if (bias != null) {
      check(bias, 0, 1, n, "bias");
    }
    if (trailing < 0) {
      throw new IllegalArgumentException("trailing must be at least 0, got " + trailing);
    }
    // Only up to one vector of it changes which rows load as vectors; the values are never used.
    return new Float32Weights(IMPL, w, bias, k, n, (int) Math.min(trailing, MAX_VECTOR_FLOATS));
  }

  /** Floats in the widest vector any kernel loads (512 bits). */
  private static final int MAX_VECTOR_FLOATS = 16;

  /** {@link KernelSupport#frozenMatmul}; the caller has checked every bound. */
  static void frozenMatmul(float[] x, int xOff, float[] w, PackedWeights frozen, float[] bias,
      float[] c, int cOff, int m, int k, int n) {
    IMPL.frozenMatmul(x, xOff, w, frozen, bias, c, cOff, m, k, n);
  }

  /** C = Aᵀ·B (A m×k, B m×n, C k×n). */
  public static void matmulTransposeA(float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, int m, int k, int n) {
    check(a, aOff, m, k, "A");
    check(b, bOff, m, n, "B");
    check(c, cOff, k, n, "C");
    IMPL.matmulTransposeA(a, aOff, b, bOff, c, cOff, m, k, n);
  }

  /** C = A·Bᵀ (A m×n, B k×n, C m×k). */
  public static void matmulTransposeB(float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k) {
    check(a, aOff, m, n, "A");
    check(b, bOff, k, n, "B");
    check(c, cOff, m, k, "C");
    IMPL.matmulTransposeB(a, aOff, b, bOff, c, cOff, m, n, k);
  }

  /** out = 1ᵀ·A (A m×n). */
  public static void columnSums(float[] a, int aOff, float[] out, int outOff, int m, int n) {
    check(a, aOff, m, n, "A");
    check(out, outOff, 1, n, "out");
    IMPL.columnSums(a, aOff, out, outOff, m, n);
  }

  /**
   * Y = C·X + bias·1ᵀ for the feature-major layout of small layers (X q×m and Y p×m hold one
   * feature per row, the m samples along it); C is p×q with element (i, j) at
   * {@code c[cOff + i·cRowStride + j·cColStride]}, so a row-major W serves as W (strides n, 1)
   * and as Wᵀ (strides 1, n). {@code bias} may be null; Y must not overlap X.
   */
  public static void featureMajorProduct(float[] c, int cOff, int cRowStride, int cColStride,
      float[] bias, int biasOff, float[] x, int xOff, float[] y, int yOff, int p, int q, int m) {
    Objects.requireNonNull(c, "C");
    if (p > 0 && q > 0) {
      long last = cOff + (long) (p - 1) * cRowStride + (long) (q - 1) * cColStride;
      if (cOff < 0 || cRowStride < 0 || cColStride < 0 || last >= c.length) {
        throw new IndexOutOfBoundsException("C: " + p + "×" + q + " with strides " + cRowStride
            + ", " + cColStride + " at offset " + cOff + " does not fit an array of length "
            + c.length);
      }
    }
    if (bias != null) {
      check(bias, biasOff, 1, p, "bias");
    }
    check(x, xOff, q, m, "X");
    check(y, yOff, p, m, "Y");
    checkDisjoint(x, xOff, (long) q * m, y, yOff, (long) p * m, "Y overlaps X");
    IMPL.featureMajorProduct(c, cOff, cRowStride, cColStride, bias, biasOff, x, xOff, y, yOff, p,
        q, m);
  }

  /** G = X·Dᵀ (X q×m, D p×m, G q×p): ∇W = Xᵀ·dZ from feature-major X and dZ. */
  public static void featureMajorWeightGradient(float[] x, int xOff, float[] d, int dOff, float[] g,
      int gOff, int q, int p, int m) {
    check(x, xOff, q, m, "X");
    check(d, dOff, p, m, "D");
    check(g, gOff, q, p, "G");
    IMPL.featureMajorWeightGradient(x, xOff, d, dOff, g, gOff, q, p, m);
  }

  /** out = D·1 (D p×m): ∇b = 1ᵀ·dZ from feature-major dZ. */
  public static void rowSums(float[] d, int dOff, float[] out, int outOff, int p, int m) {
    check(d, dOff, p, m, "D");
    check(out, outOff, 1, p, "out");
    IMPL.rowSums(d, dOff, out, outOff, p, m);
  }

  /** T = Aᵀ (A m×n, T n×m); the hand-over between row-major and feature-major layouts. */
  public static void transpose(float[] a, int aOff, int m, int n, float[] t, int tOff) {
    check(a, aOff, m, n, "A");
    check(t, tOff, n, m, "T");
    checkDisjoint(a, aOff, (long) m * n, t, tOff, (long) m * n, "T overlaps A");
    IMPL.transpose(a, aOff, m, n, t, tOff);
  }

  public static void sigmoid(float[] z, float[] a, int length) {
    check2(z, a, length);
    IMPL.sigmoid(z, a, length);
  }

  public static void tanh(float[] z, float[] a, int length) {
    check2(z, a, length);
    IMPL.tanh(z, a, length);
  }

  public static void relu(float[] z, float[] a, int length) {
    check2(z, a, length);
    IMPL.relu(z, a, length);
  }

  /** delta ⊙= a ⊙ (1 − a). */
  public static void sigmoidBackward(float[] a, float[] delta, int length) {
    check2(a, delta, length);
    IMPL.sigmoidBackward(a, delta, length);
  }

  /** delta ⊙= 1 − a². */
  public static void tanhBackward(float[] a, float[] delta, int length) {
    check2(a, delta, length);
    IMPL.tanhBackward(a, delta, length);
  }

  /** delta ⊙= [z > 0]. */
  public static void reluBackward(float[] z, float[] delta, int length) {
    check2(z, delta, length);
    IMPL.reluBackward(z, delta, length);
  }

  /** a = z for z > 0, else slope·z. */
  public static void leakyRelu(float[] z, float[] a, int length, float slope) {
    check2(z, a, length);
    IMPL.leakyRelu(z, a, length, slope);
  }

  /** delta ⊙= 1 where a > 0, slope elsewhere. */
  public static void leakyReluBackward(float[] a, float[] delta, int length, float slope) {
    check2(a, delta, length);
    IMPL.leakyReluBackward(a, delta, length, slope);
  }

  /** a = z·Φ(z). */
  public static void gelu(float[] z, float[] a, int length) {
    check2(z, a, length);
    IMPL.gelu(z, a, length);
  }

  /** delta ⊙= Φ(z) + z·φ(z), from Z. */
  public static void geluBackward(float[] z, float[] delta, int length) {
    check2(z, delta, length);
    IMPL.geluBackward(z, delta, length);
  }

  /** a = log(1 + e^z). */
  public static void softplus(float[] z, float[] a, int length) {
    check2(z, a, length);
    IMPL.softplus(z, a, length);
  }

  /** delta ⊙= 1 − e^−a, from A. */
  public static void softplusBackward(float[] a, float[] delta, int length) {
    check2(a, delta, length);
    IMPL.softplusBackward(a, delta, length);
  }

  /** delta = a ⊙ (delta − (delta·a)1) per row of the m×n softmax output a. */
  public static void softmaxBackward(float[] a, float[] delta, int m, int n) {
    check(a, 0, m, n, "a");
    check(delta, 0, m, n, "delta");
    IMPL.softmaxBackward(a, delta, m, n);
  }

  /** Mean |a − y| over all m·n elements; delta = sign(a − Y)/(m·n) when non-null. */
  public static float meanAbsoluteError(float[] a, float[] targets, float[] delta, int m, int n) {
    checkLoss(a, targets, delta, m, n);
    return IMPL.meanAbsoluteError(a, targets, delta, m, n);
  }

  /** Mean Huber loss with {@code huberDelta} > 0; delta = clamp(a − Y, ±δ)/(m·n) when non-null. */
  public static float huber(float[] a, float[] targets, float[] delta, int m, int n,
      float huberDelta) {
    checkLoss(a, targets, delta, m, n);
    if (!(huberDelta > 0 && huberDelta < Float.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("huberDelta must be finite and positive, got "
          + huberDelta);
    }
    return IMPL.huber(a, targets, delta, m, n, huberDelta);
  }

  /** Mean softmax cross-entropy; delta = (softmax − Y)/m when non-null. */
  public static float softmaxCrossEntropy(float[] logits, float[] targets, float[] delta,
      int m, int n) {
    checkLoss(logits, targets, delta, m, n);
    return IMPL.softmaxCrossEntropy(logits, targets, delta, m, n);
  }

  /** Binary cross-entropy of σ(z), from the logits; delta = (a − Y)/m when non-null. */
  public static float sigmoidBinaryCrossEntropy(float[] z, float[] a, float[] targets,
      float[] delta, int m, int n) {
    checkLoss(z, targets, delta, m, n);
    check(a, 0, m, n, "a");
    return IMPL.sigmoidBinaryCrossEntropy(z, a, targets, delta, m, n);
  }

  /** Mean squared error over all m·n elements; delta = 2(a − Y)/(m·n) when non-null. */
  public static float meanSquaredError(float[] a, float[] targets, float[] delta, int m, int n) {
    checkLoss(a, targets, delta, m, n);
    return IMPL.meanSquaredError(a, targets, delta, m, n);
  }

  public static void softmax(float[] z, float[] p, int m, int n) {
    check(z, 0, m, n, "z");
    check(p, 0, m, n, "p");
    IMPL.softmax(z, p, m, n);
  }

  /** p −= lr·(g + weightDecay·p) over [offset, offset + length). */
  public static void sgd(float[] params, float[] grads, int offset, int length, float lr,
      float weightDecay) {
    check2(params, grads, offset, length);
    IMPL.sgd(params, grads, offset, length, lr, weightDecay);
  }

  /** One Adam(W) step; see {@link KernelSupport#adam}. */
  public static void adam(float[] params, float[] grads, float[] m, float[] v, int offset,
      int length, float lr, float beta1, float beta2, float epsilon, float c1, float c2,
      float weightDecay) {
    check2(params, grads, offset, length);
    check2(m, v, offset, length);
    IMPL.adam(params, grads, m, v, offset, length, lr, beta1, beta2, epsilon, c1, c2,
        weightDecay);
  }

  static void check(float[] array, int offset, int rows, int cols, String what) {
    Objects.requireNonNull(array, what);
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(what + ": negative shape " + rows + "×" + cols);
    }
    long size = (long) rows * cols;
    if (offset < 0 || offset + size > array.length) {
      throw new IndexOutOfBoundsException(what + ": " + rows + "×" + cols + " at offset "
          + offset + " does not fit an array of length " + array.length);
    }
  }

  /** The output slice must not share an element with the input slice. */
  private static void checkDisjoint(float[] in, int inOff, long inLength, float[] out, int outOff,
      long outLength, String message) {
    if (in == out && inOff < outOff + outLength && outOff < inOff + inLength) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void check2(float[] x, float[] y, int length) {
    check2(x, y, 0, length);
  }

  private static void check2(float[] x, float[] y, int offset, int length) {
    check(x, offset, 1, length, "first operand");
    check(y, offset, 1, length, "second operand");
  }

  private static void checkLoss(float[] out, float[] targets, float[] delta, int m, int n) {
    if (m <= 0) {
      throw new IllegalArgumentException("a loss needs at least one row, got " + m);
    }
    check(out, 0, m, n, "outputs");
    check(targets, 0, m, n, "targets");
    if (delta != null) {
      check(delta, 0, m, n, "delta");
    }
  }
}
