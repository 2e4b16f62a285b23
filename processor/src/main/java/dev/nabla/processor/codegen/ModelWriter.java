package dev.nabla.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;
import dev.nabla.processor.model.Quantizer;
import dev.nabla.processor.model.WeightMap;
import dev.nabla.processor.model.WeightSegment;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Turns a {@link NetworkModel} into the source of its model class: the constants, one shape
 * constant per layer, and a nested core that extends the runtime's and holds what is particular
 * to the network: its buffers, its forward pass, its loss and its backward pass, written out layer
 * by layer with the matrix-calculus formula above each call. Everything the same in every model
 * (argument checks, the thread guard, labels, the guarded training step) is the runtime's
 * {@code dev.nabla.internal.ModelCore}. The layout's part is a {@link LayoutEmitter}'s, the
 * constrained and quantized weights' a {@link WeightMapEmitter}'s.
 */
public final class ModelWriter {
  private static final ClassName LOSS = ClassName.get("dev.nabla", "Loss");
  private static final ClassName ACTIVATION = ClassName.get("dev.nabla", "Activation");
  private static final ClassName CONSTRAINT = ClassName.get("dev.nabla", "Constraint");
  private static final ClassName DENSE_SHAPE = ClassName.get(LayoutEmitter.INTERNAL, "DenseShape");
  private static final ClassName GENERATED_MODEL =
      ClassName.get(LayoutEmitter.INTERNAL, "GeneratedModel");
  private static final ClassName MODEL_CORE = ClassName.get(LayoutEmitter.INTERNAL, "ModelCore");
  private static final ClassName DROPOUT_MASK =
      ClassName.get(LayoutEmitter.INTERNAL, "DropoutMask");
  /**
   * Every type the generated class body names. A member of the model's class named like one of
   * them would shadow it, so the writer qualifies that name; validation checks the package
   * roots of these names are not shadowed in turn.
   */
  public static final List<ClassName> TYPES_IN_BODY = List.of(LOSS, ACTIVATION, CONSTRAINT, DENSE_SHAPE,
      GENERATED_MODEL, MODEL_CORE, DROPOUT_MASK, RowMajorEmitter.CORE, FeatureMajorEmitter.CORE,
      WeightMapEmitter.WEIGHT_MAPS, WeightMapEmitter.ARRAYS, ClassName.get(Override.class));
  /** The method the generated class implements besides the user's; see {@code GeneratedModel}. */
  public static final String CORE_ACCESSOR = "nablaCore";
  private static final TypeName FLOATS = TypeName.get(float[].class);
  private static final Modifier[] CONSTANT = {Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL};

  private final NetworkModel model;
  private final ModelNames names;
  private final LayoutEmitter layout;
  private final WeightMapEmitter weightMaps;

  private ModelWriter(NetworkModel model) {
    this.model = model;
    this.names = new ModelNames(model);
    this.layout = LayoutEmitter.of(model, names);
    this.weightMaps = new WeightMapEmitter(model);
  }

  /** The model class for {@code model}, without the {@code @Generated} marker. */
  public static TypeSpec write(NetworkModel model) {
    return new ModelWriter(model).type();
  }

