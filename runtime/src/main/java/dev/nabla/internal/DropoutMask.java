package dev.nabla.internal;

/**
 * Inverted dropout on one layer's output A, with the mask buffer and the dropped output
 * D = A ⊙ M sized once for the model's largest batch. In a training pass M holds 1/(1 − p) where
 * the unit is kept and 0 where it is dropped, drawn afresh; outside one the layer's output is
 * passed on untouched.
 *
 * <p>Unit j of row r is kept when the top 32 bits of SplitMix64's output at position
 * r·units + j of the stream keyed by the pass, seed and layer reach p·2³²: counter-based, so a
 * mask costs no state and no allocation, and it is the same whether the batch is row-major or
 * feature-major. Not API.
 */
public final class DropoutMask {
  /** SplitMix64's increment, 2⁶⁴/φ. */
  static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final DropoutStream stream;
  private final int layer;
  private final int units;
  private final boolean featureMajor;
  private final float rate;
  private final float scale;
  private final long threshold;
  private final float[] mask;
  private final float[] dropped;

  DropoutMask(DropoutStream stream, DenseShape layer, float rate, int maxBatch,
      boolean featureMajor) {
    this.stream = stream;
    this.layer = layer.index();
    this.units = layer.units();
    this.featureMajor = featureMajor;
    this.rate = rate;
    this.scale = 1f / (1f - rate);
    this.threshold = Math.round(rate * 0x1p32);
    this.mask = new float[maxBatch * units];
    this.dropped = new float[maxBatch * units];
  }

  /** SplitMix64's finalizer (Stafford's variant 13), as {@link java.util.SplittableRandom}'s. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The probability of dropping a unit. */
  public float rate() {
    return rate;
  }

  /**
   * The layer's output as the next layer sees it: D = A ⊙ M with a fresh mask in a training pass,
   * {@code a} itself otherwise.
   */
  public float[] apply(float[] a, int rows) {
    if (!stream.training()) {
      return a;
    }
    long key = stream.key(layer);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < units; j++) {
        int i = featureMajor ? j * rows + r : r * units + j;
        long bits = mix(key + GOLDEN * (r * (long) units + j + 1));
        float m = bits >>> 32 >= threshold ? scale : 0f;
        mask[i] = m;
        dropped[i] = a[i] * m;
      }
    }
    return dropped;
  }

  /** D of the last training pass: the next layer's input there. */
  public float[] dropped() {
    return dropped;
  }

  /** dA = dD ⊙ M in place, with the mask of the last training pass. */
  public void backward(float[] delta, int rows) {
    int length = rows * units;
    for (int i = 0; i < length; i++) {
      delta[i] *= mask[i];
    }
  }

  /** M at row {@code row}, unit {@code unit} in the last training pass: 0 or 1/(1 − p). */
  public float mask(int row, int unit, int rows) {
    return mask[featureMajor ? unit * rows + row : row * units + unit];
  }
}
