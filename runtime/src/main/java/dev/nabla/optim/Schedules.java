package dev.nabla.optim;

/** Argument checks of the {@link LearningRateSchedule} factories. */
final class Schedules {
  private Schedules() {}

  static void requirePeriod(String name, int periods) {
    if (periods < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + periods);
    }
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
  }
}
