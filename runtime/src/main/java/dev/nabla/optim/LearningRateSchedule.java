package dev.nabla.optim;

/**
 * A learning rate as a function of the period t = 0, 1, 2, … (an epoch or a step, as the
 * {@link dev.nabla.train.Trainer} applies it) and the optimizer's initial rate. The factories
 * follow PyTorch's schedulers; each is a pure function, so applying one allocates nothing.
 *
 * <pre>{@code
 * new Trainer(model, sgd, 100)
 *     .scheduleEachEpoch(LearningRateSchedule.cosine(100, 1e-4).withWarmUp(5, 0.1))
 *     .fit(train);
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /** The learning rate of period {@code t} (from 0), given the initial rate. */
  double rate(double initial, int t);

  /** The initial rate throughout. */
  static LearningRateSchedule constant() {
    return (initial, t) -> initial;
  }

  /**
   * PyTorch's {@code StepLR}: initial·γ^⌊t / period⌋.
   *
   * @throws IllegalArgumentException if {@code period < 1} or γ is not finite and {@code > 0}
   */
  static LearningRateSchedule step(int period, double gamma) {
    Schedules.requirePeriod("step period", period);
    Schedules.requirePositive("gamma", gamma);
    return (initial, t) -> initial * Math.pow(gamma, t / period);
  }

  /**
   * PyTorch's {@code ExponentialLR}: initial·γ^t.
   *
   * @throws IllegalArgumentException unless γ is finite and {@code > 0}
   */
  static LearningRateSchedule exponential(double gamma) {
    Schedules.requirePositive("gamma", gamma);
    return (initial, t) -> initial * Math.pow(gamma, t);
  }

  /**
   * PyTorch's {@code CosineAnnealingLR(T_max = periods, eta_min = floor)}: from the initial rate
   * down a half cosine to {@code floor} at t = periods, floor + (initial − floor)·(1 + cos(πt /
   * periods))/2. It then stays at the floor, where PyTorch's climbs back up the cosine.
   *
   * @throws IllegalArgumentException if {@code periods < 1} or {@code floor} is negative or not
   *     finite
   */
  static LearningRateSchedule cosine(int periods, double floor) {
    Schedules.requirePeriod("cosine periods", periods);
    if (!(floor >= 0) || Double.isInfinite(floor)) {
      throw new IllegalArgumentException("floor must be finite and >= 0, got " + floor);
    }
    return (initial, t) -> t >= periods ? floor
        : floor + (initial - floor) * (1 + Math.cos(Math.PI * t / periods)) / 2;
  }

  /**
   * Linear warm-up, then this schedule: for t &lt; {@code periods} the rate rises from
   * startFactor·initial by equal steps (PyTorch's {@code LinearLR(start_factor, 1.0,
   * total_iters = periods)}); from t = periods on, this schedule runs from its own period 0
   * (PyTorch's {@code SequentialLR} with the milestone at {@code periods}).
   *
   * @throws IllegalArgumentException if {@code periods < 1} or {@code startFactor} is not in
   *     (0, 1]
   */
  default LearningRateSchedule withWarmUp(int periods, double startFactor) {
    Schedules.requirePeriod("warm-up periods", periods);
    if (!(startFactor > 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("warm-up startFactor must lie in (0, 1], got "
          + startFactor);
    }
    LearningRateSchedule after = this;
    return (initial, t) -> t < periods
        ? initial * (startFactor + (1 - startFactor) * t / periods)
        : after.rate(initial, t - periods);
  }
}
