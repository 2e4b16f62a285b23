package dev.nabla.internal.kernel;

/**
 * Scalar reference kernels of the activations and losses that came after the first four
 * activations and three losses: LeakyReLU, GELU, softplus, the softmax output's backward pass,
 * mean absolute error and Huber. {@link KernelSupport}'s defaults call them; the vector twins are
 * {@link VectorActivations}.
 */
final class ScalarActivations {
  /** 1/√2, to take erf(z/√2) as erfc of x = −z/√2. */
  static final float INV_SQRT2 = 0.70710678118654752f;
  /** 1/√(2π), φ(0) of the standard normal density. */
  static final float INV_SQRT_2PI = 0.39894228040143268f;
  /**
   * erfc(x) = t·e^(−x² + P(t)) with t = 1 / (1 + |x|/2), for x ≥ 0 (Numerical Recipes' erfcc,
   * fractional error below 1.2e-7 everywhere): the coefficients of P from the constant term up.
   */
  static final float[] ERFC = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f,
      -0.18628806f, 0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

  private ScalarActivations() {}

  // The element-wise kernels work on [from, to), so that the vector kernels' tails call them.

  static void leakyRelu(float[] z, float[] a, int from, int to, float slope) {
    for (int i = from; i < to; i++) {
      a[i] = z[i] > 0f ? z[i] : slope * z[i];
    }
  }

  /** From A: with slope ≥ 0, A > 0 exactly where Z > 0. */
  static void leakyReluBackward(float[] a, float[] delta, int from, int to, float slope) {
    for (int i = from; i < to; i++) {
      if (!(a[i] > 0f)) {
        delta[i] *= slope;
      }
    }
  }

  /** Φ(z) = erfc(−z/√2)/2, the standard normal distribution function. */
  static float normalCdf(float z) {
    double x = Math.abs(z * INV_SQRT2);
    double t = 1 / (1 + 0.5 * x);
    double p = ERFC[ERFC.length - 1];
    for (int k = ERFC.length - 2; k >= 0; k--) {
      p = p * t + ERFC[k];
    }
    double tail = 0.5 * t * Math.exp(-x * x + p); // erfc(|z|/√2)/2 = Φ(−|z|)
    return (float) (z < 0 ? tail : 1 - tail);
  }

  static void gelu(float[] z, float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      a[i] = z[i] * normalCdf(z[i]);
    }
  }

  /** From Z: GELU′(z) = Φ(z) + z·φ(z), which A does not determine (GELU is not monotonic). */
  static void geluBackward(float[] z, float[] delta, int from, int to) {
    for (int i = from; i < to; i++) {
      float zi = z[i];
      delta[i] *= normalCdf(zi) + zi * (float) (INV_SQRT_2PI * Math.exp(-0.5 * zi * zi));
    }
  }

  static void softplus(float[] z, float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      float zi = z[i];
      a[i] = (float) (Math.max(zi, 0f) + Math.log1p(Math.exp(-Math.abs(zi))));
    }
  }

  /** From A: σ(z) = 1 − e^−a, as e^a = 1 + e^z. */
  static void softplusBackward(float[] a, float[] delta, int from, int to) {
    for (int i = from; i < to; i++) {
      delta[i] *= (float) -Math.expm1(-a[i]);
    }
  }

  /** dZ = A ⊙ (dA − (dA·A)1) per row of m×n A and dA, in place on {@code delta}. */
  static void softmaxBackward(float[] a, float[] delta, int m, int n) {
    for (int r = 0; r < m; r++) {
      int row = r * n;
      float dot = 0f;
      for (int j = 0; j < n; j++) {
        dot += delta[row + j] * a[row + j];
      }
      softmaxRowBackward(a, delta, row, row + n, dot);
    }
  }

  /** delta = a ⊙ (delta − dot) over [from, to) of one row; also the vector kernel's tail. */
  static void softmaxRowBackward(float[] a, float[] delta, int from, int to, float dot) {
    for (int i = from; i < to; i++) {
      delta[i] = a[i] * (delta[i] - dot);
    }
  }

  static float meanAbsoluteError(float[] a, float[] targets, float[] delta, int m, int n) {
    return (float) (absoluteErrors(a, targets, delta, 0, m * n, 1f / (m * n)) / ((double) m * n));
  }

  /**
   * Σ |a − y| over [from, to), writing delta = sign(a − y)·scale there when non-null (sign(0) =
   * 0, PyTorch's subgradient); also the vector kernel's tail.
   */
  static double absoluteErrors(float[] a, float[] targets, float[] delta, int from, int to,
      float scale) {
    double loss = 0;
    for (int i = from; i < to; i++) {
      float d = a[i] - targets[i];
      loss += Math.abs(d);
      if (delta != null) {
        delta[i] = Math.signum(d) * scale;
      }
    }
    return loss;
  }

  static float huber(float[] a, float[] targets, float[] delta, int m, int n, float huberDelta) {
    return (float) (huberTerms(a, targets, delta, 0, m * n, 1f / (m * n), huberDelta)
        / ((double) m * n));
  }

  /**
   * Σ h(a − y) over [from, to), writing delta = clamp(a − y, −δ, δ)·scale there when non-null;
   * also the vector kernel's tail.
   */
  static double huberTerms(float[] a, float[] targets, float[] delta, int from, int to,
      float scale, float huberDelta) {
    double loss = 0;
    for (int i = from; i < to; i++) {
      float d = a[i] - targets[i];
      float ad = Math.abs(d);
      loss += ad < huberDelta ? 0.5 * d * d : huberDelta * (ad - 0.5 * huberDelta);
      if (delta != null) {
        delta[i] = Math.max(-huberDelta, Math.min(huberDelta, d)) * scale;
      }
    }
    return loss;
  }
}
