package dev.nabla.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;

/** Layers that run row-major, one sample per row, as the caller's arrays are. */
final class RowMajorEmitter extends LayoutEmitter {
  static final ClassName CORE = ClassName.get(INTERNAL, "RowMajorCore");

  RowMajorEmitter(NetworkModel model, ModelNames names) {
    super(model, names, CORE);
  }

  @Override
  String layoutDoc() {
    return "";
  }

  @Override
  CodeBlock forwardPass() {
    CodeBlock.Builder body = CodeBlock.builder();
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      ModelNames.Layer n = names.layer(k);
      body.add("// $LZ = X·W$L\n", header(k), layer.bias() ? " + 1·bᵀ" : "")
          .addStatement("dense($N, $L, $N, rows)", n.shape(), forwardInput(k, "x"), n.z());
      ModelWriter.activation(body, layer, n);
      dropout(body, k);
    }
    return body.build();
  }

  @Override
  void gradients(CodeBlock.Builder body, int k) {
    LayerModel layer = model.layers().get(k);
    ModelNames.Layer n = names.layer(k);
    body.add("// $L: ∇W = Xᵀ·dZ\n", layer.name());
    if (layer.bias()) {
      body.add("// $L: ∇b = 1ᵀ·dZ\n", layer.name());
    }
    body.addStatement("parameterGradients($N, $L, $N, rows)", n.shape(), input(k, "x"),
        n.delta());
    if (k > 0) {
      body.add("// $L: dX = dZ·Wᵀ, $L\n", layer.name(), inputGradientOf(k))
          .addStatement("inputGradient($N, $N, $N, rows)", n.shape(), n.delta(),
              names.layer(k - 1).delta());
    }
  }

  @Override
  void weightsChanged(CodeBlock.Builder body) {
    body.add("// The packed copies of W are stale now; the next forward pass repacks.\n")
        .addStatement("dropPackedWeights()");
  }
}
