package dev.nabla.kernel;

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
  static final String THREADS_PROPERTY = "nabla.threads";
  static final String PARALLEL_FLOPS_PROPERTY = "nabla.parallelFlops";
  static final long DEFAULT_PARALLEL_FLOPS = 4_000_000L;

  private final PanamaGemm.Pool pool;
  private final long parallelFlops;

  /** Used by {@link KernelProvider}: threads and threshold from the system properties. */
  PanamaKernels() {
    this(Integer.getInteger(THREADS_PROPERTY,
            Math.min(2, Runtime.getRuntime().availableProcessors())),
        Long.getLong(PARALLEL_FLOPS_PROPERTY, DEFAULT_PARALLEL_FLOPS));
  }

  PanamaKernels(int threads, long parallelFlops) {
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
  // Matrix products.

  @Override
  public void matmul(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
      float[] c, int cOff, int m, int k, int n) {
    PanamaGemm.gemm(a, aOff, k, 1, b, bOff, n, 1, bias, biasOff, c, cOff, m, n, k, pool,
        parallelFlops);
  }

  @Override
  public void matmulTransposeA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n) {
    // C (k×n) = Aᵀ·B: A′(i,p) = a[p·k + i], B′(p,j) = b[p·n + j], inner dimension m.
    PanamaGemm.gemm(a, aOff, 1, k, b, bOff, n, 1, null, 0, c, cOff, k, n, m, pool,
        parallelFlops);
  }

  @Override
  public void matmulTransposeB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int n, int k) {
    // C (m×k) = A·Bᵀ: A′(i,p) = a[i·n + p], B′(p,j) = b[j·n + p], inner dimension n.
    PanamaGemm.gemm(a, aOff, n, 1, b, bOff, 1, n, null, 0, c, cOff, m, k, n, pool,
        parallelFlops);
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
  // Activations.

  @Override
  public void sigmoid(float[] z, float[] a, int length) {
    int i = 0;
    int bound = S.loopBound(length);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (; i < bound; i += L) {
      FloatVector e = exp(FloatVector.fromArray(S, z, i).neg());
      one.div(one.add(e)).intoArray(a, i);
    }
    for (; i < length; i++) {
      a[i] = ScalarKernels.sigmoid(z[i]);
    }
  }

  @Override
  public void tanh(float[] z, float[] a, int length) {
    int i = 0;
    int bound = S.loopBound(length);
    for (; i < bound; i += L) {
      tanh(FloatVector.fromArray(S, z, i)).intoArray(a, i);
    }
    for (; i < length; i++) {
      a[i] = (float) Math.tanh(z[i]);
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
    double loss = 0;
    float invM = 1f / m;
    int bound = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int row = i * n;
      float max = rowMax(logits, row, n, bound);
      FloatVector maxV = FloatVector.broadcast(S, max);
      // Σ e^(x−max), Σ t·(x−max), Σ t
      FloatVector sumV = FloatVector.zero(S);
      FloatVector txV = sumV;
      FloatVector tV = sumV;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector x = FloatVector.fromArray(S, logits, row + j).sub(maxV);
        FloatVector t = FloatVector.fromArray(S, targets, row + j);
        sumV = sumV.add(exp(x));
        txV = t.fma(x, txV);
        tV = tV.add(t);
      }
      float sum = sumV.reduceLanes(VectorOperators.ADD);
      float tx = txV.reduceLanes(VectorOperators.ADD);
      float ts = tV.reduceLanes(VectorOperators.ADD);
      for (; j < n; j++) {
        float x = logits[row + j] - max;
        float t = targets[row + j];
        sum += (float) Math.exp(x);
        tx += t * x;
        ts += t;
      }
      float logSum = (float) Math.log(sum);
      // −Σ t·(x − max − logSum)
      loss -= tx - (double) logSum * ts;
      if (delta != null) {
        float scale = invM / sum;
        FloatVector scaleV = FloatVector.broadcast(S, scale);
        FloatVector invMV = FloatVector.broadcast(S, invM);
        j = 0;
        for (; j < bound; j += L) {
          FloatVector x = FloatVector.fromArray(S, logits, row + j).sub(maxV);
          FloatVector t = FloatVector.fromArray(S, targets, row + j);
          exp(x).mul(scaleV).sub(t.mul(invMV)).intoArray(delta, row + j);
        }
        for (; j < n; j++) {
          float e = (float) Math.exp(logits[row + j] - max);
          delta[row + j] = e * scale - targets[row + j] * invM;
        }
      }
    }
    return (float) (loss / m);
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
    int length = m * n;
    float invM = 1f / m;
    int bound = S.loopBound(length);
    FloatVector zero = FloatVector.zero(S);
    FloatVector invMV = FloatVector.broadcast(S, invM);
    FloatVector lossV = zero;
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector zv = FloatVector.fromArray(S, z, i);
      FloatVector t = FloatVector.fromArray(S, targets, i);
      // max(z, 0) − z·y + log(1 + e^−|z|)
      FloatVector term = zv.max(zero).sub(zv.mul(t))
          .add(log1pSmall(exp(zv.abs().neg())));
      lossV = lossV.add(term);
      if (delta != null) {
        FloatVector.fromArray(S, a, i).sub(t).mul(invMV).intoArray(delta, i);
      }
    }
    double loss = lossV.reduceLanes(VectorOperators.ADD);
    for (; i < length; i++) {
      float zi = z[i];
      loss += Math.max(zi, 0f) - zi * targets[i] + Math.log1p(Math.exp(-Math.abs(zi)));
      if (delta != null) {
        delta[i] = (a[i] - targets[i]) * invM;
      }
    }
    return (float) (loss / m);
  }

  @Override
  public float meanSquaredError(float[] a, float[] targets, float[] delta, int m, int n) {
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
    double loss = s0.reduceLanes(VectorOperators.ADD);
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
    int bound = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int row = i * n;
      float max = rowMax(z, row, n, bound);
      FloatVector maxV = FloatVector.broadcast(S, max);
      FloatVector sumV = FloatVector.zero(S);
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector e = exp(FloatVector.fromArray(S, z, row + j).sub(maxV));
        e.intoArray(p, row + j);
        sumV = sumV.add(e);
      }
      float sum = sumV.reduceLanes(VectorOperators.ADD);
      for (; j < n; j++) {
        float e = (float) Math.exp(z[row + j] - max);
        p[row + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      FloatVector invV = FloatVector.broadcast(S, inv);
      j = 0;
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

  /** e^x with a relative error of a few ulp for x in [−87, 88]; clamped outside. */
  static FloatVector exp(FloatVector x) {
    x = x.max(EXP_LO).min(EXP_HI);
    FloatVector t = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
    FloatVector nf = t.sub(ROUND_MAGIC);
    IntVector ni = t.reinterpretAsInts();
    ni = ni.sub(ROUND_MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
    FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), x);
    r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
    FloatVector y = r.fma(FloatVector.broadcast(S, 1.9875691500e-4f),
        FloatVector.broadcast(S, 1.3981999507e-3f));
    y = y.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
    y = y.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
    y = y.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
    y = y.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
    y = y.mul(r.mul(r)).add(r).add(1f);
    return y.mul(ni.reinterpretAsFloats());
  }

  /** tanh: odd polynomial for |x| &lt; 0.625, 1 − 2/(e^{2|x|} + 1) above, sign restored. */
  static FloatVector tanh(FloatVector x) {
    FloatVector ax = x.abs();
    FloatVector e = exp(ax.add(ax));
    FloatVector big = FloatVector.broadcast(S, 1f)
        .sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(FloatVector.broadcast(S, -5.70498872745e-3f),
        FloatVector.broadcast(S, 2.06390887954e-2f));
    p = p.fma(x2, FloatVector.broadcast(S, -5.37397155531e-2f));
    p = p.fma(x2, FloatVector.broadcast(S, 1.33314422036e-1f));
    p = p.fma(x2, FloatVector.broadcast(S, -3.33332819422e-1f));
    FloatVector small = p.mul(x2).fma(ax, ax);
    FloatVector r = small.blend(big, ax.compare(VectorOperators.GE, 0.625f));
    // copy the sign of x: tanh is odd
    return r.blend(r.neg(), x.compare(VectorOperators.LT, 0f));
  }

  /** log(1 + e) for e in [0, 1]: 2·atanh(s), s = e/(2 + e) ≤ 1/3, series to s¹⁵. */
  static FloatVector log1pSmall(FloatVector e) {
    FloatVector s = e.div(e.add(2f));
    FloatVector s2 = s.mul(s);
    FloatVector q = s2.fma(FloatVector.broadcast(S, 1f / 15), FloatVector.broadcast(S, 1f / 13));
    q = q.fma(s2, FloatVector.broadcast(S, 1f / 11));
    q = q.fma(s2, FloatVector.broadcast(S, 1f / 9));
    q = q.fma(s2, FloatVector.broadcast(S, 1f / 7));
    q = q.fma(s2, FloatVector.broadcast(S, 1f / 5));
    q = q.fma(s2, FloatVector.broadcast(S, 1f / 3));
    q = q.fma(s2, FloatVector.broadcast(S, 1f));
    return q.mul(s).mul(2f);
  }
}
