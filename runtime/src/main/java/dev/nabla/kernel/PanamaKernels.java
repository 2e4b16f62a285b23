package dev.nabla.kernel;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels ({@code jdk.incubator.vector}), loaded reflectively by {@link KernelProvider}.
 * GEMMs are in {@link PanamaGemm}; this class holds the dispatch, the element-wise kernels and the
 * optimizer updates. Loops are vector body, then a scalar tail; no masked loads or stores.
 *
 * <p>System properties: {@code nabla.threads} (1 or 2; default min(2, available processors)) and
 * {@code nabla.parallelFlops} (the smallest GEMM, in floating-point operations 2·m·n·k, that is
 * split with the worker thread; default {@value #DEFAULT_PARALLEL_FLOPS}).
 */
final class PanamaKernels implements KernelSupport {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /**
   * The fewest float lanes the kernels run on. Their lane sums take 4 lanes at a time, and with
   * fewer C2 leaves the gathers of the GEMM packing and the transposes as allocating calls.
   */
  static final int MIN_LANES = 4;
  static final String THREADS_PROPERTY = "nabla.threads";
  static final String PARALLEL_FLOPS_PROPERTY = "nabla.parallelFlops";
  /**
   * Measured on the 2-vCPU dev VM (shared, noisy): at 4 MFLOP (32×256·256×256, 64×256·256×128)
   * the split gave 0.6–1.1× the 1-thread time, from 8 MFLOP on 1.3–1.5× (JDK 17); the
   * hand-off (unpark, spin, park) costs tens of microseconds when the worker was parked.
   */
  static final long DEFAULT_PARALLEL_FLOPS = 8_000_000L;

  private final PanamaGemm.Pool pool;
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
    this.pool = threads == 2 ? new PanamaGemm.Pool() : null;
    this.parallelFlops = parallelFlops;
  }

  int threads() {
    return pool == null ? 1 : 2;
  }

  /** The worker thread, or null if there is none (yet). */
  Thread workerThread() {
    return pool == null ? null : pool.thread();
  }

  // ---------------------------------------------------------------------------------------------
  // Warm-up.

  @Override
  public void warmUp() {
    // Element-wise kernels first: C2 compiles each in milliseconds, so they are ready before the
    // GEMMs, whose compilations take seconds on a loaded machine, occupy its queue.
    WarmUpData data = new WarmUpData();
    warmUpElementwise(data, 3_000);
    awaitIdleJit(() -> warmUpElementwise(data, 20));
    warmUpProducts(data, 3_000);
    awaitIdleJit(() -> {
      warmUpProducts(data, 5);
      warmUpElementwise(data, 5);
    });
  }

  /** Both warm-ups, without waiting for the JIT (for tests that measure after warm-up). */
  void warmUp(int rounds) {
    WarmUpData data = new WarmUpData();
    warmUpElementwise(data, rounds);
    warmUpProducts(data, rounds);
  }

  /**
   * C2 compiles in the background, so warm-up calls can end while hot kernels still wait in its
   * queue; keep calling until the JIT has finished nothing for a while, or vector code runs boxed
   * (allocating, about 100× slower) in the first real calls.
   */
  private static void awaitIdleJit(Runnable keepHot) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long start = System.nanoTime();
    long idleSince = start;
    long compileMillis = jit.getTotalCompilationTime();
    for (long now = start; now - idleSince < JIT_IDLE_NANOS && now - start < JIT_WAIT_NANOS;
        now = System.nanoTime()) {
      keepHot.run();
      long millis = jit.getTotalCompilationTime();
      if (millis != compileMillis) {
        compileMillis = millis;
        idleSince = System.nanoTime();
      }
    }
  }

  /** How long the JIT must have finished nothing before warm-up ends, and the most it waits. */
  private static final long JIT_IDLE_NANOS = 300_000_000L;
  private static final long JIT_WAIT_NANOS = 5_000_000_000L;

  /** Operands for the warm-up calls, big enough for every shape below. */
  private static final class WarmUpData {
    /** The product that the 2-thread warm-up splits: m×k · k×n. */
    static final int SPLIT_M = 64;
    static final int SPLIT_K = 96;
    static final int SPLIT_N = 6 * L;
    final int big = 4 * L + 3;
    // room for every operand of every shape at every lane count (with 4 lanes the split
    // product's A is the largest; sizing by the other shapes alone made its gathers overrun)
    final int size = java.util.stream.IntStream.of(big * big * 4,
        (PanamaGemm.KC + 8) * (2 * L + 8), SPLIT_M * SPLIT_K, SPLIT_K * SPLIT_N,
        SPLIT_M * SPLIT_N).max().getAsInt();
    final float[] a = new float[size];
    final float[] b = new float[size];
    final float[] c = new float[size];
    final float[] d = new float[size];
    final float[] e = new float[size];

    WarmUpData() {
      for (int i = 0; i < a.length; i++) {
        a[i] = (i % 17 - 8) * 0.01f;
        b[i] = (i % 13 - 6) * 0.01f;
      }
      // batch-1 inputs (from a[1]) start with a block of L zeros, which nonzeroInputs skips
      java.util.Arrays.fill(a, 0, L + 1, 0f);
    }
  }

  /** Every GEMM path: each layout, each tail, and the 2-thread hand-off. */
  private void warmUpProducts(WarmUpData w, int rounds) {
    int[][] shapes = { // m, k, n of C = A′·B′: packed, tiny, batch 1, batch 3, narrow, both
        {2 * MR_FOR_WARMUP + 3, 2 * L + 5, 2 * L + 3}, {19, 9, L / 2 + 1}, {1, 2 * L + 1, w.big},
        {3, 2 * L + 1, 3 * L + 5}, {21, 2 * L + 3, L + 2}, {2, 2 * L + 1, L / 2 + 1}};
    // inner dimension above one K block, so the micro-kernels' accumulate mode runs too: never
    // taken here, it trapped at the first real 784-deep product, which then ran boxed for
    // the better part of a second
    int[] deep = {2 * MR_FOR_WARMUP + 3, PanamaGemm.KC + 5, 2 * L + 3};
    int[] kept = shapes[0]; // a packed product with W kept: seen, packed into the panels, reused
    PackedWeights packed = new PackedWeights(kept[1], kept[2], weightPanels(kept[1], kept[2]));
    for (int r = 0; r < rounds; r++) {
      if (r % 3 == 0) {
        packed.invalidate();
      }
      matmul(w.a, 1, w.b, 2, packed, w.b, 3, w.c, 0, kept[0], kept[1], kept[2]);
      for (int[] s : shapes) {
        matmul(w.a, 1, w.b, 2, w.b, 3, w.c, 0, s[0], s[1], s[2]);
        matmulTransposeA(w.a, 1, w.b, 2, w.c, 0, s[1], s[0], s[2]);
        matmulTransposeB(w.a, 1, w.b, 2, w.c, 0, s[0], s[1], s[2]);
      }
      if (r % 8 == 0) {
        matmul(w.a, 1, w.b, 2, w.b, 3, w.c, 0, deep[0], deep[1], deep[2]);
        matmulTransposeA(w.a, 1, w.b, 2, w.c, 0, deep[1], deep[0], deep[2]);
        matmulTransposeB(w.a, 1, w.b, 2, w.c, 0, deep[0], deep[1], deep[2]);
      }
    }
    if (pool != null) {
      int m = WarmUpData.SPLIT_M;
      int k = WarmUpData.SPLIT_K;
      int n = WarmUpData.SPLIT_N;
      PackedWeights shared = new PackedWeights(k, n, weightPanels(k, n));
      for (int r = 0; r < Math.max(3, rounds / 10); r++) {
        PanamaGemm.gemm(w.a, 0, k, 1, w.b, 0, n, 1, null, 0, w.c, 0, m, n, k, pool, 0, null);
        if (r % 3 == 0) {
          shared.invalidate();
        }
        PanamaGemm.gemm(w.a, 0, k, 1, w.b, 0, n, 1, null, 0, w.c, 0, m, n, k, pool, 0, shared);
      }
    }
  }

  /**
   * Every element-wise and feature-major kernel, each round on three shapes (with and without a
   * vector tail, one to five vectors per row, so every blocked loop runs) and with and without
   * each optional operand:
   * C2 compiles a loop only after ~15 000 calls plus iterations, and a branch never taken here
   * would trap (deoptimize) at its first real use.
   */
  private void warmUpElementwise(WarmUpData w, int rounds) {
    for (int r = 0; r < rounds; r++) {
      warmUpElementwise(w, 3, 2 * L + 3, r % 2 == 0);
      warmUpElementwise(w, 2, 4 * L, r % 2 != 0);
      warmUpElementwise(w, 1, 5 * L + 5, r % 2 == 0);
    }
  }

  private static final int MR_FOR_WARMUP = PanamaGemm.MR;

  /** Every element-wise kernel on a rows×n matrix. */
  private void warmUpElementwise(WarmUpData w, int rows, int n, boolean optionalOperands) {
    float[] a = w.a;
    float[] b = w.b;
    float[] c = w.c;
    float[] d = w.d;
    float[] e = w.e;
    float[] bias = optionalOperands ? b : null;
    float[] delta = optionalOperands ? d : null;
    int length = rows * n;
    sigmoid(a, c, length);
    tanh(a, c, length);
    relu(a, c, length);
    System.arraycopy(b, 0, d, 0, length);
    sigmoidBackward(c, d, length);
    tanhBackward(c, d, length);
    reluBackward(a, d, length);
    columnSums(a, 0, c, 0, rows, n);
    planarProduct(a, 0, 1, rows, bias, 0, b, 0, c, 0, 4, rows, n);
    planarWeightGradient(a, 0, b, 0, c, 0, rows, 4, n);
    rowSums(a, 0, c, 0, rows, n);
    transpose(a, 0, rows, n, c, 0);
    transpose(a, 0, n, rows, c, 0);
    allFinite(a, length);
    softmax(a, c, rows, n);
    softmaxCrossEntropy(a, b, delta, rows, n);
    sigmoidBinaryCrossEntropy(a, c, b, delta, rows, n);
    meanSquaredError(c, b, delta, rows, n);
    System.arraycopy(a, 0, e, 0, length);
    sgd(e, b, length, 1e-3f, optionalOperands ? 1e-4f : 0f);
    adam(e, b, c, d, length, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f,
        optionalOperands ? 1e-4f : 0f);
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
  public float[] weightPanels(int k, int n) {
    int size = PanamaGemm.weightPanelSize(k, n);
    return size == 0 ? null : new float[size];
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
  // Feature-major products of small layers: the samples fill the vector lanes.

  @Override
  public void planarProduct(float[] c, int cOff, int cRowStride, int cColStride, float[] bias,
      int biasOff, float[] x, int xOff, float[] y, int yOff, int p, int q, int m) {
    // Blocks of 4 vectors of samples: the four sums of a row of Y stay in registers across the q
    // features, so each FMA costs one load instead of an axpy's two loads and a store.
    int r = 0;
    for (; r + 4 * L <= m; r += 4 * L) {
      for (int i = 0; i < p; i++) {
        int ci = cOff + i * cRowStride;
        FloatVector s0 = FloatVector.broadcast(S, bias == null ? 0f : bias[biasOff + i]);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int xj = xOff + r;
        for (int j = 0; j < q; j++, xj += m) {
          FloatVector cij = FloatVector.broadcast(S, c[ci + j * cColStride]);
          s0 = FloatVector.fromArray(S, x, xj).fma(cij, s0);
          s1 = FloatVector.fromArray(S, x, xj + L).fma(cij, s1);
          s2 = FloatVector.fromArray(S, x, xj + 2 * L).fma(cij, s2);
          s3 = FloatVector.fromArray(S, x, xj + 3 * L).fma(cij, s3);
        }
        int yi = yOff + i * m + r;
        s0.intoArray(y, yi);
        s1.intoArray(y, yi + L);
        s2.intoArray(y, yi + 2 * L);
        s3.intoArray(y, yi + 3 * L);
      }
    }
    for (; r + L <= m; r += L) {
      for (int i = 0; i < p; i++) {
        int ci = cOff + i * cRowStride;
        FloatVector s0 = FloatVector.broadcast(S, bias == null ? 0f : bias[biasOff + i]);
        for (int j = 0; j < q; j++) {
          s0 = FloatVector.fromArray(S, x, xOff + j * m + r)
              .fma(FloatVector.broadcast(S, c[ci + j * cColStride]), s0);
        }
        s0.intoArray(y, yOff + i * m + r);
      }
    }
    for (; r < m; r++) {
      for (int i = 0; i < p; i++) {
        int ci = cOff + i * cRowStride;
        float sum = bias == null ? 0f : bias[biasOff + i];
        for (int j = 0; j < q; j++) {
          sum = Math.fma(c[ci + j * cColStride], x[xOff + j * m + r], sum);
        }
        y[yOff + i * m + r] = sum;
      }
    }
  }

  /**
   * T = Aᵀ. A row-major batch of a few features becomes feature rows, and feature rows become a
   * row-major batch, by gathers only: the scatter stores of an earlier version were seen left
   * boxed by C2 for the life of the JVM (in 1 launch of 8 on JDK 25 and 3 of 8 on JDK 17 every
   * call allocated). Other shapes take the scalar loop.
   */
  @Override
  public void transpose(float[] a, int aOff, int m, int n, float[] t, int tOff) {
    if (n < STRIDE_MAPS.length && m >= L) {
      toFeatureRows(a, aOff, m, n, t, tOff);
    } else if (m < STRIDE_MAPS.length && n >= L) {
      toSampleRows(a, aOff, m, n, t, tOff);
    } else {
      KernelSupport.super.transpose(a, aOff, m, n, t, tOff);
    }
  }

  /** m rows of n &lt; 17 features → n feature rows of m samples: one gather per L samples. */
  private static void toFeatureRows(float[] a, int aOff, int m, int n, float[] t, int tOff) {
    int[] map = STRIDE_MAPS[n]; // k·n
    for (int j = 0; j < n; j++) {
      int r = 0;
      for (; r + L <= m; r += L) {
        FloatVector.fromArray(S, a, aOff + r * n + j, map, 0).intoArray(t, tOff + j * m + r);
      }
      for (; r < m; r++) {
        t[tOff + j * m + r] = a[aOff + r * n + j];
      }
    }
  }

  /**
   * m &lt; 17 feature rows of n samples → n rows of m features: each vector of T (L consecutive
   * floats q … q+L−1, float q being feature q mod m of sample q / m) is one gather from the m
   * rows. Relative to its first sample, its lane offsets depend only on its first feature (the
   * phase), so there is one map per phase, kept per thread for the last shape.
   */
  private static void toSampleRows(float[] a, int aOff, int m, int n, float[] t, int tOff) {
    int[] maps = PlaneMaps.of(m, n);
    int total = m * n;
    int samplesPerVector = L / m;
    int phaseStep = L % m;
    int sample = 0;
    int phase = 0;
    int q = 0;
    for (; q + L <= total; q += L) {
      FloatVector.fromArray(S, a, aOff + sample, maps, phase * L).intoArray(t, tOff + q);
      sample += samplesPerVector;
      phase += phaseStep;
      if (phase >= m) {
        phase -= m;
        sample++;
      }
    }
    for (; q < total; q++) {
      t[tOff + q] = a[aOff + q % m * n + q / m];
    }
  }

  /**
   * Per thread, the gather maps of {@link #toSampleRows} for the shape it last saw (a model
   * transposes one shape per layer, so they are rebuilt rarely): L offsets for each of up to 16
   * phases.
   */
  private static final class PlaneMaps {
    private static final ThreadLocal<PlaneMaps> LOCAL = ThreadLocal.withInitial(PlaneMaps::new);
    private final int[] maps = new int[16 * L];
    private int m = -1;
    private int n = -1;

    static int[] of(int m, int n) {
      PlaneMaps p = LOCAL.get();
      if (p.m != m || p.n != n) {
        p.build(m, n);
      }
      return p.maps;
    }

    private void build(int m, int n) {
      for (int phase = 0; phase < m; phase++) {
        int feature = phase;
        int sample = 0;
        for (int lane = 0; lane < L; lane++) {
          maps[phase * L + lane] = feature * n + sample;
          if (++feature == m) {
            feature = 0;
            sample++;
          }
        }
      }
      this.m = m;
      this.n = n;
    }
  }

  /** STRIDE_MAPS[n][k] = k·n, the lane offsets of every n-th float, for n up to 16. */
  private static final int[][] STRIDE_MAPS = new int[17][];

  static {
    for (int n = 0; n < STRIDE_MAPS.length; n++) {
      STRIDE_MAPS[n] = new int[L];
      for (int k = 0; k < L; k++) {
        STRIDE_MAPS[n][k] = k * n;
      }
    }
  }

  /**
   * Σ of L lanes stored at {@code lanes[off]}, in one fixed order. reduceLanes(ADD) may associate
   * differently once C2 compiles it, and a model's results must not depend on how far the JIT has
   * got. The caller stores the vector: a vector passed to a method C2 does not inline is boxed.
   */
  static float sumLanes(float[] lanes, int off) {
    // four partial sums (lanes k ≡ 0, 1, 2, 3 mod 4): a chain of L dependent adds costs more;
    // L is a power of two of at least MIN_LANES = 4, so the loop reads exactly the L lanes
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    for (int k = 0; k < L; k += 4) {
      s0 += lanes[off + k];
      s1 += lanes[off + k + 1];
      s2 += lanes[off + k + 2];
      s3 += lanes[off + k + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * This thread's buffer for {@link #sumLanes}: room for eight vectors. Fetch it before computing
   * any vector: a vector live across a call that C2 does not inline is boxed (JDK 17).
   */
  static float[] lanes() {
    return LANES.get();
  }

  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[8 * L]);

  @Override
  public void rowSums(float[] d, int dOff, float[] out, int outOff, int p, int m) {
    float[] lanes = lanes();
    for (int i = 0; i < p; i++) {
      int di = dOff + i * m;
      FloatVector s0 = FloatVector.zero(S);
      FloatVector s1 = s0;
      int r = 0;
      for (; r + 2 * L <= m; r += 2 * L) {
        s0 = s0.add(FloatVector.fromArray(S, d, di + r));
        s1 = s1.add(FloatVector.fromArray(S, d, di + r + L));
      }
      if (r + L <= m) {
        s0 = s0.add(FloatVector.fromArray(S, d, di + r));
        r += L;
      }
      s0.add(s1).intoArray(lanes, 0);
      float sum = sumLanes(lanes, 0);
      for (; r < m; r++) {
        sum += d[di + r];
      }
      out[outOff + i] = sum;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Activations.

  @Override
  public void sigmoid(float[] z, float[] a, int length) {
    expRatio(z, 0, a, 0, length, -1f, false, 0f, 1f, 1f); // a = 1 / (e^−z + 1)
  }

  @Override
  public void tanh(float[] z, float[] a, int length) {
    float[] e = scratch(CHUNK);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int start = 0; start < length; start += CHUNK) {
      int end = Math.min(length, start + CHUNK);
      expRatio(z, start, e, 0, end - start, -2f, true, 1f, 0f, 0f); // e = e^−2|z|
      int i = start;
      for (int bound = start + S.loopBound(end - start); i < bound; i += L) {
        // |z| ≥ 0.625: (1 − e)/(1 + e); below: Cephes' odd polynomial; then the sign of z.
        FloatVector x = FloatVector.fromArray(S, z, i);
        FloatVector ax = x.abs();
        FloatVector ev = FloatVector.fromArray(S, e, i - start);
        FloatVector big = one.sub(ev).div(one.add(ev));
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(FloatVector.broadcast(S, -5.70498872745e-3f),
            FloatVector.broadcast(S, 2.06390887954e-2f));
        p = p.fma(x2, FloatVector.broadcast(S, -5.37397155531e-2f));
        p = p.fma(x2, FloatVector.broadcast(S, 1.33314422036e-1f));
        p = p.fma(x2, FloatVector.broadcast(S, -3.33332819422e-1f));
        FloatVector small = p.mul(x2).fma(ax, ax);
        FloatVector r = small.blend(big, ax.compare(VectorOperators.GE, 0.625f));
        r.blend(r.neg(), x.compare(VectorOperators.LT, 0f)).intoArray(a, i);
      }
      for (; i < end; i++) {
        a[i] = (float) Math.tanh(z[i]);
      }
    }
  }

  @Override
  public void relu(float[] z, float[] a, int length) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector zero = FloatVector.zero(S);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, z, i).max(zero).intoArray(a, i);
    }
    for (; i < length; i++) {
      a[i] = Math.max(0f, z[i]);
    }
  }

  @Override
  public void sigmoidBackward(float[] a, float[] delta, int length) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (; i < bound; i += L) {
      FloatVector av = FloatVector.fromArray(S, a, i);
      FloatVector.fromArray(S, delta, i).mul(av.mul(one.sub(av))).intoArray(delta, i);
    }
    for (; i < length; i++) {
      delta[i] *= a[i] * (1f - a[i]);
    }
  }

  @Override
  public void tanhBackward(float[] a, float[] delta, int length) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (; i < bound; i += L) {
      FloatVector av = FloatVector.fromArray(S, a, i);
      FloatVector.fromArray(S, delta, i).mul(one.sub(av.mul(av))).intoArray(delta, i);
    }
    for (; i < length; i++) {
      delta[i] *= 1f - a[i] * a[i];
    }
  }

  @Override
  public void reluBackward(float[] z, float[] delta, int length) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector zero = FloatVector.zero(S);
    for (; i < bound; i += L) {
      VectorMask<Float> positive = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(S, delta, i), positive).intoArray(delta, i);
    }
    for (; i < length; i++) {
      if (!(z[i] > 0f)) {
        delta[i] = 0f;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Losses and softmax.

  @Override
  public float softmaxCrossEntropy(float[] logits, float[] targets, float[] delta, int m, int n) {
    // The loss of a row is −Σ t·(x − max − logSum) = logSum·Σt − Σ t·(x − max).
    float[] e = delta != null ? delta : scratch(m * n);
    double loss = -shiftByRowMax(logits, targets, e, m, n); // e = x − max; returns Σ t·(x − max)
    expRatio(e, 0, e, 0, m * n, 1f, false, 1f, 0f, 0f);
    float[] lanes = lanes();
    float invM = 1f / m;
    int bound = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int row = i * n;
      float sum = rowSum(e, row, n, bound, lanes);
      float ts = rowSum(targets, row, n, bound, lanes);
      loss += ts * Math.log(sum);
      if (delta != null) {
        float scale = invM / sum;
        FloatVector scaleV = FloatVector.broadcast(S, scale);
        FloatVector invMV = FloatVector.broadcast(S, invM);
        int j = 0;
        for (; j < bound; j += L) {
          FloatVector t = FloatVector.fromArray(S, targets, row + j);
          FloatVector.fromArray(S, e, row + j).mul(scaleV).sub(t.mul(invMV))
              .intoArray(delta, row + j);
        }
        for (; j < n; j++) {
          delta[row + j] = e[row + j] * scale - targets[row + j] * invM;
        }
      }
    }
    return (float) (loss / m);
  }

  /**
   * out = x − rowMax(x) for each row of the m×n matrix x ({@code out} may be {@code x}); returns
   * Σ targets·(x − rowMax), or 0 when {@code targets} is null. (Two loops rather than a
   * conditional vector update: a vector merged at a branch is boxed by C2 on JDK 17.)
   */
  private static double shiftByRowMax(float[] x, float[] targets, float[] out, int m, int n) {
    float[] lanes = lanes();
    int bound = S.loopBound(n);
    double tx = 0;
    for (int i = 0; i < m; i++) {
      int row = i * n;
      float max = rowMax(x, row, n, bound);
      FloatVector maxV = FloatVector.broadcast(S, max);
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(S, x, row + j).sub(maxV).intoArray(out, row + j);
      }
      for (; j < n; j++) {
        out[row + j] = x[row + j] - max;
      }
      if (targets != null) {
        tx += dot(out, targets, row, n, bound, lanes);
      }
    }
    return tx;
  }

  /**
   * Σ x[off + j]·y[off + j] over j &lt; n; rows narrower than a vector (n &lt; L, e.g. 10 classes)
   * skip the vector part, whose lane sum would cost more than the row.
   */
  private static float dot(float[] x, float[] y, int off, int n, int bound, float[] lanes) {
    float r = 0f;
    int j = 0;
    if (bound > 0) {
      FloatVector s = FloatVector.fromArray(S, x, off).mul(FloatVector.fromArray(S, y, off));
      for (j = L; j < bound; j += L) {
        s = FloatVector.fromArray(S, x, off + j).fma(FloatVector.fromArray(S, y, off + j), s);
      }
      s.intoArray(lanes, 0);
      r = sumLanes(lanes, 0);
    }
    for (; j < n; j++) {
      r += x[off + j] * y[off + j];
    }
    return r;
  }

  /** Σ x[off + j] over j &lt; n, as {@link #dot}. */
  private static float rowSum(float[] x, int off, int n, int bound, float[] lanes) {
    float r = 0f;
    int j = 0;
    if (bound > 0) {
      FloatVector s = FloatVector.fromArray(S, x, off);
      for (j = L; j < bound; j += L) {
        s = s.add(FloatVector.fromArray(S, x, off + j));
      }
      s.intoArray(lanes, 0);
      r = sumLanes(lanes, 0);
    }
    for (; j < n; j++) {
      r += x[off + j];
    }
    return r;
  }

  private static float rowMax(float[] x, int row, int n, int bound) {
    float max = Float.NEGATIVE_INFINITY;
    int j = 0;
    if (bound > 0) {
      FloatVector mv = FloatVector.fromArray(S, x, row);
      for (j = L; j < bound; j += L) {
        mv = mv.max(FloatVector.fromArray(S, x, row + j));
      }
      max = mv.reduceLanes(VectorOperators.MAX);
    }
    for (; j < n; j++) {
      max = Math.max(max, x[row + j]);
    }
    return max;
  }

  @Override
  public float sigmoidBinaryCrossEntropy(float[] z, float[] a, float[] targets, float[] delta,
      int m, int n) {
    float[] lanes = lanes();
    int length = m * n;
    float invM = 1f / m;
    int bound = S.loopBound(length);
    FloatVector zero = FloatVector.zero(S);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector invMV = FloatVector.broadcast(S, invM);
    FloatVector lossV = zero;
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector zv = FloatVector.fromArray(S, z, i);
      FloatVector t = FloatVector.fromArray(S, targets, i);
      FloatVector av = FloatVector.fromArray(S, a, i);
      // max(z, 0) − z·y + log(1 + e) with e = e^−|z|, from the given a = σ(z), no exp:
      // σ(|z|) = max(a, 1 − a) = 1/(1 + e), so s = e/(2 + e) = (1 − σ(|z|))/(1 + σ(|z|)) ≤ 1/3,
      // and log(1 + e) = 2·atanh(s), a series to s¹⁵
      FloatVector aAbs = av.max(one.sub(av));
      FloatVector sv = one.sub(aAbs).div(one.add(aAbs));
      FloatVector s2 = sv.mul(sv);
      FloatVector q = s2.fma(FloatVector.broadcast(S, 1f / 15),
          FloatVector.broadcast(S, 1f / 13));
      q = q.fma(s2, FloatVector.broadcast(S, 1f / 11));
      q = q.fma(s2, FloatVector.broadcast(S, 1f / 9));
      q = q.fma(s2, FloatVector.broadcast(S, 1f / 7));
      q = q.fma(s2, FloatVector.broadcast(S, 1f / 5));
      q = q.fma(s2, FloatVector.broadcast(S, 1f / 3));
      q = q.fma(s2, one);
      FloatVector log1p = q.mul(sv).mul(2f);
      lossV = lossV.add(zv.max(zero).sub(zv.mul(t)).add(log1p));
      if (delta != null) {
        av.sub(t).mul(invMV).intoArray(delta, i);
      }
    }
    lossV.intoArray(lanes, 0);
    double loss = sumLanes(lanes, 0)
        + ScalarKernels.binaryCrossEntropyTerms(z, a, targets, delta, i, length, invM);
    return (float) (loss / m);
  }

  @Override
  public float meanSquaredError(float[] a, float[] targets, float[] delta, int m, int n) {
    float[] lanes = lanes();
    int length = m * n;
    float scale = 2f / (m * n);
    int bound = S.loopBound(length);
    FloatVector scaleV = FloatVector.broadcast(S, scale);
    FloatVector s0 = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector d = FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, targets, i));
      s0 = d.fma(d, s0);
      if (delta != null) {
        d.mul(scaleV).intoArray(delta, i);
      }
    }
    s0.intoArray(lanes, 0);
    double loss = sumLanes(lanes, 0);
    for (; i < length; i++) {
      float d = a[i] - targets[i];
      loss += (double) d * d;
      if (delta != null) {
        delta[i] = d * scale;
      }
    }
    return (float) (loss / ((double) m * n));
  }

  @Override
  public void softmax(float[] z, float[] p, int m, int n) {
    shiftByRowMax(z, null, p, m, n);
    expRatio(p, 0, p, 0, m * n, 1f, false, 1f, 0f, 0f);
    int bound = S.loopBound(n);
    float[] lanes = lanes();
    for (int i = 0; i < m; i++) {
      int row = i * n;
      float sum = rowSum(p, row, n, bound, lanes);
      float inv = 1f / sum;
      FloatVector invV = FloatVector.broadcast(S, inv);
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(S, p, row + j).mul(invV).intoArray(p, row + j);
      }
      for (; j < n; j++) {
        p[row + j] *= inv;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Optimizers (same operation order as the scalar kernels, no FMA contraction).

  @Override
  public void sgd(float[] params, float[] grads, int length, float lr, float weightDecay) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector lrV = FloatVector.broadcast(S, lr);
    FloatVector wdV = FloatVector.broadcast(S, weightDecay);
    for (; i < bound; i += L) {
      FloatVector p = FloatVector.fromArray(S, params, i);
      FloatVector g = FloatVector.fromArray(S, grads, i);
      p.sub(lrV.mul(g.add(wdV.mul(p)))).intoArray(params, i);
    }
    for (; i < length; i++) {
      params[i] -= lr * (grads[i] + weightDecay * params[i]);
    }
  }

  @Override
  public void adam(float[] params, float[] grads, float[] m, float[] v, int length, float lr,
      float beta1, float beta2, float epsilon, float c1, float c2, float weightDecay) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector b1 = FloatVector.broadcast(S, beta1);
    FloatVector b2 = FloatVector.broadcast(S, beta2);
    FloatVector ob1 = FloatVector.broadcast(S, 1f - beta1);
    FloatVector ob2 = FloatVector.broadcast(S, 1f - beta2);
    FloatVector c1V = FloatVector.broadcast(S, c1);
    FloatVector c2V = FloatVector.broadcast(S, c2);
    FloatVector epsV = FloatVector.broadcast(S, epsilon);
    FloatVector lrV = FloatVector.broadcast(S, lr);
    FloatVector wdV = FloatVector.broadcast(S, weightDecay);
    for (; i < bound; i += L) {
      FloatVector g = FloatVector.fromArray(S, grads, i);
      FloatVector mv = b1.mul(FloatVector.fromArray(S, m, i)).add(ob1.mul(g));
      FloatVector vv = b2.mul(FloatVector.fromArray(S, v, i)).add(ob2.mul(g).mul(g));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      FloatVector p = FloatVector.fromArray(S, params, i);
      FloatVector step = mv.div(c1V).div(vv.div(c2V).sqrt().add(epsV)).add(wdV.mul(p));
      p.sub(lrV.mul(step)).intoArray(params, i);
    }
    for (; i < length; i++) {
      float g = grads[i];
      m[i] = beta1 * m[i] + (1f - beta1) * g;
      v[i] = beta2 * v[i] + (1f - beta2) * g * g;
      float mHat = m[i] / c1;
      float vHat = v[i] / c2;
      params[i] -= lr * (mHat / ((float) Math.sqrt(vHat) + epsilon) + weightDecay * params[i]);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Vector math: Cephes-style single-precision exp, tanh and log1p on [0, 1].

  private static final float EXP_HI = 88.0f;
  private static final float EXP_LO = -87.0f;
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer. */
  private static final float ROUND_MAGIC = 12582912f;
  private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);

  /** Element-wise kernels that need a temporary work through it in chunks of this size. */
  private static final int CHUNK = 64 * 16;

  /**
   * dst[dstOff + i] = (a·e + b) / (c·e + 1) with e = e^(scale·x), x = |src[srcOff + i]| if
   * {@code abs} else src[srcOff + i], for i in [0, length); {@code dst} may be {@code src} at the
   * same offset. (1, 0, 0) gives e itself, (0, 1, 1) the sigmoid 1 / (e + 1): one pass for both,
   * without a branch on the mode (a vector merged at a branch is boxed on JDK 17) and without a
   * helper returning a vector (C2 may not inline it on JDK 17, and then every vector is boxed).
   * The exponential is Cephes' expf: round x·log₂e to n, r = x − n·ln2 in two parts, a degree-6
   * polynomial, times 2ⁿ built in the exponent bits; relative error of a few ulp on [−87, 88],
   * clamped outside.
   */
  static void expRatio(float[] src, int srcOff, float[] dst, int dstOff, int length, float scale,
      boolean abs, float a, float b, float c) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector scaleV = FloatVector.broadcast(S, scale);
    int signMask = abs ? 0x7fffffff : 0xffffffff;
    FloatVector lo = FloatVector.broadcast(S, EXP_LO);
    FloatVector hi = FloatVector.broadcast(S, EXP_HI);
    FloatVector log2e = FloatVector.broadcast(S, LOG2E);
    FloatVector magic = FloatVector.broadcast(S, ROUND_MAGIC);
    FloatVector ln2Hi = FloatVector.broadcast(S, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(S, -LN2_LO);
    FloatVector p0 = FloatVector.broadcast(S, 1.9875691500e-4f);
    FloatVector p1 = FloatVector.broadcast(S, 1.3981999507e-3f);
    FloatVector p2 = FloatVector.broadcast(S, 8.3334519073e-3f);
    FloatVector p3 = FloatVector.broadcast(S, 4.1665795894e-2f);
    FloatVector p4 = FloatVector.broadcast(S, 1.6666665459e-1f);
    FloatVector p5 = FloatVector.broadcast(S, 5.0000001201e-1f);
    FloatVector aV = FloatVector.broadcast(S, a);
    FloatVector bV = FloatVector.broadcast(S, b);
    FloatVector cV = FloatVector.broadcast(S, c);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (; i < bound; i += L) {
      // |x| by clearing the sign bit (no branch: a vector merged at a branch is boxed on JDK 17)
      FloatVector x = FloatVector.fromArray(S, src, srcOff + i).reinterpretAsInts().and(signMask)
          .reinterpretAsFloats().mul(scaleV);
      // clamp by compare and blend: max/min would add Java's NaN and −0 rules (several
      // instructions each); a NaN compares false and stays NaN
      x = x.blend(lo, x.compare(VectorOperators.LT, lo))
          .blend(hi, x.compare(VectorOperators.GT, hi));
      FloatVector t = x.fma(log2e, magic);
      FloatVector nf = t.sub(magic);
      IntVector pow2 = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS - 127)
          .lanewise(VectorOperators.LSHL, 23);
      FloatVector r = nf.fma(ln2Hi, x);
      r = nf.fma(ln2Lo, r);
      FloatVector y = r.fma(p0, p1);
      y = y.fma(r, p2);
      y = y.fma(r, p3);
      y = y.fma(r, p4);
      y = y.fma(r, p5);
      y = y.mul(r.mul(r)).add(r).add(1f);
      FloatVector e = y.mul(pow2.reinterpretAsFloats());
      e.fma(aV, bV).div(e.fma(cV, one)).intoArray(dst, dstOff + i);
    }
    for (; i < length; i++) {
      float x = abs ? Math.abs(src[srcOff + i]) : src[srcOff + i];
      // clamped like the lanes, so c·e stays finite and 0·e is 0
      float e = (float) Math.exp(Math.max(EXP_LO, Math.min(EXP_HI, scale * x)));
      dst[dstOff + i] = (a * e + b) / (c * e + 1f);
    }
  }

  /** v·0 is ±0 for finite v and NaN for NaN or ±∞, so the sum of those stays 0 iff all are finite. */
  @Override
  public boolean allFinite(float[] values, int length) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector s0 = zero; // four sums hide the FMA latency
    FloatVector s1 = zero;
    FloatVector s2 = zero;
    FloatVector s3 = zero;
    int i = 0;
    for (; i + 4 * L <= length; i += 4 * L) {
      s0 = FloatVector.fromArray(S, values, i).fma(zero, s0);
      s1 = FloatVector.fromArray(S, values, i + L).fma(zero, s1);
      s2 = FloatVector.fromArray(S, values, i + 2 * L).fma(zero, s2);
      s3 = FloatVector.fromArray(S, values, i + 3 * L).fma(zero, s3);
    }
    for (; i + L <= length; i += L) {
      s0 = FloatVector.fromArray(S, values, i).fma(zero, s0);
    }
    float total = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD); // 0 or NaN
    for (; i < length; i++) {
      total += values[i] * 0f;
    }
    return total == 0f;
  }

  /** Per-thread grow-only scratch for the element-wise kernels. */
  private static float[] scratch(int size) {
    return PanamaGemm.Scratch.get().elementwise(size);
  }
}
