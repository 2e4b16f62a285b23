package dev.nabla;

import dev.nabla.init.Init;
import java.util.SplittableRandom;

/**
 * One dense layer of a generated model: a view of its slice of the model's flat buffers. W is
 * {@code in × units}, row-major, and the bias follows it, so [W; b] is the augmented
 * {@code (in + 1) × units} matrix. Declare a layer as a {@code Dense} field annotated with
 * {@link Layer}; the generated model assigns it.
 *
 * <p>{@code free} values are what the optimizer trains (W′); {@code effective} values are what the
 * forward pass uses (W = map(W′) for constrained or quantized layers, the same numbers otherwise).
 */
public interface Dense {
  String name();

  int in();

  int units();

  /** The activation applied after the affine map. */
  Activation activation();

  /** The slope of a {@link Activation#LEAKY_RELU} for z ≤ 0; 0 with any other activation. */
  double slope();

  boolean hasBias();

  /** Offset of W′ (then b′) in {@link NablaModel#parameters()}. */
  int weightOffset();

  int biasOffset();

  /** Number of trained values: in·units, plus units with a bias. */
  int parameterCount();

  /** Effective weight W[i][j] used by the forward pass. */
  float weight(int i, int j);

  /** Effective bias b[j]. */
  float bias(int j);

  /** Free parameter W′[i][j]. */
  float freeWeight(int i, int j);

  /** Free parameter b′[j]. */
  float freeBias(int j);

  /** ∂L/∂W′[i][j] from the last backward pass. */
  float weightGradient(int i, int j);

  /** ∂L/∂b′[j] from the last backward pass. */
  float biasGradient(int j);

  /**
   * Sets W′[i][j]. W = map(W′) follows before the model's next pass and before the next read of
   * W or b, so filling a layer value by value re-materialises once, not once per value.
   */
  void setFreeWeight(int i, int j, float value);

  /** Sets b′[j]; W and b follow as {@link #setFreeWeight} states. */
  void setFreeBias(int j, float value);

  /**
   * Sets the whole of W′ from an {@code in × units} array. Checks every value first: on a bad
   * shape or a non-finite value it throws and changes nothing.
   */
  void setFreeWeights(float[][] values);

  /**
   * Sets the whole of b′. Checks every value first: on a bad length or a non-finite value it
   * throws and changes nothing.
   */
  void setFreeBiases(float[] values);

  /** Draws W′ from {@code weights} and b′ from {@code bias}. */
  void initialize(Init weights, Init bias, SplittableRandom random);

  /** Effective W as a fresh {@code in × units} array, for printing and inspection. */
  float[][] weights();

  /** Effective b as a fresh array (empty without a bias). */
  float[] biases();
}
