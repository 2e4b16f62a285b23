package dev.nabla.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;

/**
 * Small layers that run feature-major: Xᵀ, Zᵀ and dZᵀ hold one row per feature with the samples
 * along it. Only the output layer's Z, A and dZ are row-major, like the caller's arrays.
 */
final class FeatureMajorEmitter extends LayoutEmitter {
  static final ClassName CORE = ClassName.get(INTERNAL, "FeatureMajorCore");

  FeatureMajorEmitter(NetworkModel model, ModelNames names) {
    super(model, names, CORE);
  }

  @Override
  String layoutDoc() {
    return "\n<p>Every layer is small, so a batch runs feature-major: Xᵀ, Zᵀ and dZᵀ hold one row "
        + "per\nfeature with the samples along it, and the kernels put samples in the vector "
        + "lanes.\nOnly the output layer's Z, A and dZ are row-major, like the caller's arrays.\n";
  }

  @Override
  CodeBlock forwardPass() {
    CodeBlock.Builder body = CodeBlock.builder()
        .add("// Xᵀ: one row per input feature, the samples along it\n")
        .addStatement("toFeatureMajor(x, rows, $N, inputPlanes)", names.inputs);
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      ModelNames.Layer n = names.layer(k);
      boolean last = layer == model.output();
      body.add("// $LZᵀ = Wᵀ·Xᵀ$L\n", header(k), layer.bias() ? " + b·1ᵀ" : "")
          .addStatement("dense($N, $L, $L, rows)", n.shape(), forwardInput(k, "inputPlanes"),
              last ? "outputPlanes" : n.z());
      if (last) {
        body.add("// Z = (Zᵀ)ᵀ, row-major for the loss and the caller\n")
            .addStatement("toRowMajor(outputPlanes, $N, rows, $N)", names.outputs, n.z());
      }
      ModelWriter.activation(body, layer, n);
      dropout(body, k);
    }
    return body.build();
  }

  @Override
  void gradients(CodeBlock.Builder body, int k) {
    LayerModel layer = model.layers().get(k);
    ModelNames.Layer n = names.layer(k);
    String dz = n.delta();
    if (layer == model.output()) {
      body.add("// $L: dZᵀ, feature-major like the layers\n", layer.name())
          .addStatement("toFeatureMajor($N, rows, $N, outputPlanes)", n.delta(), names.outputs);
      dz = "outputPlanes";
    }
    body.add("// $L: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of dZᵀ\n",
        layer.name());
    if (layer.bias()) {
      body.add("// $L: ∇b = 1ᵀ·dZ, the row sums of dZᵀ\n", layer.name());
    }
    body.addStatement("parameterGradients($N, $L, $L, rows)", n.shape(),
        input(k, "inputPlanes"), dz);
    if (k > 0) {
      body.add("// $L: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, $L\n", layer.name(), inputGradientOf(k))
          .addStatement("inputGradient($N, $L, $N, rows)", n.shape(), dz,
              names.layer(k - 1).delta());
    }
  }

  @Override
  void weightsChanged(CodeBlock.Builder body) {
    if (!model.hasEffectiveWeights()) {
      body.add("// No constrained or quantized layer: the forward pass reads W′ itself.\n");
    }
  }
}
