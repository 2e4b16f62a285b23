package dev.nabla.io;

import dev.nabla.internal.WeightConstraint;
import dev.nabla.internal.WeightQuantizer;
import java.util.Arrays;

/**
 * Free parameters W′ for effective weights W of a constrained or quantized part of a layer, so
 * that the model's own map gives back W: map(W′) = W.
 *
 * <ul>
 *   <li>Quantized alone (W = step·round(W′)): W must lie on the step grid within 2 ulps; W′ is
 *       its count of steps.
 *   <li>Constrained (and maybe quantized): W′ is found by bisection over the floats on the map
 *       as this JVM computes it, which is monotone. A value at a bound of the range, where the
 *       map saturates in float (tanh(W′) is 1f for W′ above about 9.01), gives the W′ nearest
 *       0 that reaches it, so training resumes where the saturated weight was. A value outside
 *       the range, or one no W′ maps to within 2 ulps, is refused.
 * </ul>
 */
final class WeightInverse {
  /** Matches of map(W′) against W may differ by this many ulps of W (of the step, if larger). */
  private static final int TOLERANCE_ULPS = 2;
  /** The keys of the finite floats are [BEGIN, END). */
  private static final int BEGIN = key(-Float.MAX_VALUE);
  private static final int END = key(Float.MAX_VALUE) + 1;

  private final WeightConstraint constraint;
  private final WeightQuantizer quantizer;
  private final float lowest;
  private final float highest;

  /** The inverse for a part mapped by {@code constraint} and/or {@code quantizer} (null: absent). */
  WeightInverse(WeightConstraint constraint, WeightQuantizer quantizer) {
    this.constraint = constraint;
    this.quantizer = quantizer;
    this.lowest = constraint == null ? 0 : constraint.apply(-Float.MAX_VALUE);
    this.highest = constraint == null ? 0 : constraint.apply(Float.MAX_VALUE);
  }

  /** W = quantize(map(W′)), bit for bit as the generated model computes it. */
  float forward(float free) {
    if (constraint == null) {
      return quantizer == null ? free : quantizer.apply(free, 1f);
    }
    float mapped = constraint.apply(free);
    return quantizer == null ? mapped
        : quantizer.apply(mapped, quantizer.floatStep());
  }

  /**
   * W′ for every W of {@code effective} (the file's tensor {@code tensor}, values in the file's
   * order); refuses the first W no W′ gives, naming it.
   */
  float[] invert(Tensor tensor, String tensorName, float[] effective) {
    float[] free = new float[effective.length];
    for (int k = 0; k < effective.length; k++) {
      float w = effective[k];
      String where = "value " + w + " of '" + tensorName + "' at "
          + Arrays.toString(tensor.indexOf(k));
      if (quantizer != null) {
        float step = quantizer.floatStep();
        float steps = (float) Math.rint(w / step);
        if (!close(step * steps, w)) {
          throw new IllegalArgumentException(where + " is not a multiple of the layer's"
              + " quantization step " + quantizer.step() + " (nearest " + step * steps + ")");
        }
      }
      float candidate;
      if (constraint == null) {
        candidate = (float) Math.rint(w / quantizer.floatStep());
      } else {
        if (!(w >= lowest - tolerance(w) && w <= highest + tolerance(w))) {
          throw new IllegalArgumentException(where + " is outside [" + lowest + ", " + highest
              + "], the range of the layer's " + constraint.kind() + " constraint");
        }
        // Within the tolerance past a bound, aim at the bound itself.
        float target = Math.min(Math.max(w, lowest), highest);
        boolean negativeZero = Float.floatToRawIntBits(target) == Float.floatToRawIntBits(-0f);
        // −0 is what rounding a small negative value gives: aim just below 0, not at +0.
        candidate = negativeZero && quantizer != null ? fromKey(firstKeyReaching(0f) - 1)
            : nearestPreimage(target);
      }
      float reached = forward(candidate);
      if (!close(reached, w)) {
        throw new IllegalArgumentException(where + ": no free parameter maps to it within "
            + TOLERANCE_ULPS + " ulps (nearest " + reached + ")");
      }
      free[k] = candidate;
    }
    return free;
  }

  /** Whether {@code actual} matches the file's {@code expected} within the tolerance. */
  boolean close(float actual, float expected) {
    return Math.abs(actual - expected) <= tolerance(expected);
  }

  private float tolerance(float w) {
    float scale = quantizer == null ? Math.abs(w) : Math.max(Math.abs(w), quantizer.floatStep());
    return TOLERANCE_ULPS * Math.ulp(scale);
  }

  /**
   * The W′ whose map(W′) is nearest {@code target}; among those that reach it exactly, the one
   * nearest 0.
   */
  private float nearestPreimage(float target) {
    int first = firstKeyReaching(target);
    float above = fromKey(first);
    if (constraint.apply(above) == target) {
      // The map is flat at target over [above, last]: take the end nearest 0.
      float last = fromKey(firstKeyReaching(Math.nextUp(target)) - 1);
      return above <= 0 && last >= 0 ? 0f : last < 0 ? last : above;
    }
    if (first == BEGIN) {
      return above;
    }
    float below = fromKey(first - 1);
    return target - constraint.apply(below) <= constraint.apply(above) - target ? below : above;
  }

  /**
   * The smallest key whose W′ maps to {@code target} or above ({@link #END} if none does, which
   * a target in [lowest, highest] rules out).
   */
  private int firstKeyReaching(float target) {
    int lo = BEGIN;
    int hi = END;
    while (lo < hi) {
      int mid = (int) (((long) lo + hi) >> 1);
      if (constraint.apply(fromKey(mid)) >= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** An int whose order is the order of the floats (−0 just below +0). */
  private static int key(float x) {
    int bits = Float.floatToRawIntBits(x);
    return bits >= 0 ? bits : bits ^ 0x7fffffff;
  }

  private static float fromKey(int key) {
    return Float.intBitsToFloat(key >= 0 ? key : key ^ 0x7fffffff);
  }
}
