package dev.nabla.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nabla.processor.model.LayerModel;
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

  /**
   * Layer k's input in the backward pass, which follows a training pass: X (or Xᵀ), the previous
   * layer's A, or its D = A ⊙ M where it drops outputs.
   */
  String input(int k, String first) {
    if (k == 0) {
      return first;
    }
    return names.dropout(k - 1).map(dropout -> dropout.mask() + ".dropped()")
        .orElse(names.layer(k - 1).output());
  }

  /** Layer k's input in the forward pass: as {@link #input}, D in the local of the dropout. */
  String forwardInput(int k, String first) {
    return k > 0 ? names.dropout(k - 1).map(ModelNames.Dropout::kept)
        .orElse(names.layer(k - 1).output()) : first;
  }

  /** What dX of layer k is: "the dA of 'hidden'", or its dD where 'hidden' drops outputs. */
  String inputGradientOf(int k) {
    String previous = model.layers().get(k - 1).name();
    return names.dropout(k - 1).isPresent() ? "the dD of '" + previous + "' (D = A ⊙ M)"
        : "the dA of '" + previous + "'";
  }

  /** D = A ⊙ M of layer k, with its formula, where it drops outputs. */
  void dropout(CodeBlock.Builder body, int k) {
    LayerModel layer = model.layers().get(k);
    names.dropout(k).ifPresent(dropout -> body
        .add("// $L: D = A ⊙ M in training, M = [U ≥ $L] / (1 − $L), U ~ Uniform[0, 1) per row "
            + "and unit; else D = A\n", layer.name(), layer.dropout(), layer.dropout())
        .addStatement("float[] $N = $N.apply($N, rows)", dropout.kept(), dropout.mask(),
            names.layer(k).output()));
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
