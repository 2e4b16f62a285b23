package dev.nabla.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Turns a {@link NetworkModel} into the source of its inference class: the width constants, one
 * shape constant per layer, the static factories, and the forward pass written out layer by layer
 * with its formulas. Everything the same in every model (frozen weights, per-thread working
 * memory, argument checks, tiling, softmax, arg-max) is the runtime's
 * {@code dev.nabla.internal.InferenceCore}. Its layers always run row-major: a tile of rows is
 * one product per layer whatever the trainable model's layout.
 */
public final class InferenceWriter {
  private static final ClassName INFERENCE_CORE =
      ClassName.get(LayoutEmitter.INTERNAL, "InferenceCore");
  /** The superclass of every generated inference class. */
  public static final String INFERENCE_CORE_NAME = INFERENCE_CORE.canonicalName();
  private static final ClassName WORKSPACE = INFERENCE_CORE.nestedClass("Workspace");
  private static final ClassName PRECISION = ClassName.get("dev.nabla", "Precision");
  private static final ClassName LAYER_WEIGHTS = ClassName.get("dev.nabla", "LayerWeights");
  private static final ClassName LOSS = ClassName.get("dev.nabla", "Loss");
  private static final TypeName WEIGHT_LIST =
      ParameterizedTypeName.get(ClassName.get(List.class), LAYER_WEIGHTS);

  private final NetworkModel model;
  private final ModelNames names;

  private InferenceWriter(NetworkModel model) {
    this.model = model;
    this.names = new ModelNames(model);
  }

  /** The inference class for {@code model}, without the {@code @Generated} marker. */
  public static TypeSpec write(NetworkModel model) {
    return new InferenceWriter(model).type();
  }

  private TypeSpec type() {
    ClassName self = ClassName.get(model.packageName(), model.inferenceName());
    ClassName trainable = ClassName.get(model.packageName(), model.generatedName());
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(INFERENCE_CORE)
        .addJavadoc("Inference-only form of {@link $T}: $L.\n", trainable,
            ModelWriter.architecture(model))
        .addJavadoc("\n<p>Effective weights frozen when built, safe to share between threads; "
            + "see\n{@link dev.nabla.NablaInference}.\n");
    type.addField(ModelWriter.constant(names.inputs, model.inputs(), "Width of one input row."));
    type.addField(ModelWriter.constant(names.outputs, model.outputs(),
        "Width of one output row."));
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      // With the layer's constraint and quantizer: a quantizer's step is its int8 scale.
      CodeBlock shape = ModelWriter.withWeightMaps(ModelWriter.shape(layer, k), layer);
      type.addField(ModelWriter.shapeConstant(names.layer(k).shape(), shape,
          CodeBlock.of("'$L': W ($L×$L)$L.\n", layer.name(), layer.in(), layer.units(),
              layer.bias() ? ", b (" + layer.units() + ")" : "")));
    }
    CodeBlock.Builder shapes = CodeBlock.builder();
    for (int k = 0; k < model.layers().size(); k++) {
      shapes.add(",$W$N", names.layer(k).shape());
    }
    type.addMethod(MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(WEIGHT_LIST, "weights")
        .addParameter(PRECISION, "precision")
        .addStatement("super($S, $N, $N, $T.$L, precision, weights$L)", model.inferenceName(),
            names.inputs, names.outputs, LOSS, model.loss(), shapes.build())
        .build());
    type.addMethod(MethodSpec.methodBuilder("of")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addJavadoc("The float32 inference form of {@code model}'s current effective weights.\n")
        .addParameter(trainable, "model")
        .addStatement("return of(model, $T.FLOAT32)", PRECISION)
        .build());
    type.addMethod(MethodSpec.methodBuilder("of")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addJavadoc("The inference form of {@code model}'s current effective weights W = map(W′) "
            + "and b,\ncopied now and stored in {@code precision}.\n")
        .addParameter(trainable, "model")
        .addParameter(PRECISION, "precision")
        .addStatement("return new $T($T.of(model), precision)", self, LAYER_WEIGHTS)
        .build());
    type.addMethod(MethodSpec.methodBuilder("of")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(self)
        .addJavadoc("An inference object from each layer's effective weights, in declaration "
            + "order (names,\nshapes and bias as declared), e.g. read from a weights file; the "
            + "arrays are copied.\n")
        .addParameter(WEIGHT_LIST, "weights")
        .addParameter(PRECISION, "precision")
        .addStatement("return new $T(weights, precision)", self)
        .build());
    type.addMethod(forwardPass());
    return type.build();
  }

  private MethodSpec forwardPass() {
    CodeBlock.Builder body = CodeBlock.builder();
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      String shape = names.layer(k).shape();
      body.add("// $LZ = X·W$L\n", LayoutEmitter.header(model, k), layer.bias() ? " + 1·bᵀ" : "");
      if (k == 0) {
        body.addStatement("dense($N, x, xOff, work, rows)", shape);
      } else {
        body.addStatement("dense($N, $N, work, rows)", shape, names.layer(k - 1).shape());
      }
      ModelWriter.activation(body, layer, CodeBlock.of("$N, work", shape));
    }
    return MethodSpec.methodBuilder("forwardPass")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addParameter(WORKSPACE, "work")
        .addParameter(float[].class, "x")
        .addParameter(int.class, "xOff")
        .addParameter(int.class, "rows")
        .addCode(body.build())
        .build();
  }
}
