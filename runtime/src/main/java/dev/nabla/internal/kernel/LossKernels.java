package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;
import static dev.nabla.internal.kernel.VectorLanes.lanes;
import static dev.nabla.internal.kernel.VectorLanes.sumLanes;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API losses (with their output deltas) and softmax, row-wise over an m×n batch. Lane sums
 * go through {@link VectorLanes#sumLanes} so that results do not depend on JIT progress.
 */
final class LossKernels {
  private LossKernels() {}

  static float softmaxCrossEntropy(float[] logits, float[] targets, float[] delta, int m, int n) {
    // The loss of a row is −Σ t·(x − max − logSum) = logSum·Σt − Σ t·(x − max).
    float[] e = delta != null ? delta : ElementwiseKernels.scratch(m * n);
    double loss = -shiftByRowMax(logits, targets, e, m, n); // e = x − max; returns Σ t·(x − max)
    ElementwiseKernels.expRatio(e, 0, e, 0, m * n, 1f, false, 1f, 0f, 0f);
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
   * conditional vector update: <a href="VectorLanes.html#boxing">no vector merged across
   * branches</a>.)
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

  static float sigmoidBinaryCrossEntropy(float[] z, float[] a, float[] targets, float[] delta,
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

  static float meanSquaredError(float[] a, float[] targets, float[] delta, int m, int n) {
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

  static void softmax(float[] z, float[] p, int m, int n) {
    shiftByRowMax(z, null, p, m, n);
    ElementwiseKernels.expRatio(p, 0, p, 0, m * n, 1f, false, 1f, 0f, 0f);
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
}
