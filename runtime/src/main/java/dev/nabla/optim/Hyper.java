package dev.nabla.optim;

/** Validation of hyper-parameters, with messages that name the parameter and its value. */
final class Hyper {
  private Hyper() {}

  static float positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
    return (float) value;
  }

  static float nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
    return (float) value;
  }

  static float unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1), got " + value);
    }
    return (float) value;
  }
}
