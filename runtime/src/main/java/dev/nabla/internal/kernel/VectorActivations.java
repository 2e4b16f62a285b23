package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.ScalarActivations.ERFC;
import static dev.nabla.internal.kernel.ScalarActivations.INV_SQRT2;
import static dev.nabla.internal.kernel.ScalarActivations.INV_SQRT_2PI;
import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;
import static dev.nabla.internal.kernel.VectorLanes.lanes;
import static dev.nabla.internal.kernel.VectorLanes.sumLanes;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API twins of {@link ScalarActivations}. Exponentials are
 * {@link ElementwiseKernels#expRatio} passes over a per-thread scratch, fetched before any
 * vector, so no vector crosses a call (<a href="VectorLanes.html#boxing">boxing rules</a>); the
 * loops' tails call the scalar kernels.
 */
final class VectorActivations {
  /** Floats of one scratch pass. */
  private static final int CHUNK = 1024;
  /** Below this A, 1 − e^−a cancels; a degree-5 Taylor polynomial (error < a⁶/720) takes over. */
  private static final float SERIES_BELOW = 0.125f;

  private VectorActivations() {}

  static void leakyRelu(float[] z, float[] a, int length, float slope) {
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, i);
      x.mul(slope).blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(a, i);
    }
    ScalarActivations.leakyRelu(z, a, i, length, slope);
  }

  static void leakyReluBackward(float[] a, float[] delta, int length, float slope) {
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector d = FloatVector.fromArray(S, delta, i);
      d.mul(slope).blend(d, FloatVector.fromArray(S, a, i).compare(VectorOperators.GT, 0f))
          .intoArray(delta, i);
    }
    ScalarActivations.leakyReluBackward(a, delta, i, length, slope);
  }

  /**
   * a = z·Φ(z), or with {@code backward} out ⊙= Φ(z) + z·φ(z), {@code out} holding dA. With
   * x = |z|/√2: Φ(−|z|) = erfc(x)/2 = t·e^(−x² + P(t))/2 ({@link ScalarActivations#ERFC}) and
   * φ(z) = e^(−x²)/√(2π).
   */
  static void gelu(float[] z, float[] out, int length, boolean backward) {
    float[] e = ElementwiseKernels.scratch(2 * CHUNK);
    int bound = S.loopBound(length);
    for (int start = 0; start < bound; start += CHUNK) {
      int end = Math.min(bound, start + CHUNK);
      // vectors are made after each call, none lives across one (boxing rules)
      FloatVector one = FloatVector.broadcast(S, 1f);
      for (int i = start; i < end; i += L) {
        FloatVector x = FloatVector.fromArray(S, z, i).abs().mul(INV_SQRT2);
        FloatVector t = one.div(x.fma(0.5f, 1f));
        FloatVector p = FloatVector.broadcast(S, ERFC[ERFC.length - 1]);
        for (int k = ERFC.length - 2; k >= 0; k--) {
          p = p.fma(t, FloatVector.broadcast(S, ERFC[k]));
        }
        FloatVector minusX2 = x.mul(x).neg();
        minusX2.add(p).intoArray(e, i - start);
        minusX2.intoArray(e, CHUNK + i - start);
      }
      ElementwiseKernels.expRatio(e, 0, e, 0, end - start, 1f, false, 1f, 0f, 0f);
      if (backward) {
        ElementwiseKernels.expRatio(e, CHUNK, e, CHUNK, end - start, 1f, false, 1f, 0f, 0f);
      }
      FloatVector unit = FloatVector.broadcast(S, 1f);
      for (int i = start; i < end; i += L) {
        FloatVector zv = FloatVector.fromArray(S, z, i);
        FloatVector t = unit.div(zv.abs().mul(INV_SQRT2).fma(0.5f, 1f));
        FloatVector lower = t.mul(FloatVector.fromArray(S, e, i - start)).mul(0.5f);
        FloatVector cdf = lower.neg().add(1f).blend(lower, zv.compare(VectorOperators.LT, 0f));
        if (backward) {
          FloatVector density = FloatVector.fromArray(S, e, CHUNK + i - start).mul(INV_SQRT_2PI);
          FloatVector.fromArray(S, out, i).mul(zv.fma(density, cdf)).intoArray(out, i);
        } else {
          zv.mul(cdf).intoArray(out, i);
        }
      }
    }
    if (backward) {
      ScalarActivations.geluBackward(z, out, bound, length);
    } else {
      ScalarActivations.gelu(z, out, bound, length);
    }
  }

  /** a = max(z, 0) + log(1 + e) with e = e^−|z| ≤ 1, log(1 + e) = 2·atanh(e/(2 + e)). */
  static void softplus(float[] z, float[] a, int length) {
    float[] e = ElementwiseKernels.scratch(CHUNK);
    int bound = S.loopBound(length);
    for (int start = 0; start < bound; start += CHUNK) {
      int end = Math.min(bound, start + CHUNK);
      ElementwiseKernels.expRatio(z, start, e, 0, end - start, -1f, true, 1f, 0f, 0f);
      for (int i = start; i < end; i += L) {
        FloatVector ev = FloatVector.fromArray(S, e, i - start);
        // s = e/(2 + e) ≤ 1/3: the atanh series to s¹⁵ leaves less than 1e-9
        FloatVector s = ev.div(ev.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector q = s2.fma(1f / 15, 1f / 13);
        for (float c : new float[] {1f / 11, 1f / 9, 1f / 7, 1f / 5, 1f / 3, 1f}) {
          q = q.fma(s2, FloatVector.broadcast(S, c));
        }
        FloatVector.fromArray(S, z, i).max(0f).add(q.mul(s).mul(2f)).intoArray(a, i);
      }
    }
    ScalarActivations.softplus(z, a, bound, length);
  }

  /** delta ⊙= 1 − e^−a (= σ(z)), by its Taylor series where that would cancel. */
  static void softplusBackward(float[] a, float[] delta, int length) {
    float[] e = ElementwiseKernels.scratch(CHUNK);
    int bound = S.loopBound(length);
    for (int start = 0; start < bound; start += CHUNK) {
      int end = Math.min(bound, start + CHUNK);
      // (−e + 1)/(0·e + 1) = 1 − e^−a
      ElementwiseKernels.expRatio(a, start, e, 0, end - start, -1f, false, -1f, 1f, 0f);
      FloatVector one = FloatVector.broadcast(S, 1f);
      for (int i = start; i < end; i += L) {
        FloatVector av = FloatVector.fromArray(S, a, i);
        // a·(1 − a/2 + a²/6 − a³/24 + a⁴/120)
        FloatVector series = av.fma(1f / 120, -1f / 24).fma(av, FloatVector.broadcast(S, 1f / 6))
            .fma(av, FloatVector.broadcast(S, -0.5f)).fma(av, one).mul(av);
        FloatVector sigma = FloatVector.fromArray(S, e, i - start)
            .blend(series, av.compare(VectorOperators.LT, SERIES_BELOW));
        FloatVector.fromArray(S, delta, i).mul(sigma).intoArray(delta, i);
      }
    }
    ScalarActivations.softplusBackward(a, delta, bound, length);
  }

  static void softmaxBackward(float[] a, float[] delta, int m, int n) {
    int bound = S.loopBound(n);
    if (bound == 0) { // rows narrower than a vector: no lane sums to pay for
      ScalarActivations.softmaxBackward(a, delta, m, n);
      return;
    }
    float[] lanes = lanes();
    for (int r = 0; r < m; r++) {
      int row = r * n;
      FloatVector sum = FloatVector.zero(S);
      int j = 0;
      for (; j < bound; j += L) {
        sum = FloatVector.fromArray(S, delta, row + j).fma(FloatVector.fromArray(S, a, row + j),
            sum);
      }
      sum.intoArray(lanes, 0);
      float dot = sumLanes(lanes, 0);
      for (; j < n; j++) {
        dot += delta[row + j] * a[row + j];
      }
      for (j = 0; j < bound; j += L) {
        FloatVector.fromArray(S, delta, row + j).sub(dot).mul(FloatVector.fromArray(S, a, row + j))
            .intoArray(delta, row + j);
      }
      ScalarActivations.softmaxRowBackward(a, delta, row + bound, row + n, dot);
    }
  }

  static float meanAbsoluteError(float[] a, float[] targets, float[] delta, int m, int n) {
    float[] lanes = lanes();
    int length = m * n;
    float scale = 1f / length;
    FloatVector zero = FloatVector.zero(S);
    FloatVector sum = zero;
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector d = FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, targets, i));
      sum = sum.add(d.abs());
      if (delta != null) {
        // sign(d)·scale, 0 at d = 0
        zero.blend(scale, d.compare(VectorOperators.GT, 0f))
            .blend(-scale, d.compare(VectorOperators.LT, 0f)).intoArray(delta, i);
      }
    }
    sum.intoArray(lanes, 0);
    double loss = sumLanes(lanes, 0)
        + ScalarActivations.absoluteErrors(a, targets, delta, i, length, scale);
    return (float) (loss / ((double) m * n));
  }

  static float huber(float[] a, float[] targets, float[] delta, int m, int n, float huberDelta) {
    float[] lanes = lanes();
    int length = m * n;
    float scale = 1f / length;
    FloatVector sum = FloatVector.zero(S);
    int i = 0;
    for (int bound = S.loopBound(length); i < bound; i += L) {
      FloatVector d = FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, targets, i));
      FloatVector ad = d.abs();
      FloatVector linear = ad.sub(0.5f * huberDelta).mul(huberDelta);
      FloatVector quadratic = d.mul(d).mul(0.5f);
      sum = sum.add(linear.blend(quadratic, ad.compare(VectorOperators.LT, huberDelta)));
      if (delta != null) {
        d.max(-huberDelta).min(huberDelta).mul(scale).intoArray(delta, i);
      }
    }
    sum.intoArray(lanes, 0);
    double loss = sumLanes(lanes, 0)
        + ScalarActivations.huberTerms(a, targets, delta, i, length, scale, huberDelta);
    return (float) (loss / ((double) m * n));
  }
}
