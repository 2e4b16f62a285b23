package dev.nabla.optim;

import dev.nabla.Dense;
import dev.nabla.NablaModel;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which parameters an optimizer decays, and how strongly: λ for every layer's weights W′, λ for
 * every bias b′ (0 by default: biases are exempt, as in d2l and PyTorch's usual parameter groups)
 * and overrides for named layers. Immutable; each method returns a new description.
 *
 * <pre>{@code
 * new Sgd(0.1).weightDecay(WeightDecay.of(1e-4));                  // W of every layer, no bias
 * new Adam(1e-3).weightDecay(WeightDecay.of(0.01)
 *     .layer("output", 0, 0)                                        // leave 'output' alone
 *     .layer("hidden", 0.05, 0.05));                               // decay 'hidden' more, bias too
 * }</pre>
 *
 * <p>An optimizer resolves the description against a model's {@link NablaModel#layers() layers}
 * on its first {@link Optimizer#step(NablaModel) step} into one λ per stretch of the flat
 * parameter buffer. Decay acts on the free parameters W′ the optimizer trains. A description
 * with one λ for all parameters ({@link #none()}, or {@code of(λ).biases(λ)}) needs no layers
 * and also serves {@link Optimizer#step(float[], float[], int)} on a bare vector.
 */
public final class WeightDecay {
  private static final WeightDecay NONE = new WeightDecay(0f, 0f, new String[0], new float[0],
      new float[0]);

  private final float weights;
  private final float biases;
  private final String[] layerNames;
  private final float[] layerWeights;
  private final float[] layerBiases;

  private WeightDecay(float weights, float biases, String[] layerNames, float[] layerWeights,
      float[] layerBiases) {
    this.weights = weights;
    this.biases = biases;
    this.layerNames = layerNames;
    this.layerWeights = layerWeights;
    this.layerBiases = layerBiases;
  }

  /** No decay at all. */
  public static WeightDecay none() {
    return NONE;
  }

  /**
   * Decays every layer's weights with {@code lambda}; biases are exempt.
   *
   * @throws IllegalArgumentException unless {@code lambda} is finite and {@code >= 0}
   */
  public static WeightDecay of(double lambda) {
    return new WeightDecay(Hyper.nonNegative("weight decay", lambda), 0f, NONE.layerNames,
        NONE.layerWeights, NONE.layerBiases);
  }

  /**
   * This description with every layer's bias decayed by {@code lambda} (layers named in
   * {@link #layer} keep their own values).
   *
   * @throws IllegalArgumentException unless {@code lambda} is finite and {@code >= 0}
   */
  public WeightDecay biases(double lambda) {
    return new WeightDecay(weights, Hyper.nonNegative("bias decay", lambda), layerNames,
        layerWeights, layerBiases);
  }

  /**
   * This description with layer {@code name}'s weights decayed by {@code weightLambda} and its
   * bias by {@code biasLambda}, replacing any earlier override of that layer. 0 exempts.
   *
   * @throws IllegalArgumentException unless both values are finite and {@code >= 0}
   */
  public WeightDecay layer(String name, double weightLambda, double biasLambda) {
    Objects.requireNonNull(name, "name");
    float w = Hyper.nonNegative("weight decay of layer '" + name + "'", weightLambda);
    float b = Hyper.nonNegative("bias decay of layer '" + name + "'", biasLambda);
    int index = Arrays.asList(layerNames).indexOf(name);
    int size = index >= 0 ? layerNames.length : layerNames.length + 1;
    String[] names = Arrays.copyOf(layerNames, size);
    float[] ws = Arrays.copyOf(layerWeights, size);
    float[] bs = Arrays.copyOf(layerBiases, size);
    int at = index >= 0 ? index : size - 1;
    names[at] = name;
    ws[at] = w;
    bs[at] = b;
    return new WeightDecay(weights, biases, names, ws, bs);
  }

  /** λ of layer {@code name}'s weights. */
  public float weightLambda(String name) {
    int index = overrideOf(name);
    return index >= 0 ? layerWeights[index] : weights;
  }

  /** λ of layer {@code name}'s bias. */
  public float biasLambda(String name) {
    int index = overrideOf(name);
    return index >= 0 ? layerBiases[index] : biases;
  }

  /** Whether every parameter of every model gets the same λ, so no layer layout is needed. */
  boolean uniform() {
    return layerNames.length == 0 && weights == biases;
  }

  /** The λ of every parameter when {@link #uniform()}. */
  float uniformLambda() {
    return weights;
  }

  /** Index of the override for {@code name}, or −1; a loop, so nothing is allocated. */
  private int overrideOf(String name) {
    for (int i = 0; i < layerNames.length; i++) {
      if (layerNames[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Checks that this description can be applied to {@code model}: every layer it names exists,
   * and, unless one λ serves all parameters, the layers cover the parameters in order (each
   * layer's W′ then b′ right after the previous layer's, as generated models lay them out).
   * Allocates nothing when the check passes.
   *
   * @throws IllegalArgumentException naming the missing layer or the uncovered parameters
   */
  public void requireFits(NablaModel model) {
    List<Dense> layers = model.layers();
    for (String name : layerNames) {
      if (!hasLayer(layers, name)) {
        throw new IllegalArgumentException("weight decay names layer '" + name + "', but the "
            + "model's layers are " + layerNamesOf(layers));
      }
    }
    if (uniform()) {
      return;
    }
    int end = 0;
    for (int i = 0; i < layers.size(); i++) {
      Dense layer = layers.get(i);
      if (layer.weightOffset() != end) {
        throw uncovered(model, end, layer.weightOffset());
      }
      end = layer.weightOffset() + layer.parameterCount();
    }
    if (end != model.parameterCount()) {
      throw uncovered(model, end, model.parameterCount());
    }
  }

  private static boolean hasLayer(List<Dense> layers, String name) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String layerNamesOf(List<Dense> layers) {
    StringBuilder names = new StringBuilder("[");
    for (Dense layer : layers) {
      names.append(names.length() > 1 ? ", '" : "'").append(layer.name()).append('\'');
    }
    return names.append(']').toString();
  }

  private IllegalArgumentException uncovered(NablaModel model, int from, int to) {
    return new IllegalArgumentException(this + " needs to know which parameters are weights and "
        + "which biases, but parameters from " + Math.min(from, to) + " to " + Math.max(from, to)
        + " of the model's " + model.parameterCount() + " belong to no layer in order; use one "
        + "λ for all parameters (WeightDecay.of(λ).biases(λ)) for such a model");
  }

  /**
   * Resolves this description against {@code model}: the λ of each stretch of its parameters,
   * adjacent stretches of equal λ merged.
   */
  DecayPlan plan(NablaModel model) {
    requireFits(model);
    if (uniform()) {
      return DecayPlan.uniform(model.parameterCount(), weights);
    }
    DecayPlan.Builder plan = new DecayPlan.Builder();
    for (Dense layer : model.layers()) {
      plan.add(layer.weightOffset(), layer.in() * layer.units(), weightLambda(layer.name()));
      if (layer.hasBias()) {
        plan.add(layer.biasOffset(), layer.units(), biasLambda(layer.name()));
      }
    }
    return plan.build();
  }

  /**
   * The L2 penalty Σ λ/2·‖θ‖² over the decayed parameters θ of {@code model}, summed in double:
   * what coupled decay (SGD, RMSprop) adds to the loss it minimises. Allocates nothing.
   *
   * @throws IllegalArgumentException if this description does not {@link #requireFits fit} the
   *     model
   */
  public double penalty(NablaModel model) {
    requireFits(model);
    float[] parameters = model.parameters();
    if (uniform()) {
      return weights == 0 ? 0 : weights / 2.0 * sumOfSquares(parameters, 0,
          model.parameterCount());
    }
    double penalty = 0;
    List<Dense> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      Dense layer = layers.get(i);
      penalty += weightLambda(layer.name()) / 2.0
          * sumOfSquares(parameters, layer.weightOffset(), layer.in() * layer.units());
      if (layer.hasBias()) {
        penalty += biasLambda(layer.name()) / 2.0
            * sumOfSquares(parameters, layer.biasOffset(), layer.units());
      }
    }
    return penalty;
  }

  private static double sumOfSquares(float[] values, int offset, int length) {
    double sum = 0;
    for (int i = offset; i < offset + length; i++) {
      sum += (double) values[i] * values[i];
    }
    return sum;
  }

  /** E.g. {@code WeightDecay.of(1.0E-4).layer("output", 0.0, 0.0)}. */
  @Override
  public String toString() {
    if (this == NONE || (uniform() && weights == 0)) {
      return "WeightDecay.none()";
    }
    StringBuilder text = new StringBuilder("WeightDecay.of(").append(weights).append(')');
    if (biases != 0) {
      text.append(".biases(").append(biases).append(')');
    }
    for (int i = 0; i < layerNames.length; i++) {
      text.append(".layer(\"").append(layerNames[i]).append("\", ").append(layerWeights[i])
          .append(", ").append(layerBiases[i]).append(')');
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WeightDecay that && weights == that.weights
        && biases == that.biases && Arrays.equals(layerNames, that.layerNames)
        && Arrays.equals(layerWeights, that.layerWeights)
        && Arrays.equals(layerBiases, that.layerBiases);
  }

  @Override
  public int hashCode() {
    return Objects.hash(weights, biases, Arrays.hashCode(layerNames),
        Arrays.hashCode(layerWeights), Arrays.hashCode(layerBiases));
  }
}
