package dev.nabla.bench;

import java.util.Arrays;

/** Order statistics of a benchmark's per-block figures. */
final class Quantiles {
  private Quantiles() {}

  /** The value at rank round(q·(n − 1)) of the sorted {@code values}. */
  static double of(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.round(q * (sorted.length - 1))];
  }
}
