package dev.nabla;

import dev.nabla.init.Init;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A view of one dense layer's slice of its model's flat buffers. W is {@code in × units},
 * row-major, and the bias follows it, so [W; b] is the augmented {@code (in + 1) × units} matrix.
 *
 * <p>{@code free} values are what the optimizer trains (W′); {@code effective} values are what the
 * forward pass uses (W = map(W′) for constrained or quantized layers, the same numbers otherwise).
 */
public final class Dense {
  private final NablaModel owner;
  private final String name;
  private final int in;
  private final int units;
  private final boolean hasBias;
  private final int weightOffset;
  private final float[] effectiveWeights;
  private final float[] effectiveBias;

  /**
   * Called by generated code only. {@code effectiveWeights}/{@code effectiveBias} are the arrays
   * holding W and b at the same offsets as W′ and b′ in the owner's parameters.
   */
  public Dense(NablaModel owner, String name, int in, int units, boolean hasBias, int weightOffset,
      float[] effectiveWeights, float[] effectiveBias) {
    this.owner = Objects.requireNonNull(owner);
    this.name = Objects.requireNonNull(name);
    this.in = in;
    this.units = units;
    this.hasBias = hasBias;
    this.weightOffset = weightOffset;
    this.effectiveWeights = Objects.requireNonNull(effectiveWeights);
    this.effectiveBias = Objects.requireNonNull(effectiveBias);
  }

  public String name() {
    return name;
  }

  public int in() {
    return in;
  }

  public int units() {
    return units;
  }

  public boolean hasBias() {
    return hasBias;
  }

  /** Offset of W′ (then b′) in {@link NablaModel#parameters()}. */
  public int weightOffset() {
    return weightOffset;
  }

  public int biasOffset() {
    return weightOffset + in * units;
  }

  /** Number of trained values: in·units, plus units with a bias. */
  public int parameterCount() {
    return in * units + (hasBias ? units : 0);
  }

  /** Effective weight W[i][j] used by the forward pass. */
  public float weight(int i, int j) {
    return effectiveWeights[weightIndex(i, j)];
  }

  /** Effective bias b[j]. */
  public float bias(int j) {
    return effectiveBias[biasIndex(j)];
  }

  /** Free parameter W′[i][j]. */
  public float freeWeight(int i, int j) {
    return owner.parameters()[weightIndex(i, j)];
  }

  /** Free parameter b′[j]. */
  public float freeBias(int j) {
    return owner.parameters()[biasIndex(j)];
  }

  /** ∂L/∂W′[i][j] from the last backward pass. */
  public float weightGradient(int i, int j) {
    return owner.gradients()[weightIndex(i, j)];
  }

  /** ∂L/∂b′[j] from the last backward pass. */
  public float biasGradient(int j) {
    return owner.gradients()[biasIndex(j)];
  }

  /**
   * Sets W′[i][j] and re-materialises the model's effective weights, which costs a pass over
   * every constrained or quantized parameter: to fill a layer, use {@link #setFreeWeights}.
   */
  public void setFreeWeight(int i, int j, float value) {
    int index = weightIndex(i, j);
    checkFinite(value, "W′[" + i + "][" + j + "]");
    owner.parameters()[index] = value;
    owner.parametersChanged();
  }

  /** Sets b′[j] and re-materialises, at the cost {@link #setFreeWeight} states. */
  public void setFreeBias(int j, float value) {
    int index = biasIndex(j);
    checkFinite(value, "b′[" + j + "]");
    owner.parameters()[index] = value;
    owner.parametersChanged();
  }

  /**
   * Sets the whole of W′ from an {@code in × units} array and re-materialises once. Checks every
   * value first: on a bad shape or a non-finite value it throws and changes nothing.
   */
  public void setFreeWeights(float[][] values) {
    Objects.requireNonNull(values, "values");
    if (values.length != in) {
      throw new IllegalArgumentException("layer '" + name + "' has " + in
          + " input rows, got " + values.length + " rows of weights");
    }
    for (int i = 0; i < in; i++) {
      Objects.requireNonNull(values[i], "values[" + i + "]");
      if (values[i].length != units) {
        throw new IllegalArgumentException("layer '" + name + "' has " + units
            + " units, got " + values[i].length + " weights in row " + i);
      }
      for (int j = 0; j < units; j++) {
        checkFinite(values[i][j], "W′[" + i + "][" + j + "]");
      }
    }
    float[] p = owner.parameters();
    for (int i = 0; i < in; i++) {
      System.arraycopy(values[i], 0, p, weightIndex(i, 0), units);
    }
    owner.parametersChanged();
  }

  /**
   * Sets the whole of b′ and re-materialises once. Checks every value first: on a bad length or a
   * non-finite value it throws and changes nothing.
   */
  public void setFreeBiases(float[] values) {
    Objects.requireNonNull(values, "values");
    int start = biasIndex(0);
    if (values.length != units) {
      throw new IllegalArgumentException("layer '" + name + "' has " + units
          + " units, got " + values.length + " biases");
    }
    for (int j = 0; j < units; j++) {
      checkFinite(values[j], "b′[" + j + "]");
    }
    System.arraycopy(values, 0, owner.parameters(), start, units);
    owner.parametersChanged();
  }

  /** Draws W′ from {@code weights} and b′ from {@code bias}, then re-materialises. */
  public void initialize(Init weights, Init bias, SplittableRandom random) {
    float[] p = owner.parameters();
    weights.fill(p, weightOffset, in * units, in, units, random);
    if (hasBias) {
      bias.fill(p, biasOffset(), units, in, units, random);
    }
    owner.parametersChanged();
  }

  /** Effective W as a fresh {@code in × units} array, for printing and inspection. */
  public float[][] weights() {
    float[][] w = new float[in][units];
    for (int i = 0; i < in; i++) {
      System.arraycopy(effectiveWeights, weightIndex(i, 0), w[i], 0, units);
    }
    return w;
  }

  /** Effective b as a fresh array (empty without a bias). */
  public float[] biases() {
    float[] b = new float[hasBias ? units : 0];
    if (hasBias) {
      System.arraycopy(effectiveBias, biasOffset(), b, 0, units);
    }
    return b;
  }

  private int weightIndex(int i, int j) {
    Objects.checkIndex(i, in);
    Objects.checkIndex(j, units);
    return weightOffset + i * units + j;
  }

  private int biasIndex(int j) {
    if (!hasBias) {
      throw new IllegalStateException("layer '" + name + "' has no bias");
    }
    Objects.checkIndex(j, units);
    return biasOffset() + j;
  }

  private void checkFinite(float value, String what) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(what + " of layer '" + name + "' must be finite, got "
          + value);
    }
  }

  @Override
  public String toString() {
    return "Dense[" + name + ": " + in + " → " + units + (hasBias ? ", bias" : "") + "]";
  }
}