  private TypeSpec type() {
    ClassName self = ClassName.get(model.packageName(), model.generatedName());
    ClassName declaring = ClassName.get(model.packageName(), model.declaringClass());
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(declaring)
        // A user member named like a runtime type would shadow its simple name.
        .alwaysQualify(model.reservedNames().toArray(String[]::new))
        .addSuperinterface(GENERATED_MODEL)
        .addJavadoc("Generated from {@link $T}: $L.\n", declaring, architecture(model))
        .addJavadoc("\n<p>Parameters live in one flat buffer; each layer's W (in × units) is "
            + "row-major and its bias\nfollows it, so [W; b] is the layer's augmented matrix.\n")
        .addJavadoc(layout.layoutDoc());
    if (!model.suppressedWarnings().isEmpty()) {
      CodeBlock categories = model.suppressedWarnings().stream()
          .map(category -> CodeBlock.of("$S", category)).collect(CodeBlock.joining(", "));
      type.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
          .addMember("value", "{$L}", categories).build());
    }
    addConstants(type);
    ClassName coreType = self.nestedClass(names.coreType);
    type.addField(FieldSpec.builder(coreType, names.core, Modifier.PRIVATE, Modifier.FINAL)
        .build());
    type.addMethod(constructor(coreType));
    type.addMethod(MethodSpec.methodBuilder(CORE_ACCESSOR)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(MODEL_CORE)
        .addStatement("return $N", names.core)
        .build());
    type.addType(core());
    return type.build();
  }

  /** "784 → 256 relu → 10, SOFTMAX_CROSS_ENTROPY" */
  static String architecture(NetworkModel model) {
    StringBuilder text = new StringBuilder().append(model.inputs());
    for (LayerModel layer : model.layers()) {
      text.append(" → ").append(layer.units());
      if (layer.activation() != Activation.IDENTITY) {
        text.append(' ').append(layer.activation().name().toLowerCase(Locale.ROOT));
      }
    }
    return text.append(", ").append(model.loss()).toString();
  }

  // ---------------------------------------------------------------- outer class

  private void addConstants(TypeSpec.Builder type) {
    type.addField(constant(names.inputs, model.inputs(), "Width of one input row."));
    type.addField(constant(names.outputs, model.outputs(), "Width of one output row."));
    type.addField(constant(names.parameterCount, model.parameterCount(),
        "Number of trained parameters, all layers together."));
    type.addField(constant(names.maxBatchLimit, model.maxBatchLimit(),
        "The largest maxBatch: every buffer holds at most " + model.widestRow()
            + " floats per row,\nand a Java array at most " + NetworkModel.MAX_ARRAY_LENGTH
            + " (Integer.MAX_VALUE − 8)."));
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      CodeBlock shape = withWeightMaps(shape(layer, k), layer);
      String bias = layer.bias() ? ", b (" + layer.units() + ") at " + layer.biasOffset() : "";
      String dropout = layer.hasDropout() ? "; dropout " + layer.dropout() + " in training" : "";
      type.addField(shapeConstant(names.layer(k).shape(), shape,
          CodeBlock.of("'$L': W ($L×$L) at $L$L$L.\n", layer.name(), layer.in(), layer.units(),
              layer.weightOffset(), bias, dropout)));
    }
  }

  /** {@code new DenseShape(…)} of layer {@code k}, reading W and b from the parameters. */
  static CodeBlock shape(LayerModel layer, int k) {
    CodeBlock shape = CodeBlock.of("new $T($L, $S, $L, $L, $L,$W$L, $T.$L)", DENSE_SHAPE, k,
        layer.name(), layer.in(), layer.units(), layer.weightOffset(), layer.bias(), ACTIVATION,
        layer.activation());
    return layer.activation() == Activation.LEAKY_RELU
        ? CodeBlock.of("$L$Z.slope($L)", shape, layer.slope()) : shape;
  }

  /** A layer's private static shape constant. */
  static FieldSpec shapeConstant(String name, CodeBlock shape, CodeBlock doc) {
    return FieldSpec.builder(DENSE_SHAPE, name, Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc(doc)
        .initializer(shape)
        .build();
  }

  /** The shape with the layer's constraint and quantizer, which the runtime's weights files need. */
  static CodeBlock withWeightMaps(CodeBlock shape, LayerModel layer) {
    for (WeightSegment segment : layer.segments()) {
      if (segment.map().isPresent()) {
        WeightMap map = segment.map().get();
        boolean mapsBias = layer.bias() && segment.length() == layer.parameterCount();
        shape = CodeBlock.of("$L$Z.constrained($T.$L, $L, $L, $L)", shape, CONSTRAINT,
            map.constraint(), map.lo(), map.hi(), mapsBias);
      }
    }
    Optional<Quantizer> quantizer = layer.segments().stream()
        .flatMap(segment -> segment.quantizer().stream()).findFirst();
    if (quantizer.isPresent()) {
      shape = CodeBlock.of("$L$Z.quantized($L, $L)", shape, quantizer.get().step(),
          quantizer.get().straightThrough());
    }
    return shape;
  }

  static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(int.class, name, CONSTANT)
        .initializer("$L", value)
        .addJavadoc("$L\n", doc)
        .build();
  }

  private MethodSpec constructor(ClassName coreType) {
    // The parameter is read before any layer field is assigned, so a layer named like it is fine.
    MethodSpec.Builder method = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates every buffer for batches of up to {@code maxBatch} rows and "
            + "initializes the\nparameters with {@link #initialize(long) initialize(0)}.\n")
        .addParameter(int.class, "maxBatch")
        .addStatement("this.$N = new $T(maxBatch)", names.core, coreType);
    for (int k = 0; k < model.layers().size(); k++) {
      method.addStatement("this.$N = this.$N.layers().get($L)", model.layers().get(k).name(),
          names.core, k);
    }
    return method.addStatement("this.$N.initialize(0L)", names.core).build();
  }

  // ---------------------------------------------------------------- nested core

  private TypeSpec core() {
    TypeSpec.Builder core = TypeSpec.classBuilder(names.coreType)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .superclass(layout.coreBase)
        .addJavadoc("This network's buffers and passes; per layer, {@code *Out} holds Z, then A = "
            + "activation(Z)\nin place ({@code *Logits} keeps Z apart where the loss needs it), "
            + "and {@code *Delta} dA, then\ndZ in place.\n");
    for (int k = 0; k < model.layers().size(); k++) {
      ModelNames.Layer n = names.layer(k);
      n.logits().ifPresent(logits -> core.addField(buffer(logits, n)));
      core.addField(buffer(n.output(), n));
      core.addField(buffer(n.delta(), n));
    }
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      ModelNames.Layer n = names.layer(k);
      names.dropout(k).ifPresent(dropout -> core.addField(FieldSpec.builder(DROPOUT_MASK,
              dropout.mask(), Modifier.PRIVATE, Modifier.FINAL)
          .initializer("dropout($N, $Lf)", n.shape(), layer.dropout())
          .build()));
    }
    CodeBlock.Builder shapes = CodeBlock.builder();
    for (int k = 0; k < model.layers().size(); k++) {
      shapes.add(",$W$N", names.layer(k).shape());
    }
    core.addMethod(MethodSpec.constructorBuilder()
        .addParameter(int.class, "maxBatch")
        .addStatement("super($S, $N, $N, $T.$L,$W$N, $N, $L, maxBatch$L)", model.generatedName(),
            names.inputs, names.outputs, LOSS, model.loss(), names.parameterCount,
            names.maxBatchLimit, model.hasEffectiveWeights(), shapes.build())
        .build());
    core.addMethod(override("output", FLOATS)
        .addStatement("return $N", names.layer(model.layers().size() - 1).output()).build());
    core.addMethod(override("forwardPass", TypeName.VOID)
        .addParameter(FLOATS, "x").addParameter(int.class, "rows")
        .addCode(layout.forwardPass()).build());
    core.addMethod(outputLoss());
    core.addMethod(backwardPass());
    CodeBlock.Builder changed = CodeBlock.builder();
    weightMaps.materialize(changed);
    layout.weightsChanged(changed);
    core.addMethod(override("weightsChanged", TypeName.VOID).addCode(changed.build()).build());
    return core.build();
  }

  private FieldSpec buffer(String name, ModelNames.Layer layer) {
    return FieldSpec.builder(FLOATS, name, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new float[maxBatch * $N.units()]", layer.shape())
        .build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .returns(returns);
  }

  /** A = activation(Z) of one layer, with its formula; nothing for the identity. */
  static void activation(CodeBlock.Builder body, LayerModel layer, ModelNames.Layer names) {
    activation(body, layer, CodeBlock.of("$N, $N, $N", names.shape(), names.z(), names.output()));
  }

  /** {@code activate(arguments, rows)} with its formula; nothing for the identity. */
  static void activation(CodeBlock.Builder body, LayerModel layer, CodeBlock arguments) {
    String formula = switch (layer.activation()) {
      case IDENTITY -> null;
      case SIGMOID -> "σ(Z) = 1 / (1 + e^−Z)";
      case TANH -> "tanh(Z)";
      case RELU -> "max(0, Z)";
      case LEAKY_RELU -> "max(0, Z) + " + layer.slope() + "·min(0, Z)";
      case GELU -> "Z ⊙ Φ(Z) = Z ⊙ (1 + erf(Z/√2)) / 2";
      case SOFTPLUS -> "log(1 + e^Z) = max(Z, 0) + log(1 + e^−|Z|)";
      case SOFTMAX -> "softmax(Z), each row e^Z / Σ e^Z";
    };
    if (formula != null) {
      body.add("// A = $L\n", formula).addStatement("activate($L, rows)", arguments);
    }
  }

  // ---------------------------------------------------------------- loss and backward

  private MethodSpec outputLoss() {
    ModelNames.Layer n = names.layer(model.layers().size() - 1);
    MethodSpec.Builder method = override("outputLoss", TypeName.FLOAT)
        .addParameter(FLOATS, "targets").addParameter(int.class, "rows")
        .addParameter(FLOATS, "delta");
    boolean identity = model.output().activation() == Activation.IDENTITY;
    switch (model.loss()) {
      case SOFTMAX_CROSS_ENTROPY -> method
          .addComment(identity
              ? "L = −Σ Y ⊙ log softmax(Z) / m;  dZ = (softmax(Z) − Y) / m"
              : "L = −Σ Y ⊙ log softmax(A) / m;  dA = (softmax(A) − Y) / m")
          .addStatement("return softmaxCrossEntropy($N, targets, rows, delta)", n.output());
      case BINARY_CROSS_ENTROPY -> method
          .addComment("L = −Σ [Y ⊙ log A + (1 − Y) ⊙ log(1 − A)] / m with A = σ(Z), "
              + "evaluated from Z;  dZ = (A − Y) / m")
          .addStatement("return sigmoidBinaryCrossEntropy($N, $N, targets, rows, delta)", n.z(),
              n.output());
      case MEAN_SQUARED_ERROR -> method
          .addComment("L = Σ (A − Y)² / (m·n);  dA = 2(A − Y) / (m·n)")
          .addStatement("return meanSquaredError($N, targets, rows, delta)", n.output());
      case MEAN_ABSOLUTE_ERROR -> method
          .addComment("L = Σ |A − Y| / (m·n);  dA = sign(A − Y) / (m·n), sign(0) = 0")
          .addStatement("return meanAbsoluteError($N, targets, rows, delta)", n.output());
      case HUBER -> method
          .addComment("L = Σ h(A − Y) / (m·n), h(d) = d²/2 for |d| < δ, else δ(|d| − δ/2), "
              + "δ = $L;  dA = clamp(A − Y, −δ, δ) / (m·n)", model.huberDelta())
          .addStatement("return huber($N, targets, rows, delta, $Lf)", n.output(),
              (float) model.huberDelta());
    }
    return method.build();
  }

  /** Whether the loss kernel already returns dZ of the output layer. */
  private boolean lossGivesDz() {
    return model.loss() == Loss.BINARY_CROSS_ENTROPY
        || model.output().activation() == Activation.IDENTITY;
  }

  private MethodSpec backwardPass() {
    int last = model.layers().size() - 1;
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("float loss = outputLoss(targets, rows, $N)", names.layer(last).delta());
    for (int k = last; k >= 0; k--) {
      LayerModel layer = model.layers().get(k);
      int at = k;
      names.dropout(k).ifPresent(dropout -> body
          .add("// $L: dA = dD ⊙ M, with the mask of the forward pass\n", layer.name())
          .addStatement("$N.backward($N, rows)", dropout.mask(), names.layer(at).delta()));
      if (k != last || !lossGivesDz()) {
        activationBackward(body, layer, names.layer(k));
      }
      layout.gradients(body, k);
    }
    weightMaps.chainRule(body);
    return override("backwardPass", TypeName.FLOAT)
        .addParameter(FLOATS, "x").addParameter(FLOATS, "targets").addParameter(int.class, "rows")
        .addCode(body.addStatement("return loss").build())
        .build();
  }

  /** dZ from dA through one layer's activation, with its formula; nothing for the identity. */
  private static void activationBackward(CodeBlock.Builder body, LayerModel layer,
      ModelNames.Layer n) {
    String formula = switch (layer.activation()) {
      case IDENTITY -> null;
      case SIGMOID -> "dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)";
      case TANH -> "dZ = dA ⊙ (1 − tanh²(Z)) = dA ⊙ (1 − A²)";
      case RELU -> "dZ = dA ⊙ [Z > 0] (A > 0 exactly where Z > 0)";
      case LEAKY_RELU -> "dZ = dA ⊙ ([Z > 0] + " + layer.slope()
          + "·[Z ≤ 0]) (A > 0 exactly where Z > 0)";
      case GELU -> "dZ = dA ⊙ (Φ(Z) + Z ⊙ φ(Z)), from Z: A does not determine it";
      case SOFTPLUS -> "dZ = dA ⊙ σ(Z) = dA ⊙ (1 − e^−A)";
      case SOFTMAX -> "dZ = A ⊙ (dA − (dA·A)1), the Jacobian-vector product of each row";
    };
    if (formula != null) {
      // GELU's derivative needs Z, kept apart; the others' derive from A
      body.add("// $L: $L\n", layer.name(), formula)
          .addStatement("activationBackward($N, $N, $N, rows)", n.shape(),
              layer.activation() == Activation.GELU ? n.z() : n.output(), n.delta());
    }
  }
}
