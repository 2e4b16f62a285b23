package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.PackedGemm.KC;
import static dev.nabla.internal.kernel.PackedGemm.MR;
import static dev.nabla.internal.kernel.VectorLanes.L;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Runs every code path of the vector kernels on small inputs until C2 has compiled it, so that
 * the first real calls are neither slow nor allocating (vector code runs boxed until then).
 */
final class PanamaWarmUp {
  private final KernelSupport kernels;
  /** The worker of {@code kernels}, or null for one thread: the 2-thread hand-off is warmed too. */
  private final GemmWorker pool;

  PanamaWarmUp(KernelSupport kernels, GemmWorker pool) {
    this.kernels = kernels;
    this.pool = pool;
  }

  /** Warms up, then keeps the kernels hot until the JIT is idle (see {@link #awaitIdleJit}). */
  void run() {
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
  void run(int rounds) {
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
        (KC + 8) * (2 * L + 8), SPLIT_M * SPLIT_K, SPLIT_K * SPLIT_N,
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
        {2 * MR + 3, 2 * L + 5, 2 * L + 3}, {19, 9, L / 2 + 1}, {1, 2 * L + 1, w.big},
        {3, 2 * L + 1, 3 * L + 5}, {21, 2 * L + 3, L + 2}, {2, 2 * L + 1, L / 2 + 1}};
    // inner dimension above one K block, so the micro-kernels' accumulate mode runs too: never
    // taken here, it trapped at the first real 784-deep product, which then ran boxed for
    // the better part of a second
    int[] deep = {2 * MR + 3, KC + 5, 2 * L + 3};
    int[] kept = shapes[0]; // a packed product with W kept: seen, packed into the panels, reused
    PackedWeights packed =
        new PackedWeights(kept[1], kept[2], kernels.weightPanels(kept[1], kept[2]));
    for (int r = 0; r < rounds; r++) {
      if (r % 3 == 0) {
        packed.invalidate();
      }
      kernels.matmul(w.a, 1, w.b, 2, packed, w.b, 3, w.c, 0, kept[0], kept[1], kept[2]);
      for (int[] s : shapes) {
        kernels.matmul(w.a, 1, w.b, 2, w.b, 3, w.c, 0, s[0], s[1], s[2]);
        kernels.matmulTransposeA(w.a, 1, w.b, 2, w.c, 0, s[1], s[0], s[2]);
        kernels.matmulTransposeB(w.a, 1, w.b, 2, w.c, 0, s[0], s[1], s[2]);
      }
      if (r % 8 == 0) {
        kernels.matmul(w.a, 1, w.b, 2, w.b, 3, w.c, 0, deep[0], deep[1], deep[2]);
        kernels.matmulTransposeA(w.a, 1, w.b, 2, w.c, 0, deep[1], deep[0], deep[2]);
        kernels.matmulTransposeB(w.a, 1, w.b, 2, w.c, 0, deep[0], deep[1], deep[2]);
      }
    }
    warmUpReduced(w, rounds);
    if (pool != null) {
      int m = WarmUpData.SPLIT_M;
      int k = WarmUpData.SPLIT_K;
      int n = WarmUpData.SPLIT_N;
      PackedWeights shared = new PackedWeights(k, n, kernels.weightPanels(k, n));
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
   * Products with int8 and float16 weights: one row over every pass of {@link ReducedRowKernels}
   * (int8: 16, 4 and 1 vectors; float16: two runs, one run, low halves), batches through the
   * packed path (one and two K blocks) and through the row-major widening.
   */
  private void warmUpReduced(WarmUpData w, int rounds) {
    int[][] shapes = { // in, units, rows
        {2 * L + 5, 20 * L + 1, 1}, {2 * L + 5, L + 3, 1}, {2 * L + 5, 2 * L + 3, 2 * MR + 3},
        {KC + 5, 2 * L + 3, MR}, {2 * L + 5, L / 2 + 1, 2 * MR + 3}};
    ReducedWeights[] weights = new ReducedWeights[2 * shapes.length];
    for (int s = 0; s < shapes.length; s++) {
      int in = shapes[s][0];
      int units = shapes[s][1];
      weights[2 * s] = Int8Weights.quantize(kernels, w.b, 0, w.b, 1, in, units, 0f);
      weights[2 * s + 1] = Float16Weights.round(kernels, w.b, 0, w.b, 1, in, units);
    }
    for (int r = 0; r < rounds; r++) {
      for (int s = 0; s < weights.length; s++) {
        weights[s].multiply(w.a, 1, shapes[s / 2][2], w.c, 0);
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
    kernels.sigmoid(a, c, length);
    kernels.tanh(a, c, length);
    kernels.relu(a, c, length);
    System.arraycopy(b, 0, d, 0, length);
    kernels.sigmoidBackward(c, d, length);
    kernels.tanhBackward(c, d, length);
    kernels.reluBackward(a, d, length);
    kernels.columnSums(a, 0, c, 0, rows, n);
    kernels.featureMajorProduct(a, 0, 1, rows, bias, 0, b, 0, c, 0, 4, rows, n);
    kernels.featureMajorWeightGradient(a, 0, b, 0, c, 0, rows, 4, n);
    kernels.rowSums(a, 0, c, 0, rows, n);
    kernels.transpose(a, 0, rows, n, c, 0);
    kernels.transpose(a, 0, n, rows, c, 0);
    kernels.allFinite(a, length);
    kernels.softmax(a, c, rows, n);
    kernels.softmaxCrossEntropy(a, b, delta, rows, n);
    kernels.sigmoidBinaryCrossEntropy(a, c, b, delta, rows, n);
    kernels.meanSquaredError(c, b, delta, rows, n);
    System.arraycopy(a, 0, e, 0, length);
    kernels.sgd(e, b, 1, length - 1, 1e-3f, optionalOperands ? 1e-4f : 0f);
    kernels.adam(e, b, c, d, 1, length - 1, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f,
        optionalOperands ? 1e-4f : 0f);
  }
}
