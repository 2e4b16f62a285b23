package dev.nabla.processor.model;

import dev.nabla.Loss;
import java.util.List;
import java.util.Objects;

/**
 * A validated network declaration: everything code generation needs, nothing it must check.
 *
 * @param packageName package of the declaring class and the generated class
 * @param declaringClass the user's class name relative to its package, e.g. {@code Outer.Net}
 * @param generatedName simple name of the generated class, e.g. {@code Outer_NetModel}
 * @param reservedNames member names of the declaring class the generated code must not shadow
 * @param featureMajorLimit the largest layer (in weights) of a network evaluated feature-major
 */
public record NetworkModel(String packageName, String declaringClass, String generatedName,
    int inputs, Loss loss, List<LayerModel> layers, List<String> reservedNames,
    int featureMajorLimit) {
  public NetworkModel {
    Objects.requireNonNull(packageName);
    Objects.requireNonNull(declaringClass);
    Objects.requireNonNull(generatedName);
    Objects.requireNonNull(loss);
    layers = List.copyOf(layers);
    reservedNames = List.copyOf(reservedNames);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs a layer");
    }
  }

  public LayerModel output() {
    return layers.get(layers.size() - 1);
  }

  public int outputs() {
    return output().units();
  }

  public int parameterCount() {
    LayerModel last = output();
    return last.weightOffset() + last.parameterCount();
  }

  /**
   * Whether every layer is small enough for the feature-major layout, where each feature of a
   * batch is one contiguous row of samples and the kernels put samples in the vector lanes.
   */
  public boolean featureMajor() {
    return layers.stream().allMatch(layer -> layer.weightCount() <= featureMajorLimit);
  }

  /** Whether any layer's effective weights differ from its free parameters. */
  public boolean hasEffectiveWeights() {
    return layers.stream().anyMatch(layer -> !layer.segments().isEmpty());
  }
}
