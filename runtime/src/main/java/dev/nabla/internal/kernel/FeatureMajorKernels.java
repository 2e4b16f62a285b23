package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;
import static dev.nabla.internal.kernel.VectorLanes.lanes;
import static dev.nabla.internal.kernel.VectorLanes.sumLanes;

import jdk.incubator.vector.FloatVector;

/**
 * Vector API kernels of the feature-major layout of small layers (one feature per row, the
 * samples along it, so the samples fill the vector lanes): the product, the row sums (∇b), and
 * the transposes between the batch-major and feature-major layouts.
 */
final class FeatureMajorKernels {
  private FeatureMajorKernels() {}

  /** Y = C·X + bias·1ᵀ, see {@link KernelSupport#featureMajorProduct}. */
  static void product(float[] c, int cOff, int cRowStride, int cColStride, float[] bias,
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

  static void rowSums(float[] d, int dOff, float[] out, int outOff, int p, int m) {
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

  /**
   * T = Aᵀ. A row-major batch of a few features becomes feature rows, and feature rows become a
   * row-major batch, by gathers only: the scatter stores of an earlier version were seen left
   * boxed by C2 for the life of the JVM (in 1 launch of 8 on JDK 25 and 3 of 8 on JDK 17 every
   * call allocated). Returns false, having done nothing, for the other shapes, which take the
   * scalar loop.
   */
  static boolean transpose(float[] a, int aOff, int m, int n, float[] t, int tOff) {
    if (n < STRIDE_MAPS.length && m >= L) {
      toFeatureRows(a, aOff, m, n, t, tOff);
    } else if (m < STRIDE_MAPS.length && n >= L) {
      toSampleRows(a, aOff, m, n, t, tOff);
    } else {
      return false;
    }
    return true;
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
    int[] maps = SampleRowMaps.of(m, n);
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
  private static final class SampleRowMaps {
    private static final ThreadLocal<SampleRowMaps> LOCAL =
        ThreadLocal.withInitial(SampleRowMaps::new);
    private final int[] maps = new int[16 * L];
    private int m = -1;
    private int n = -1;

    static int[] of(int m, int n) {
      SampleRowMaps p = LOCAL.get();
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
}
