package dev.nabla.internal;

import dev.nabla.Constraint;
import java.util.Objects;

/**
 * A layer's {@code @Constrained} map at run time: W = map(W′) on W, and on b too when
 * {@code bias}. Tanh-family maps are W = mid + half·tanh(W′) over (lo, hi); {@link Constraint#SIGMOID}
 * is W = σ(W′) over (0, 1). Not API.
 *
 * @param bias whether the map covers the layer's bias (false for a layer without one)
 */
public record WeightConstraint(Constraint kind, double lo, double hi, boolean bias) {
  public WeightConstraint {
    Objects.requireNonNull(kind, "kind");
    if (!(lo < hi)) {
      throw new IllegalArgumentException("constraint range [" + lo + ", " + hi + "] is empty");
    }
  }

  /** The map's midpoint, as the float the generated weightsChanged() uses. */
  public float mid() {
    return (float) ((lo + hi) / 2);
  }

  /** Half the map's width, as the float the generated weightsChanged() uses. */
  public float half() {
    return (float) ((hi - lo) / 2);
  }

  /** W = map(W′) for one value, bit for bit as the generated weightsChanged() computes it. */
  public float apply(float free) {
    return kind == Constraint.SIGMOID ? WeightMaps.sigmoid(free)
        : WeightMaps.tanhRange(free, mid(), half());
  }
}
