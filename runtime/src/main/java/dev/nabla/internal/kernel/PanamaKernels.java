package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.MIN_LANES;
import static dev.nabla.internal.kernel.VectorLanes.S;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API kernels ({@code jdk.incubator.vector}), loaded reflectively by
 * {@link KernelProvider}: this entry point holds the worker thread and delegates each kernel to
 * the class of its concern: GEMMs to {@link PanamaGemm} (routing to the packed and small-shape
 * paths), the feature-major layout to {@link FeatureMajorKernels}, activations and optimizers to
 * {@link ElementwiseKernels}, losses to {@link LossKernels}, warm-up to {@link PanamaWarmUp}. All
 * of them build on {@link VectorLanes} and {@link Scratch}; none calls back up. No masked loads
 * or stores (JDK 17 does not intrinsify them on AVX2).
 *
 * <p>System properties: {@code nabla.threads} (1 or 2; default min(2, available processors)) and
 * {@code nabla.parallelFlops} (the smallest GEMM, in floating-point operations 2·m·n·k, that is
 * split with the worker thread; default {@value #DEFAULT_PARALLEL_FLOPS}).
 */
final class PanamaKernels implements KernelSupport {
  static final String THREADS_PROPERTY = "nabla.threads";
  static final String PARALLEL_FLOPS_PROPERTY = "nabla.parallelFlops";
  /**
   * Measured on the 2-vCPU dev VM (shared, noisy): at 4 MFLOP (32×256·256×256, 64×256·256×128)
   * the split gave 0.6–1.1× the 1-thread time, from 8 MFLOP on 1.3–1.5× (JDK 17); the
   * hand-off (unpark, spin, park) costs tens of microseconds when the worker was parked.
   */
  static final long DEFAULT_PARALLEL_FLOPS = 8_000_000L;

  private final GemmWorker pool;
  private final long parallelFlops;

  /** Used by {@link KernelProvider}: threads and threshold from the system properties. */
  PanamaKernels() {
    this(Integer.getInteger(THREADS_PROPERTY,
            Math.min(2, Runtime.getRuntime().availableProcessors())),
        Long.getLong(PARALLEL_FLOPS_PROPERTY, DEFAULT_PARALLEL_FLOPS));
  }

  PanamaKernels(int threads, long parallelFlops) {
    if (L < MIN_LANES) {
      throw new UnsupportedOperationException("the preferred vector species has " + L
          + " float lanes, and the vector kernels need at least " + MIN_LANES
          + ": C2 does not compile their gathers on 64-bit vectors (each one allocates), and no "
          + "CPU prefers vectors that short (NEON and SSE have 4 lanes); -XX:MaxVectorSize "
          + "below 16 bytes gives them");
    }
    if (threads < 1 || threads > 2) {
      throw new IllegalArgumentException(THREADS_PROPERTY + " must be 1 or 2, got " + threads);
    }
    this.pool = threads == 2 ? new GemmWorker() : null;
    this.parallelFlops = parallelFlops;
  }

  int threads() {
    return pool == null ? 1 : 2;
  }

  /** The worker thread, or null if there is none (yet). */
  Thread workerThread() {
    return pool == null ? null : pool.thread();
  }

  @Override
  public void warmUp() {
    new PanamaWarmUp(this, pool).run();
  }

  /** Both warm-ups, without waiting for the JIT (for tests that measure after warm-up). */
  void warmUp(int rounds) {
    new PanamaWarmUp(this, pool).run(rounds);
  }

  // ---------------------------------------------------------------------------------------------
  // Matrix products.

  @Override
  public void matmul(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
      float[] c, int cOff, int m, int k, int n) {
    PanamaGemm.gemm(a, aOff, k, 1, b, bOff, n, 1, bias, biasOff, c, cOff, m, n, k, pool,
        parallelFlops, null);
  }

  @Override
  public void matmul(float[] a, int aOff, float[] b, int bOff, PackedWeights packed,
      float[] bias, int biasOff, float[] c, int cOff, int m, int k, int n) {
    PanamaGemm.gemm(a, aOff, k, 1, b, bOff, n, 1, bias, biasOff, c, cOff, m, n, k, pool,
        parallelFlops, packed);
  }

  @Override
  public int reducedStride(int units) {
    return ReducedGemm.stride(units);
  }

  @Override
  public int halfPairLanes() {
    return L;
  }

  @Override
  public void reducedProduct(ReducedWeights w, float[] x, int xOff, int rows, float[] z,
      int zOff) {
    // Inference objects serve many threads at once: each product runs on its caller, as the
    // float32 frozen products do, never on the shared worker.
    ReducedGemm.product(w, x, xOff, rows, z, zOff, null, parallelFlops);
  }

  @Override
  public float[] weightPanels(int k, int n) {
    int size = PanamaGemm.weightPanelSize(k, n);
    return size == 0 ? null : new float[size];
  }

  @Override
  public PackedWeights frozenWeights(float[] w, int k, int n) {
    float[] panels = weightPanels(k, n);
    return panels == null ? null : PackedWeights.frozen(w, k, n, panels);
  }

  @Override
  public void frozenMatmul(float[] x, int xOff, float[] w, PackedWeights frozen, float[] bias,
      float[] c, int cOff, int m, int k, int n) {
    PanamaGemm.gemm(x, xOff, k, 1, w, 0, n, 1, bias, 0, c, cOff, m, n, k, null, parallelFlops,
        frozen);
  }

  @Override
  public void matmulTransposeA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n) {
    // C (k×n) = Aᵀ·B: A′(i,p) = a[p·k + i], B′(p,j) = b[p·n + j], inner dimension m.
    PanamaGemm.gemm(a, aOff, 1, k, b, bOff, n, 1, null, 0, c, cOff, k, n, m, pool,
        parallelFlops, null);
  }

  @Override
  public void matmulTransposeB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int n, int k) {
    // C (m×k) = A·Bᵀ: A′(i,p) = a[i·n + p], B′(p,j) = b[j·n + p], inner dimension n.
    PanamaGemm.gemm(a, aOff, n, 1, b, bOff, 1, n, null, 0, c, cOff, m, k, n, pool,
        parallelFlops, null);
  }

  @Override
  public void columnSums(float[] a, int aOff, float[] out, int outOff, int m, int n) {
    if (n < L || m == 0) {
      ScalarKernels.INSTANCE.columnSums(a, aOff, out, outOff, m, n);
      return;
    }
    // Same summation order as the scalar loop (row by row, from 0), so results are identical.
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      FloatVector s0 = FloatVector.zero(S);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      for (int i = 0; i < m; i++) {
        int ai = aOff + i * n + j;
        s0 = s0.add(FloatVector.fromArray(S, a, ai));
        s1 = s1.add(FloatVector.fromArray(S, a, ai + L));
        s2 = s2.add(FloatVector.fromArray(S, a, ai + 2 * L));
        s3 = s3.add(FloatVector.fromArray(S, a, ai + 3 * L));
      }
      s0.intoArray(out, outOff + j);
      s1.intoArray(out, outOff + j + L);
      s2.intoArray(out, outOff + j + 2 * L);
      s3.intoArray(out, outOff + j + 3 * L);
    }
    while (j < n) {
      int jj = Math.min(j, n - L); // overlap: the last vector ends at column n
      FloatVector s = FloatVector.zero(S);
      for (int i = 0; i < m; i++) {
        s = s.add(FloatVector.fromArray(S, a, aOff + i * n + jj));
      }
      s.intoArray(out, outOff + jj);
      j += L;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Feature-major layout.

  @Override
  public void featureMajorProduct(float[] c, int cOff, int cRowStride, int cColStride,
      float[] bias, int biasOff, float[] x, int xOff, float[] y, int yOff, int p, int q, int m) {
    FeatureMajorKernels.product(c, cOff, cRowStride, cColStride, bias, biasOff, x,
        xOff, y, yOff, p, q, m);
  }

  @Override
  public void rowSums(float[] d, int dOff, float[] out, int outOff, int p, int m) {
    FeatureMajorKernels.rowSums(d, dOff, out, outOff, p, m);
  }

  @Override
  public void transpose(float[] a, int aOff, int m, int n, float[] t, int tOff) {
    if (!FeatureMajorKernels.transpose(a, aOff, m, n, t, tOff)) {
      KernelSupport.super.transpose(a, aOff, m, n, t, tOff);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Activations and optimizers.

  @Override
  public void sigmoid(float[] z, float[] a, int length) {
    ElementwiseKernels.sigmoid(z, a, length);
  }

  @Override
  public void tanh(float[] z, float[] a, int length) {
    ElementwiseKernels.tanh(z, a, length);
  }

  @Override
  public void relu(float[] z, float[] a, int length) {
    ElementwiseKernels.relu(z, a, length);
  }

  @Override
  public void sigmoidBackward(float[] a, float[] delta, int length) {
    ElementwiseKernels.sigmoidBackward(a, delta, length);
  }

  @Override
  public void tanhBackward(float[] a, float[] delta, int length) {
    ElementwiseKernels.tanhBackward(a, delta, length);
  }

  @Override
  public void reluBackward(float[] z, float[] delta, int length) {
    ElementwiseKernels.reluBackward(z, delta, length);
  }

  @Override
  public void sgd(float[] params, float[] grads, int offset, int length, float lr,
      float weightDecay) {
    ElementwiseKernels.sgd(params, grads, offset, length, lr, weightDecay);
  }

  @Override
  public void adam(float[] params, float[] grads, float[] m, float[] v, int offset, int length,
      float lr, float beta1, float beta2, float epsilon, float c1, float c2, float weightDecay) {
    ElementwiseKernels.adam(params, grads, m, v, offset, length, lr, beta1, beta2, epsilon, c1,
        c2, weightDecay);
  }

  @Override
  public boolean allFinite(float[] values, int length) {
    return ElementwiseKernels.allFinite(values, length);
  }

  // ---------------------------------------------------------------------------------------------
  // Losses and softmax.

  @Override
  public float softmaxCrossEntropy(float[] logits, float[] targets, float[] delta, int m, int n) {
    return LossKernels.softmaxCrossEntropy(logits, targets, delta, m, n);
  }

  @Override
  public float sigmoidBinaryCrossEntropy(float[] z, float[] a, float[] targets, float[] delta,
      int m, int n) {
    return LossKernels.sigmoidBinaryCrossEntropy(z, a, targets, delta, m, n);
  }

  @Override
  public float meanSquaredError(float[] a, float[] targets, float[] delta, int m, int n) {
    return LossKernels.meanSquaredError(a, targets, delta, m, n);
  }

  @Override
  public void softmax(float[] z, float[] p, int m, int n) {
    LossKernels.softmax(z, p, m, n);
  }

  // ---------------------------------------------------------------------------------------------
  // The later activations and losses.

  @Override
  public void leakyRelu(float[] z, float[] a, int length, float slope) {
    VectorActivations.leakyRelu(z, a, length, slope);
  }

  @Override
  public void leakyReluBackward(float[] a, float[] delta, int length, float slope) {
    VectorActivations.leakyReluBackward(a, delta, length, slope);
  }

  @Override
  public void gelu(float[] z, float[] a, int length) {
    VectorActivations.gelu(z, a, length, false);
  }

  @Override
  public void geluBackward(float[] z, float[] delta, int length) {
    VectorActivations.gelu(z, delta, length, true);
  }

  @Override
  public void softplus(float[] z, float[] a, int length) {
    VectorActivations.softplus(z, a, length);
  }

  @Override
  public void softplusBackward(float[] a, float[] delta, int length) {
    VectorActivations.softplusBackward(a, delta, length);
  }

  @Override
  public void softmaxBackward(float[] a, float[] delta, int m, int n) {
    VectorActivations.softmaxBackward(a, delta, m, n);
  }

  @Override
  public float meanAbsoluteError(float[] a, float[] targets, float[] delta, int m, int n) {
    return VectorActivations.meanAbsoluteError(a, targets, delta, m, n);
  }

  @Override
  public float huber(float[] a, float[] targets, float[] delta, int m, int n, float huberDelta) {
    return VectorActivations.huber(a, targets, delta, m, n, huberDelta);
  }
}
