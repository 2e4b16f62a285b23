package dev.nabla.internal;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.init.Init;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The {@link Dense} view of one layer of a generated model: its slice of the flat buffers. Writes
 * to W′ and b′ mark the owner's effective weights stale rather than re-materialising them: the
 * owner brings them up to date before its next pass and before a read of W or b here, so filling
 * a layer value by value costs one re-materialisation, not one per value.
 */
public final class DenseLayer implements Dense {
  /** What a layer view needs of its model: the flat buffers and the freshness of W. */
  interface Owner {
    float[] parameters();

    float[] gradients();

    /** W′ or b′ changed: W = map(W′) and the packed copies of W are stale. */
    void markWeightsStale();

    /** Re-materialises W if a write left it stale. */
    void refreshStaleWeights();
  }

  private final Owner owner;
  private final DenseShape shape;
  private final String name;
  private final int in;
  private final int units;
  private final boolean hasBias;
  private final int weightOffset;
  private final float[] effectiveWeights;
  private final float[] effectiveBias;

  /**
   * {@code effectiveWeights}/{@code effectiveBias} are the arrays holding W and b at the same
   * offsets as W′ and b′ in the owner's parameters.
   */
  DenseLayer(Owner owner, DenseShape shape, float[] effectiveWeights, float[] effectiveBias) {
    this.owner = Objects.requireNonNull(owner);
    this.shape = Objects.requireNonNull(shape);
    this.name = shape.name();
    this.in = shape.in();
    this.units = shape.units();
    this.hasBias = shape.hasBias();
    this.weightOffset = shape.weightOffset();
    this.effectiveWeights = Objects.requireNonNull(effectiveWeights);
    this.effectiveBias = Objects.requireNonNull(effectiveBias);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Activation activation() {
    return shape.activation();
  }

  @Override
  public double slope() {
    return shape.slope();
  }

  /** What the generated code declared for this layer, constraint and quantizer included. */
  public DenseShape shape() {
    return shape;
  }

  @Override
  public int in() {
    return in;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public boolean hasBias() {
    return hasBias;
  }

  @Override
  public int weightOffset() {
    return weightOffset;
  }

  @Override
  public int biasOffset() {
    return weightOffset + in * units;
  }

  @Override
  public int parameterCount() {
    return in * units + (hasBias ? units : 0);
  }

  @Override
  public float weight(int i, int j) {
    owner.refreshStaleWeights();
    return effectiveWeights[weightIndex(i, j)];
  }

  @Override
  public float bias(int j) {
    owner.refreshStaleWeights();
    return effectiveBias[biasIndex(j)];
  }

  @Override
  public float freeWeight(int i, int j) {
    return owner.parameters()[weightIndex(i, j)];
  }

  @Override
  public float freeBias(int j) {
    return owner.parameters()[biasIndex(j)];
  }

  @Override
  public float weightGradient(int i, int j) {
    return owner.gradients()[weightIndex(i, j)];
  }

  @Override
  public float biasGradient(int j) {
    return owner.gradients()[biasIndex(j)];
  }

  @Override
  public void setFreeWeight(int i, int j, float value) {
    int index = weightIndex(i, j);
    checkFinite(value, "W′[" + i + "][" + j + "]");
    owner.parameters()[index] = value;
    owner.markWeightsStale();
  }

  @Override
  public void setFreeBias(int j, float value) {
    int index = biasIndex(j);
    checkFinite(value, "b′[" + j + "]");
    owner.parameters()[index] = value;
    owner.markWeightsStale();
  }

  @Override
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
    owner.markWeightsStale();
  }

  @Override
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
    owner.markWeightsStale();
  }

  @Override
  public void initialize(Init weights, Init bias, SplittableRandom random) {
    float[] p = owner.parameters();
    weights.fill(p, weightOffset, in * units, in, units, random);
    if (hasBias) {
      bias.fill(p, biasOffset(), units, in, units, random);
    }
    owner.markWeightsStale();
  }

  @Override
  public float[][] weights() {
    owner.refreshStaleWeights();
    float[][] w = new float[in][units];
    for (int i = 0; i < in; i++) {
      System.arraycopy(effectiveWeights, weightIndex(i, 0), w[i], 0, units);
    }
    return w;
  }

  @Override
  public float[] biases() {
    owner.refreshStaleWeights();
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
