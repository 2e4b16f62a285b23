package dev.nabla.optim;

/**
 * Validation of hyper-parameters in the precision they are used in: each is checked after its
 * conversion to float, so a value that overflows to infinity or underflows to 0 is refused with a
 * message naming the parameter and both values.
 */
final class Hyper {
  private Hyper() {}

  static float positive(String name, double value) {
    float converted = (float) value;
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
    if (converted == 0 || Float.isInfinite(converted)) {
      throw new IllegalArgumentException(name + " " + value + " is " + converted
          + " as a float; it must be finite and > 0");
    }
    return converted;
  }

  static float nonNegative(String name, double value) {
    float converted = (float) value;
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    if (Float.isInfinite(converted)) {
      throw new IllegalArgumentException(name + " " + value + " is " + converted
          + " as a float; it must be finite and >= 0");
    }
    if (converted == 0 && value != 0) {
      throw new IllegalArgumentException(name + " " + value + " is " + converted
          + " as a float, which would silently disable it; use 0 or a value float can hold");
    }
    return converted;
  }

  static float unitInterval(String name, double value) {
    float converted = (float) value;
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1), got " + value);
    }
    if (converted == 1) {
      throw new IllegalArgumentException(name + " " + value + " is " + converted
          + " as a float; it must lie in [0, 1)");
    }
    return converted;
  }

  /**
   * A learning rate set during training: finite and {@code >= 0}; a rate too small for a float
   * becomes 0 (the end of an annealing schedule), one too large is refused.
   */
  static float learningRate(double value) {
    if (!(value >= 0) || Double.isInfinite(value) || Float.isInfinite((float) value)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0 as a float, got "
          + value);
    }
    return (float) value;
  }

  /** Refuses a saved optimizer state holding a value that is not finite, naming its index. */
  static void requireFinite(String name, float[] values) {
    for (int k = 0; k < values.length; k++) {
      if (!Float.isFinite(values[k])) {
        throw new IllegalArgumentException(name + " [" + k + "] must be finite, got "
            + values[k]);
      }
    }
  }
}
