package dev.nabla.internal;

import java.util.Objects;

/**
 * Maps from free parameters W′ to effective weights W, and the chain rule back through them.
 * They run once per step over a layer's weights (not per row), so they stay scalar. Not API.
 */
public final class WeightMaps {
  private WeightMaps() {}

  /** W = mid + half·tanh(W′): TANH is (0, 1), UNIT_TANH (½, ½), a range [lo, hi] ((lo+hi)/2, (hi−lo)/2). */
  public static void tanhRange(float[] free, float[] effective, int off, int length,
      float mid, float half) {
    check(free, effective, off, length);
    for (int i = off; i < off + length; i++) {
      effective[i] = tanhRange(free[i], mid, half);
    }
  }

  /** W = mid + half·tanh(W′) for one value. */
  static float tanhRange(float free, float mid, float half) {
    return mid + half * (float) Math.tanh(free);
  }

  /** ∇W′ = ∇W ⊙ half·(1 − tanh²(W′)), in place on {@code grads}. */
  public static void tanhRangeBackward(float[] free, float[] grads, int off, int length,
      float half) {
    check(free, grads, off, length);
    for (int i = off; i < off + length; i++) {
      float t = (float) Math.tanh(free[i]);
      grads[i] *= half * (1f - t * t);
    }
  }

  /** W = σ(W′). */
  public static void sigmoid(float[] free, float[] effective, int off, int length) {
    check(free, effective, off, length);
    for (int i = off; i < off + length; i++) {
      effective[i] = sigmoid(free[i]);
    }
  }

  /** ∇W′ = ∇W ⊙ σ(W′)(1 − σ(W′)), in place on {@code grads}. */
  public static void sigmoidBackward(float[] free, float[] grads, int off, int length) {
    check(free, grads, off, length);
    for (int i = off; i < off + length; i++) {
      float s = sigmoid(free[i]);
      grads[i] *= s * (1f - s);
    }
  }

  /**
   * W = step·round(V/unit): with {@code unit == 1} V = W′ counted in steps; with
   * {@code unit == step} V is a constrained value in weight units. Rounds half to even.
   */
  public static void quantize(float[] source, float[] effective, int off, int length, float step,
      float unit) {
    check(source, effective, off, length);
    for (int i = off; i < off + length; i++) {
      effective[i] = quantize(source[i], step, unit);
    }
  }

  /** W = step·round(V/unit) for one value. */
  static float quantize(float source, float step, float unit) {
    return step * (float) Math.rint(source / unit);
  }

  /** grads ⊙= factor: the straight-through estimator of W = step·round(W′) is ∇W′ = step·∇W. */
  public static void scale(float[] grads, int off, int length, float factor) {
    check(grads, grads, off, length);
    for (int i = off; i < off + length; i++) {
      grads[i] *= factor;
    }
  }

  /** σ(x) for one value. */
  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  private static void check(float[] x, float[] y, int off, int length) {
    Objects.checkFromIndexSize(off, length, x.length);
    Objects.checkFromIndexSize(off, length, y.length);
  }
}
