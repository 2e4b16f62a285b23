package dev.nabla.init;

import java.util.SplittableRandom;

/** A parameter initializer: fills a slice of a layer's weights or bias from a seeded RNG. */
@FunctionalInterface
public interface Init {
  /**
   * Fills {@code length} values of {@code target} starting at {@code offset}; {@code fanIn} and
   * {@code fanOut} are the layer's input and output widths.
   */
  void fill(float[] target, int offset, int length, int fanIn, int fanOut, SplittableRandom random);

  static Init zeros() {
    return constant(0f);
  }

  static Init constant(float value) {
    return (t, off, len, fanIn, fanOut, r) -> java.util.Arrays.fill(t, off, off + len, value);
  }

  /** Uniform in [lo, hi). */
  static Init uniform(double lo, double hi) {
    if (!(lo < hi)) {
      throw new IllegalArgumentException("uniform needs lo < hi, got [" + lo + ", " + hi + ")");
    }
    return (t, off, len, fanIn, fanOut, r) -> {
      for (int i = off; i < off + len; i++) {
        t[i] = (float) (lo + (hi - lo) * r.nextDouble());
      }
    };
  }

  /** Normal with mean 0 and the given standard deviation. */
  static Init normal(double std) {
    if (!(std >= 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("normal needs a finite std >= 0, got " + std);
    }
    return (t, off, len, fanIn, fanOut, r) -> {
      for (int i = off; i < off + len; i++) {
        t[i] = (float) (std * gaussian(r));
      }
    };
  }

  /** Xavier/Glorot uniform: U(−a, a), a = √(6 / (fanIn + fanOut)); suits tanh and sigmoid. */
  static Init xavierUniform() {
    return (t, off, len, fanIn, fanOut, r) -> {
      double a = Math.sqrt(6.0 / (fanIn + fanOut));
      uniform(-a, a).fill(t, off, len, fanIn, fanOut, r);
    };
  }

  /** Xavier/Glorot normal: N(0, 2 / (fanIn + fanOut)), as {@code torch.nn.init.xavier_normal_}. */
  static Init xavierNormal() {
    return (t, off, len, fanIn, fanOut, r) ->
        normal(Math.sqrt(2.0 / (fanIn + fanOut))).fill(t, off, len, fanIn, fanOut, r);
  }

  /**
   * He/Kaiming uniform: U(−a, a), a = √(6 / fanIn), variance 2 / fanIn as {@link #heNormal()};
   * {@code torch.nn.init.kaiming_uniform_} with its ReLU gain.
   */
  static Init heUniform() {
    return (t, off, len, fanIn, fanOut, r) -> {
      double a = Math.sqrt(6.0 / fanIn);
      uniform(-a, a).fill(t, off, len, fanIn, fanOut, r);
    };
  }

  /** He/Kaiming normal: N(0, 2 / fanIn); suits ReLU. */
  static Init heNormal() {
    return (t, off, len, fanIn, fanOut, r) ->
        normal(Math.sqrt(2.0 / fanIn)).fill(t, off, len, fanIn, fanOut, r);
  }

  /** Standard normal by the polar Box–Muller method (SplittableRandom has no nextGaussian on 17). */
  private static double gaussian(SplittableRandom r) {
    double u;
    double v;
    double s;
    do {
      u = 2 * r.nextDouble() - 1;
      v = 2 * r.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
