package dev.nabla;

/** A fixed map from a free parameter W′ to the effective weight W. */
public enum Constraint {
  /** W = tanh(W′), W in (−1, 1); ∇W′ = ∇W ⊙ (1 − W²). */
  TANH,
  /** W = σ(W′), W in (0, 1); ∇W′ = ∇W ⊙ W ⊙ (1 − W). */
  SIGMOID,
  /** W = (tanh(W′) + 1) / 2, W in (0, 1); ∇W′ = ∇W ⊙ 2W(1 − W). */
  UNIT_TANH,
  /**
   * W = lo + (hi − lo)·(tanh(W′) + 1) / 2, W in (lo, hi); ∇W′ = ∇W ⊙ (hi − lo)/2 ⊙ (1 − t²)
   * with t = tanh(W′). Needs {@link Constrained#lo()} and {@link Constrained#hi()}.
   */
  RANGE
}
