package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential tests of the Panama GEMMs against {@link ScalarKernels}: every (M, K, N) of the
 * product C (M×N) = A′ (M×K) · B′ (K×N) with each dimension in 1 … 2·lanes+1 in all three layouts,
 * then the real shapes of the sample models and K-blocking shapes, with nonzero offsets, slack or
 * no slack after each slice, NaN-filled outputs (they must be overwritten) and sentinels around
 * the output slice (they must survive). Tolerance: 1e-6·(K+1)·Σp|A′||B′| per element, which is
 * about 8× the worst-case float rounding bound of the two implementations together.
 */
class GemmDifferentialTest {
  static final float SENTINEL = 12345.5f;

  /** The three layouts, driven through the dimensions of the logical product C = A′·B′. */
  enum Layout {
    NN {
      @Override
      void call(KernelSupport ks, Problem p) {
        ks.matmul(p.a, p.aOff, p.b, p.bOff, p.bias, p.biasOff, p.c, p.cOff, p.m, p.k, p.n);
      }

      @Override
      float aAt(Problem p, int i, int q) {
        return p.a[p.aOff + i * p.k + q];
      }

      @Override
      float bAt(Problem p, int q, int j) {
        return p.b[p.bOff + q * p.n + j];
      }
    },
    /** C (M×N) = Aᵀ·B with A stored K×M and B stored K×N. */
    TN {
      @Override
      void call(KernelSupport ks, Problem p) {
        ks.matmulTransposeA(p.a, p.aOff, p.b, p.bOff, p.c, p.cOff, p.k, p.m, p.n);
      }

      @Override
      float aAt(Problem p, int i, int q) {
        return p.a[p.aOff + q * p.m + i];
      }

      @Override
      float bAt(Problem p, int q, int j) {
        return p.b[p.bOff + q * p.n + j];
      }
    },
    /** C (M×N) = A·Bᵀ with A stored M×K and B stored N×K. */
    NT {
      @Override
      void call(KernelSupport ks, Problem p) {
        ks.matmulTransposeB(p.a, p.aOff, p.b, p.bOff, p.c, p.cOff, p.m, p.k, p.n);
      }

      @Override
      float aAt(Problem p, int i, int q) {
        return p.a[p.aOff + i * p.k + q];
      }

      @Override
      float bAt(Problem p, int q, int j) {
        return p.b[p.bOff + j * p.k + q];
      }
    };

    abstract void call(KernelSupport ks, Problem p);

    abstract float aAt(Problem p, int i, int q);

    abstract float bAt(Problem p, int q, int j);
  }

  /** Operands of one product; m, k, n are the dimensions of C = A′·B′ (C is m×n). */
  static final class Problem {
    final int m;
    final int k;
    final int n;
    final float[] a;
    final int aOff;
    final float[] b;
    final int bOff;
    final float[] bias;
    final int biasOff;
    final float[] c;
    final int cOff;

    Problem(SplittableRandom rnd, Layout layout, int m, int k, int n, boolean withBias) {
      this.m = m;
      this.k = k;
      this.n = n;
      aOff = rnd.nextInt(4);
      bOff = rnd.nextInt(4);
      cOff = rnd.nextInt(4);
      biasOff = rnd.nextInt(4);
      a = random(rnd, aOff + m * k + slack(rnd));
      b = random(rnd, bOff + k * n + slack(rnd));
      bias = withBias && layout == Layout.NN ? random(rnd, biasOff + n + slack(rnd)) : null;
      c = new float[cOff + m * n + slack(rnd)];
    }

    /** Zero slack half of the time, so vector accesses must not run past the slice end. */
    private static int slack(SplittableRandom rnd) {
      return rnd.nextBoolean() ? 0 : rnd.nextInt(1, 20);
    }

    void resetOutput() {
      Arrays.fill(c, SENTINEL);
      Arrays.fill(c, cOff, cOff + m * n, Float.NaN);
    }
  }

