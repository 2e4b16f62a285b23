package dev.nabla.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nabla.processor.model.NetworkModel;

/**
 * The part of a generated model that depends on its batch layout: the runtime core it extends,
 * the forward pass, and each layer's ∇W, ∇b and dX. The rest is {@link ModelWriter}'s.
 */
abstract sealed class LayoutEmitter permits RowMajorEmitter, FeatureMajorEmitter {
  static final String INTERNAL = "dev.nabla.internal";

  final NetworkModel model;
  final ModelNames names;
  /** The runtime class the nested core extends. */
  final ClassName coreBase;

  LayoutEmitter(NetworkModel model, ModelNames names, ClassName coreBase) {
    this.model = model;
    this.names = names;
    this.coreBase = coreBase;
  }

  static LayoutEmitter of(NetworkModel model, ModelNames names) {
    return model.featureMajor() ? new FeatureMajorEmitter(model, names)
        : new RowMajorEmitter(model, names);
  }

  /** What the class Javadoc says about the layout, or "" for nothing. */
  abstract String layoutDoc();

  /** The body of {@code forwardPass(x, rows)}. */
  abstract CodeBlock forwardPass();

  /**
   * Layer {@code k}'s ∇W, ∇b and, unless it is the first, the dA of the layer before, from its
   * dZ in {@code delta}.
   */
  abstract void gradients(CodeBlock.Builder body, int k);

  /** What {@code weightsChanged()} does for the layout, after the weight maps. */
  abstract void weightsChanged(CodeBlock.Builder body);

  /** Layer k's input: X (or Xᵀ), or the previous layer's A. */
  String input(int k, String first) {
    return k > 0 ? names.layer(k - 1).output() : first;
  }

  /** "hidden (784 → 256): " */
  String header(int k) {
    return header(model, k);
  }

  static String header(NetworkModel model, int k) {
    var layer = model.layers().get(k);
    return layer.name() + " (" + layer.in() + " → " + layer.units() + "): ";
  }
}
