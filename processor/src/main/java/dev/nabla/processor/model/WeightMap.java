package dev.nabla.processor.model;

import dev.nabla.Constraint;

/**
 * A constraint map onto (lo, hi). Tanh-family maps are W = mid + half·tanh(W′);
 * {@link Constraint#SIGMOID} is W = σ(W′) onto (0, 1) and ignores mid and half. The runtime's
 * {@code WeightConstraint} derives mid and half from the same lo and hi the same way.
 */
public record WeightMap(Constraint constraint, double lo, double hi) {
  public static WeightMap of(Constraint constraint, double lo, double hi) {
    return switch (constraint) {
      case TANH -> new WeightMap(constraint, -1, 1);
      case UNIT_TANH, SIGMOID -> new WeightMap(constraint, 0, 1);
      case RANGE -> new WeightMap(constraint, lo, hi);
    };
  }

  public double mid() {
    return (lo + hi) / 2;
  }

  public double half() {
    return (hi - lo) / 2;
  }
}