  static float[] random(SplittableRandom rnd, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rnd.nextDouble(-1, 1);
    }
    return x;
  }

  /** Runs the product with both implementations and compares. */
  static void check(KernelSupport panama, Layout layout, Problem p, String what) {
    p.resetOutput();
    layout.call(ScalarKernels.INSTANCE, p);
    float[] expected = p.c.clone();
    p.resetOutput();
    layout.call(panama, p);
    compare(p, expected, tolerances(layout, p), p.c, what);
  }

  /** 1e-6·(K+1)·(|bias_j| + Σq|A′(i,q)·B′(q,j)|) per element of C. */
  static double[] tolerances(Layout layout, Problem p) {
    int m = p.m;
    int k = p.k;
    int n = p.n;
    double[] absA = new double[m * k];
    double[] absB = new double[k * n];
    for (int i = 0; i < m; i++) {
      for (int q = 0; q < k; q++) {
        absA[i * k + q] = Math.abs(layout.aAt(p, i, q));
      }
    }
    for (int q = 0; q < k; q++) {
      for (int j = 0; j < n; j++) {
        absB[q * n + j] = Math.abs(layout.bAt(p, q, j));
      }
    }
    double[] tol = new double[m * n];
    for (int i = 0; i < m; i++) {
      int row = i * n;
      for (int q = 0; q < k; q++) {
        double x = absA[i * k + q];
        int bq = q * n;
        for (int j = 0; j < n; j++) {
          tol[row + j] += x * absB[bq + j];
        }
      }
      for (int j = 0; j < n; j++) {
        double bias = p.bias == null ? 0 : Math.abs(p.bias[p.biasOff + j]);
        tol[row + j] = 1e-6 * (k + 1) * (tol[row + j] + bias) + 1e-30;
      }
    }
    return tol;
  }

  static void compare(Problem p, float[] expected, double[] tol, float[] actual, String what) {
    for (int x = 0; x < actual.length; x++) {
      if (x < p.cOff || x >= p.cOff + p.m * p.n) {
        if (actual[x] != SENTINEL) {
          fail(what + ": wrote outside C at index " + x + " (C at " + p.cOff + ", length "
              + p.m * p.n + ", array " + actual.length + ")");
        }
      }
    }
    for (int i = 0; i < p.m; i++) {
      for (int j = 0; j < p.n; j++) {
        int x = p.cOff + i * p.n + j;
        float e = expected[x];
        float v = actual[x];
        double t = tol[i * p.n + j];
        if (!(Math.abs(e - v) <= t)) {
          fail(what + ": C(" + i + "," + j + ") = " + v + ", scalar " + e + ", tolerance " + t);
        }
      }
    }
  }

  /**
   * Every (M, N) in 1 … 2L+1 squared with K from {1, 2, L−1, L, L+1, 2L, 2L+1}, and every K in
   * 1 … 2L+1 with (M, N) pairs that hit each kernel's edge cases (the full cube takes too long
   * in the interpreter before C2 has compiled the kernels).
   */
  @ParameterizedTest
  @EnumSource(Layout.class)
  void everyTailShape(Layout layout) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    int lanes = VectorSupport.lanes();
    int max = 2 * lanes + 1;
    SplittableRandom rnd = new SplittableRandom(42 + layout.ordinal());
    int[] ks = {1, 2, lanes - 1, lanes, lanes + 1, 2 * lanes, max};
    for (int m = 1; m <= max; m++) {
      for (int n = 1; n <= max; n++) {
        for (int k : ks) {
          checkShape(panama, layout, rnd, m, k, n);
        }
      }
    }
    int[] mn = {1, 2, 3, 4, 5, lanes - 1, lanes, lanes + 1, 2 * lanes, max};
    for (int k = 1; k <= max; k++) {
      for (int m : mn) {
        for (int n : mn) {
          checkShape(panama, layout, rnd, m, k, n);
        }
      }
    }
  }

  private static void checkShape(KernelSupport panama, Layout layout, SplittableRandom rnd,
      int m, int k, int n) {
    Problem p = new Problem(rnd, layout, m, k, n, rnd.nextBoolean());
    check(panama, layout, p, layout + " " + m + "×" + k + "·" + k + "×" + n
        + (p.bias != null ? " + bias" : ""));
  }

  /**
   * (M, K, N) of C = A′·B′: the sample models' products, batch 1, K blocking (two K blocks and a
   * short last panel of rows: {20, KC + 76, 40}), odd sizes.
   */
  static final int[][] REAL_SHAPES = {
      {256, 784, 256}, {256, 256, 10}, {784, 256, 256}, {256, 256, 784}, {256, 10, 256},
      {1, 784, 256}, {1, 256, 10}, {3, 784, 256}, {2, 256, 10}, {10, 256, 256},
      {800, 2, 3}, {800, 3, 3}, {800, 3, 4}, {683, 9, 5}, {683, 5, 2}, {3, 800, 4}, {2, 800, 3},
      {9, 683, 5}, {800, 4, 3}, {683, 2, 5}, {37, 513, 45}, {5, 300, 33}, {9, 257, 17},
      {33, 520, 70}, {70, 31, 130}, {128, 64, 7}, {100, 100, 100}, {63, 1000, 12},
      {1, 50, 300}, {1, 33, 531}, {1, 7, 512}, {9, 41, 261}, {20, PackedGemm.KC + 76, 40},
  };

  @ParameterizedTest
  @EnumSource(Layout.class)
  void realShapes(Layout layout) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(7 + layout.ordinal());
    for (int[] s : REAL_SHAPES) {
      for (boolean bias : new boolean[] {false, true}) {
        Problem p = new Problem(rnd, layout, s[0], s[1], s[2], bias);
        check(panama, layout, p, layout + " " + Arrays.toString(s) + (bias ? " + bias" : ""));
      }
    }
  }

  /**
   * Batch 1 skips the zero inputs (+0 and −0) of wide products, and batch 1 to 7 take the narrow
   * path: A′ all zeros, none, every other one, a random two thirds (an image's background) and
   * runs of 40, against the scalar product over every p.
   */
  @ParameterizedTest
  @EnumSource(Layout.class)
  void smallBatchesWithZeroInputs(Layout layout) {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(5 + layout.ordinal());
    int[][] shapes = {{1, 784, 256}, {1, 256, 10}, {1, 33, 531}, {1, 50, 300}, {1, 7, 512},
        {1, 41, 17}, {3, 41, 10}, {7, 300, 5}, {2, 256, 10}};
    for (int[] s : shapes) {
      for (int pattern = 0; pattern < 5; pattern++) {
        Problem p = new Problem(rnd, layout, s[0], s[1], s[2], pattern % 2 == 0);
        for (int x = 0; x < p.m * p.k; x++) {
          boolean zero = switch (pattern) {
            case 0 -> true;
            case 1 -> false;
            case 2 -> x % 2 == 0;
            case 3 -> rnd.nextInt(3) > 0;
            default -> x / 20 % 3 != 0; // runs of 40 zeros, so whole vectors of them, and 20 not
          };
          if (zero) {
            p.a[p.aOff + x] = x % 3 == 0 ? -0f : 0f; // −0 counts as zero too
          }
        }
        check(panama, layout, p, layout + " " + Arrays.toString(s) + " zero pattern " + pattern);
      }
    }
  }

  @Test
  void zeroInnerDimensionGivesBiasOrZero() {
    KernelSupport panama = VectorSupport.panama(1, Long.MAX_VALUE);
    SplittableRandom rnd = new SplittableRandom(3);
    for (Layout layout : Layout.values()) {
      Problem p = new Problem(rnd, layout, 5, 0, 19, true);
      check(panama, layout, p, layout + " k = 0");
    }
  }

  /** Forces the second thread on every packed product (threshold 0) and repeats to catch races. */
  @Test
  void twoThreadsMatchScalar() {
    PanamaKernels panama = (PanamaKernels) VectorSupport.panama(2, 0);
    SplittableRandom rnd = new SplittableRandom(11);
    int[][] shapes = {{256, 784, 256}, {784, 256, 256}, {256, 256, 784}, {100, 100, 100},
        {37, 513, 45}, {8, 40, 200}, {33, 17, 129}};
    for (Layout layout : Layout.values()) {
      for (int[] s : shapes) {
        Problem p = new Problem(rnd, layout, s[0], s[1], s[2], true);
        p.resetOutput();
        layout.call(ScalarKernels.INSTANCE, p);
        float[] expected = p.c.clone();
        double[] tol = tolerances(layout, p);
        for (int rep = 0; rep < 15; rep++) {
          p.resetOutput();
          layout.call(panama, p);
          compare(p, expected, tol, p.c, "2 threads, rep " + rep + ", " + layout + " "
              + Arrays.toString(s));
        }
      }
    }
    assertNotNull(panama.workerThread(), "the worker thread was never started");
    assertEquals(2, panama.threads());
  }

  /**
   * Two threads share out the output's tiles; each entry is still the same sums added in the same
   * order as on one thread, so a product gives the same bits on one thread or two.
   */
  @Test
  void oneAndTwoThreadsGiveTheSameBits() {
    KernelSupport one = VectorSupport.panama(1, 0);
    KernelSupport two = VectorSupport.panama(2, 0);
    SplittableRandom rnd = new SplittableRandom(12);
    int[][] shapes = {{256, 784, 256}, {784, 256, 256}, {256, 600, 130}, {37, 513, 45},
        {64, 1000, 64}};
    for (Layout layout : Layout.values()) {
      for (int[] s : shapes) {
        Problem p = new Problem(rnd, layout, s[0], s[1], s[2], true);
        p.resetOutput();
        layout.call(one, p);
        float[] single = p.c.clone();
        p.resetOutput();
        layout.call(two, p);
        assertBitsEqual(single, p.c, layout + " " + Arrays.toString(s) + " on two threads");
      }
    }
  }

  /**
   * X·W with W kept packed gives the bits of the plain product at its first use (W packed into
   * scratch), its second (into the kept panels) and later ones (panels reused), on one thread and
   * two; and the panels really are reused: W changed in place without
   * {@link PackedWeights#invalidate()} still gives the old product, after it the new one, and
   * another array is not mistaken for W. Shapes: packed paths with 1–4 K blocks and edge panels,
   * and shapes that never read the panels (batch below MR, narrow outputs).
   */
  @Test
  void packedWeightsGiveTheSameBitsAndAreReused() {
    SplittableRandom rnd = new SplittableRandom(13);
    int[][] shapes = {{256, 784, 256}, {64, 300, 130}, {37, 513, 45}, {2 * PackedGemm.MR, 40, 200},
        {3, 784, 256}, {64, 100, 10}, {64, 100, 2 * PackedGemm.NR},
        {2 * PackedGemm.MR + 1, 2 * VectorLanes.L + 1, PackedGemm.NR + 1}};
    for (int threads = 1; threads <= 2; threads++) {
      KernelSupport panama = VectorSupport.panama(threads, 0);
      for (int[] s : shapes) {
        String what = threads + " thread(s), " + Arrays.toString(s);
        int m = s[0];
        int k = s[1];
        int n = s[2];
        Problem p = new Problem(rnd, Layout.NN, m, k, n, true);
        PackedWeights packed = new PackedWeights(k, n, panama.weightPanels(k, n));
        float[] before = product(panama, p, null);
        for (String use : new String[] {"first", "second", "third"}) {
          assertBitsEqual(before, product(panama, p, packed), what + ", " + use + " use of W");
        }
        float[] original = p.b.clone();
        for (int i = p.bOff; i < p.bOff + k * n; i++) {
          p.b[i] = -p.b[i];
        }
        float[] after = product(panama, p, null);
        boolean panelsUsed = m >= PackedGemm.MR && packed.hasStorage();
        assertBitsEqual(panelsUsed ? before : after, product(panama, p, packed),
            what + ", W changed, not invalidated");
        packed.invalidate();
        assertBitsEqual(after, product(panama, p, packed), what + ", W changed, invalidated");
        assertBitsEqual(after, product(panama, p, packed), what + ", changed W packed");
        float[] copy = original.clone();
        assertBitsEqual(before, productOf(panama, p, copy, packed), what + ", another array");
      }
    }
  }

  @Test
  void packedWeightsHaveStorageExactlyWhenTheProductPacksW() {
    KernelSupport panama = VectorSupport.panama(1, 0);
    int lanes = VectorSupport.lanes();
    int panel = 2 * lanes; // columns of a B panel
    // a batch of at least 8 rows packs W when the outputs are wider than one panel; narrower
    // ones go through the tiny-output or dot-product kernels, which read W as it is
    for (int n : new int[] {1, lanes - 1, lanes, lanes + 1, panel, panel + 1, 2 * panel + 1, 10,
        256}) {
      float[] panels = panama.weightPanels(784, n);
      if (n > panel) {
        assertNotNull(panels, "784×" + n + " is packed with " + lanes + " lanes");
        assertEquals(784 * ((n + panel - 1) / panel) * panel, panels.length,
            "784×" + n + ": whole zero-padded panels of " + panel + " columns");
      } else {
        assertNull(panels == null ? null : panels.length + " floats of panels",
            "784×" + n + " is not packed with " + lanes + " lanes");
      }
    }
    assertNull(ScalarKernels.INSTANCE.weightPanels(784, 256), "the scalar kernels never pack");
  }

  @Test
  void keptWeightsOfAnotherShapeAreRefused() {
    PackedWeights packed = KernelOps.packedWeights(784, 256);
    float[] x = new float[8 * 784];
    float[] w = new float[784 * 256];
    float[] c = new float[8 * 256];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelOps.matmul(x, 0, w, 0, packed, null, 0, c, 0, 8, 256, 784));
    assertEquals("packed holds a 784×256 matrix, not 256×784", e.getMessage());
    assertThrows(NullPointerException.class,
        () -> KernelOps.matmul(x, 0, w, 0, null, null, 0, c, 0, 8, 784, 256));
    assertThrows(IllegalArgumentException.class, () -> KernelOps.packedWeights(-1, 3));
  }

  private static float[] product(KernelSupport kernels, Problem p, PackedWeights packed) {
    return productOf(kernels, p, p.b, packed);
  }

  private static float[] productOf(KernelSupport kernels, Problem p, float[] b,
      PackedWeights packed) {
    p.resetOutput();
    if (packed == null) {
      kernels.matmul(p.a, p.aOff, b, p.bOff, p.bias, p.biasOff, p.c, p.cOff, p.m, p.k, p.n);
    } else {
      kernels.matmul(p.a, p.aOff, b, p.bOff, packed, p.bias, p.biasOff, p.c, p.cOff, p.m, p.k,
          p.n);
    }
    return p.c.clone();
  }

  private static void assertBitsEqual(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(what + ": entry " + i + " is " + actual[i] + ", expected " + expected[i]);
      }
    }
  }

  /** Two caller threads share one 2-thread instance: one gets the worker, the other runs alone. */
  @Test
  void concurrentCallersShareTheWorker() throws Exception {
    PanamaKernels panama = (PanamaKernels) VectorSupport.panama(2, 0);
    Throwable[] failure = new Throwable[1];
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      int seed = t;
      threads[t] = new Thread(() -> {
        try {
          SplittableRandom rnd = new SplittableRandom(100 + seed);
          for (int rep = 0; rep < 30; rep++) {
            Layout layout = Layout.values()[rep % 3];
            Problem p = new Problem(rnd, layout, 64 + rep, 96, 80, true);
            check(panama, layout, p, "concurrent " + layout);
          }
        } catch (Throwable e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }
}
