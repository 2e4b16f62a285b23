package dev.nabla.processor.model;

import dev.nabla.Constraint;

/**
 * A constraint map. Tanh-family maps are W = mid + half·tanh(W′); {@link Constraint#SIGMOID} is
 * W = σ(W′) and ignores mid and half.
 */
public record WeightMap(Constraint constraint, double mid, double half) {
  public static WeightMap of(Constraint constraint, double lo, double hi) {
    return switch (constraint) {
      case TANH -> new WeightMap(constraint, 0, 1);
      case UNIT_TANH -> new WeightMap(constraint, 0.5, 0.5);
      case SIGMOID -> new WeightMap(constraint, 0.5, 0.5);
      case RANGE -> new WeightMap(constraint, (lo + hi) / 2, (hi - lo) / 2);
    };
  }

  public double lo() {
    return mid - half;
  }

  public double hi() {
    return mid + half;
  }
}
