package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API element-wise kernels: activations and their derivatives, the optimizer updates, the
 * finiteness check, and the exponential they share ({@link #expRatio}). Loops are a vector body,
 * then a scalar tail.
 */
final class ElementwiseKernels {
  private ElementwiseKernels() {}

  static void sigmoid(float[] z, float[] a, int length) {
    expRatio(z, 0, a, 0, length, -1f, false, 0f, 1f, 1f); // a = 1 / (e^−z + 1)
  }

  static void tanh(float[] z, float[] a, int length) {
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

  static void relu(float[] z, float[] a, int length) {
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

  static void sigmoidBackward(float[] a, float[] delta, int length) {
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

  static void tanhBackward(float[] a, float[] delta, int length) {
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

  static void reluBackward(float[] z, float[] delta, int length) {
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
  // Optimizers (same operation order as the scalar kernels, no FMA contraction).

  static void sgd(float[] params, float[] grads, int offset, int length, float lr,
      float weightDecay) {
    int i = offset;
    int bound = offset + S.loopBound(length);
    int end = offset + length;
    FloatVector lrV = FloatVector.broadcast(S, lr);
    FloatVector wdV = FloatVector.broadcast(S, weightDecay);
    for (; i < bound; i += L) {
      FloatVector p = FloatVector.fromArray(S, params, i);
      FloatVector g = FloatVector.fromArray(S, grads, i);
      p.sub(lrV.mul(g.add(wdV.mul(p)))).intoArray(params, i);
    }
    for (; i < end; i++) {
      params[i] -= lr * (grads[i] + weightDecay * params[i]);
    }
  }

  static void adam(float[] params, float[] grads, float[] m, float[] v, int offset, int length,
      float lr, float beta1, float beta2, float epsilon, float c1, float c2, float weightDecay) {
    int i = offset;
    int bound = offset + S.loopBound(length);
    int end = offset + length;
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
    for (; i < end; i++) {
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
   * without a branch on the mode and without a helper returning a vector
   * (<a href="VectorLanes.html#boxing">boxing rules</a>).
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
      // |x| by clearing the sign bit (no branch, see VectorLanes: boxing rules)
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
  static boolean allFinite(float[] values, int length) {
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
  static float[] scratch(int size) {
    return Scratch.get().elementwise(size);
  }
}
