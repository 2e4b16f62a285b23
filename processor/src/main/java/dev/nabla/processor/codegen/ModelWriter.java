package dev.nabla.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Loss;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;
import dev.nabla.processor.model.Quantizer;
import dev.nabla.processor.model.WeightMap;
import dev.nabla.processor.model.WeightSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Turns a {@link NetworkModel} into the source of its model class: constants for every width and
 * offset, buffers sized at construction, a forward pass and a backward pass written out layer by
 * layer with the matrix-calculus formula above each kernel call. Networks of small layers run
 * feature-major (one row per feature, the samples in the vector lanes); the others row-major.
 */
public final class ModelWriter {
  private static final ClassName KERNELS = ClassName.get("dev.nabla.kernel", "Kernels");
  private static final ClassName PACKED_WEIGHTS =
      ClassName.get("dev.nabla.kernel", "PackedWeights");
  private static final ClassName WEIGHT_MAPS = ClassName.get("dev.nabla.kernel", "WeightMaps");
  private static final ClassName DENSE = ClassName.get("dev.nabla", "Dense");
  private static final ClassName LOSS = ClassName.get("dev.nabla", "Loss");
  private static final ClassName NABLA_MODEL = ClassName.get("dev.nabla", "NablaModel");
  private static final ClassName MODEL_INPUTS = ClassName.get("dev.nabla", "ModelInputs");
  private static final ClassName OWNER_GUARD = ClassName.get("dev.nabla", "OwnerGuard");
  private static final ClassName STEP_GUARD = ClassName.get("dev.nabla.train", "StepGuard");
  private static final ClassName OPTIMIZER = ClassName.get("dev.nabla.optim", "Optimizer");
  private static final ClassName INIT = ClassName.get("dev.nabla.init", "Init");
  private static final ClassName RANDOM = ClassName.get("java.util", "SplittableRandom");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  /**
   * Every type the generated class body names. A member of the model's class named like one of
   * them would shadow it, so the writer qualifies that name; validation checks the package
   * roots of these names are not shadowed in turn.
   */
  public static final List<ClassName> TYPES_IN_BODY = List.of(KERNELS, PACKED_WEIGHTS,
      WEIGHT_MAPS, DENSE, LOSS, NABLA_MODEL, MODEL_INPUTS, OWNER_GUARD, STEP_GUARD, OPTIMIZER,
      INIT, RANDOM, LIST, ARRAYS, ClassName.get(Override.class),
      ClassName.get(IllegalArgumentException.class));
  private static final TypeName FLOATS = TypeName.get(float[].class);
  private static final TypeName INTS = TypeName.get(int[].class);
  private static final Modifier[] CONSTANT = {Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL};

  /** Generated names of one layer's constants and buffers. */
  /** {@code packedWeights}: W kept packed for X·W, in a network that is not feature-major. */
  private record LayerNames(String inConstant, String unitsConstant, String weightsConstant,
      String biasConstant, String output, Optional<String> logits, String delta,
      Optional<String> packedWeights) {}

  private final NetworkModel model;
  private final NameAllocator names = new NameAllocator();
  private final List<LayerNames> layerNames = new ArrayList<>();
  private final String inputs;
  private final String outputs;
  private final String parameterCount;
  private final String maxBatch;
  private final String parameters;
  private final String gradients;
  private final String effective;
  private final String targets;
  private final String probabilities;
  private final String layers;
  private final String ownerGuard;
  private final String stepGuard;
  private final boolean featureMajor;
  /** Xᵀ and the output layer's Zᵀ, then dZᵀ, of a feature-major network; else null. */
  private final String inputPlanes;
  private final String outputPlanes;
  private final String maxBatchLimit;
  /** Private helpers, renamed if the user's class has a method of the same name. */
  private final String forwardPass;
  private final String outputLoss;
  private final String backwardPass;
  private final String materialize;
  private final String oneHot;

  private ModelWriter(NetworkModel model) {
    this.model = model;
    // User members first, so nothing generated hides or shadows them.
    model.reservedNames().forEach(name -> names.newName(name, "user:" + name));
    inputs = names.newName("INPUTS");
    outputs = names.newName("OUTPUTS");
    parameterCount = names.newName("PARAMETER_COUNT");
    maxBatchLimit = names.newName("MAX_BATCH_LIMIT");
    maxBatch = names.newName("maxBatch");
    parameters = names.newName("parameters");
    gradients = names.newName("gradients");
    effective = names.newName("effective");
    targets = names.newName("targets");
    probabilities = names.newName("probabilities");
    layers = names.newName("layers");
    ownerGuard = names.newName("ownerGuard");
    stepGuard = names.newName("stepGuard");
    featureMajor = model.featureMajor();
    inputPlanes = featureMajor ? names.newName("inputPlanes") : null;
    outputPlanes = featureMajor ? names.newName("outputPlanes") : null;
    forwardPass = names.newName("forwardPass");
    outputLoss = names.newName("outputLoss");
    backwardPass = names.newName("backwardPass");
    materialize = names.newName("materializeEffectiveWeights");
    oneHot = names.newName("oneHot");
    boolean bceOutput = model.loss() == Loss.BINARY_CROSS_ENTROPY;
    for (LayerModel layer : model.layers()) {
      String upper = upperSnake(layer.name());
      boolean separateLogits = bceOutput && layer == model.output();
      layerNames.add(new LayerNames(
          names.newName(upper + "_IN"),
          names.newName(upper + "_UNITS"),
          names.newName(upper + "_WEIGHTS"),
          names.newName(upper + "_BIAS"),
          names.newName(layer.name() + "Out"),
          separateLogits ? Optional.of(names.newName(layer.name() + "Logits")) : Optional.empty(),
          names.newName(layer.name() + "Delta"),
          featureMajor ? Optional.empty() : Optional.of(names.newName(layer.name() + "Packed"))));
    }
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
        .addSuperinterface(NABLA_MODEL)
        .addJavadoc("Generated from {@link $T}: $L.\n", declaring, architecture())
        .addJavadoc("\n<p>Parameters live in one flat buffer; each layer's W ($L) is row-major "
            + "and its bias\nfollows it, so [W; b] is the layer's augmented matrix.\n", "in × units");
    if (!model.suppressedWarnings().isEmpty()) {
      CodeBlock categories = model.suppressedWarnings().stream()
          .map(category -> CodeBlock.of("$S", category)).collect(CodeBlock.joining(", "));
      type.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
          .addMember("value", "{$L}", categories).build());
    }
    if (featureMajor) {
      type.addJavadoc("\n<p>Every layer is small, so a batch runs feature-major: Xᵀ, Zᵀ and dZᵀ "
          + "hold one row per\nfeature with the samples along it, and the kernels put samples in "
          + "the vector lanes.\nOnly the output layer's Z, A and dZ are row-major, like the "
          + "caller's arrays.\n");
    }
    addConstants(type);
    addFields(type);
    type.addMethod(constructor());
    type.addMethod(initialize());
    addAccessors(type);
    addEntryPoints(type);
    type.addMethod(forwardPass());
    type.addMethod(outputLoss());
    type.addMethod(backwardPass());
    if (model.hasEffectiveWeights()) {
      type.addMethod(materialize());
    }
    return type.build();
  }

  private String architecture() {
    StringBuilder text = new StringBuilder().append(model.inputs());
    for (LayerModel layer : model.layers()) {
      text.append(" → ").append(layer.units());
      if (layer.activation() != Activation.IDENTITY) {
        text.append(' ').append(layer.activation().name().toLowerCase(Locale.ROOT));
      }
    }
    return text.append(", ").append(model.loss()).toString();
  }

  // ---------------------------------------------------------------- constants and fields

  private void addConstants(TypeSpec.Builder type) {
    type.addField(constant(inputs, model.inputs(), "Width of one input row."));
    type.addField(constant(outputs, model.outputs(), "Width of one output row."));
    type.addField(constant(parameterCount, model.parameterCount(),
        "Number of trained parameters, all layers together."));
    type.addField(constant(maxBatchLimit, model.maxBatchLimit(),
        "The largest maxBatch: every buffer holds at most " + model.widestRow()
            + " floats per row,\nand a Java array at most " + NetworkModel.MAX_ARRAY_LENGTH
            + " (Integer.MAX_VALUE − 8)."));
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      LayerNames n = layerNames.get(k);
      type.addField(constant(n.inConstant(), layer.in(), "Input width of '" + layer.name() + "'."));
      type.addField(constant(n.unitsConstant(), layer.units(), "Units of '" + layer.name() + "'."));
      type.addField(constant(n.weightsConstant(), layer.weightOffset(),
          "Offset of '" + layer.name() + "' W (" + layer.in() + "×" + layer.units() + ")."));
      if (layer.bias()) {
        type.addField(constant(n.biasConstant(), layer.biasOffset(),
            "Offset of '" + layer.name() + "' b (" + layer.units() + ")."));
      }
    }
  }

  private static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(int.class, name, CONSTANT)
        .initializer("$L", value)
        .addJavadoc("$L\n", doc)
        .build();
  }

  private void addFields(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(int.class, maxBatch, Modifier.PRIVATE, Modifier.FINAL).build());
    type.addField(FieldSpec.builder(FLOATS, parameters, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Free parameters W′ of every layer: what the optimizer trains.\n")
        .initializer("new float[$N]", parameterCount).build());
    type.addField(FieldSpec.builder(FLOATS, gradients, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("∂L/∂W′, same layout as the parameters.\n")
        .initializer("new float[$N]", parameterCount).build());
    if (model.hasEffectiveWeights()) {
      type.addField(FieldSpec.builder(FLOATS, effective, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Effective weights W = map(W′) of constrained or quantized layers, "
              + "materialised once per step.\n")
          .initializer("new float[$N]", parameterCount).build());
    }
    if (featureMajor) {
      type.addField(buffer(inputPlanes, "Xᵀ, inputs × rows."));
      type.addField(buffer(outputPlanes, "Zᵀ, then dZᵀ, of '" + model.output().name()
          + "', units × rows."));
    }
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      LayerNames n = layerNames.get(k);
      String shape = featureMajor && layer != model.output() ? "units × rows" : "rows × units";
      n.logits().ifPresent(logits -> type.addField(buffer(logits,
          "Z = X·W + b of '" + layer.name() + "', " + shape + ".")));
      type.addField(buffer(n.output(), n.logits().isPresent()
          ? "A = σ(Z) of '" + layer.name() + "', " + shape + "."
          : "Z, then A = activation(Z) in place, of '" + layer.name() + "', " + shape + "."));
      type.addField(buffer(n.delta(), "dA, then dZ in place, of '" + layer.name() + "'."));
      n.packedWeights().ifPresent(packed -> type.addField(FieldSpec.builder(PACKED_WEIGHTS,
              packed, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("W of '$L' as the matrix kernels pack it, kept from one forward pass to "
              + "the next\nuntil the parameters change.\n", layer.name())
          .initializer("$T.packedWeights($N, $N)", KERNELS, n.inConstant(), n.unitsConstant())
          .build()));
    }
    type.addField(buffer(targets, "One-hot targets built from class labels."));
    if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      type.addField(buffer(probabilities, "softmax of the outputs, for predict."));
    }
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(LIST, DENSE), layers,
        Modifier.PRIVATE, Modifier.FINAL).build());
    type.addField(FieldSpec.builder(OWNER_GUARD, ownerGuard, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Refuses a call from a second thread while one is running.\n")
        .initializer("new $T($S)", OWNER_GUARD, model.generatedName()).build());
    type.addField(FieldSpec.builder(STEP_GUARD, stepGuard, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Refuses training steps that would leave non-finite parameters.\n")
        .initializer("new $T($N)", STEP_GUARD, parameterCount).build());
  }

  private static FieldSpec buffer(String name, String doc) {
    return FieldSpec.builder(FLOATS, name, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L\n", doc).build();
  }

  // ---------------------------------------------------------------- construction

  private MethodSpec constructor() {
    // A layer named like the parameter would otherwise be shadowed by it in List.of(...).
    String capacity = localNames().newName("maxBatch");
    MethodSpec.Builder method = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates every buffer for batches of up to {@code $N} rows and "
            + "initializes the\nparameters with {@link #initialize(long) initialize(0)}.\n",
            capacity)
        .addParameter(int.class, capacity)
        .beginControlFlow("if ($N < 1)", capacity)
        .addStatement("throw new $T($S + $N)", IllegalArgumentException.class,
            "maxBatch must be at least 1, got ", capacity)
        .endControlFlow()
        .beginControlFlow("if ($N > $N)", capacity, maxBatchLimit)
        .addStatement("throw new $T($S + $N + $S + $N)", IllegalArgumentException.class,
            "maxBatch must be at most " + maxBatchLimit + " = ", maxBatchLimit,
            ", the largest whose buffers fit a Java array, got ", capacity)
        .endControlFlow()
        .addStatement("this.$N = $N", maxBatch, capacity);
    for (int k = 0; k < model.layers().size(); k++) {
      LayerNames n = layerNames.get(k);
      for (String buffer : buffersOf(n)) {
        method.addStatement("this.$N = new float[$N * $N]", buffer, capacity,
            n.unitsConstant());
      }
    }
    method.addStatement("this.$N = new float[$N * $N]", targets, capacity, outputs);
    if (featureMajor) {
      method.addStatement("this.$N = new float[$N * $N]", inputPlanes, capacity, inputs);
      method.addStatement("this.$N = new float[$N * $N]", outputPlanes, capacity, outputs);
    }
    if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      method.addStatement("this.$N = new float[$N * $N]", probabilities, capacity, outputs);
    }
    CodeBlock.Builder list = CodeBlock.builder();
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      LayerNames n = layerNames.get(k);
      method.addStatement("this.$N = new $T(this, $S, $N, $N, $L, $N, $N, $N)", layer.name(),
          DENSE, layer.name(), n.inConstant(), n.unitsConstant(), layer.bias(),
          n.weightsConstant(), weightArray(layer), biasArray(layer));
      list.add(k == 0 ? "$N" : ", $N", layer.name());
    }
    method.addStatement("this.$N = $T.of($L)", layers, LIST, list.build());
    method.addStatement("initialize(0L)");
    return method.build();
  }

  /** Names for a method's parameters and locals that shadow no member of the user's class. */
  private NameAllocator localNames() {
    NameAllocator locals = new NameAllocator();
    model.reservedNames().forEach(name -> locals.newName(name, "user:" + name));
    return locals;
  }

  private static List<String> buffersOf(LayerNames n) {
    List<String> buffers = new ArrayList<>();
    n.logits().ifPresent(buffers::add);
    buffers.add(n.output());
    buffers.add(n.delta());
    return buffers;
  }

  private MethodSpec initialize() {
    NameAllocator locals = localNames();
    String seed = locals.newName("seed");
    String random = locals.newName("random");
    MethodSpec.Builder method = MethodSpec.methodBuilder("initialize")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Draws every W′ from {@code $N} (He-normal before ReLU, Xavier-uniform "
            + "otherwise) and sets\nevery b′ to 0. Replace per layer with {@link $T#initialize}.\n",
            seed, DENSE)
        .addParameter(long.class, seed);
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T $N = new $T($N)", RANDOM, random, RANDOM, seed);
    for (LayerModel layer : model.layers()) {
      body.addStatement("$N.initialize($T.$L(), $T.zeros(), $N)", layer.name(), INIT,
          layer.activation() == Activation.RELU ? "heNormal" : "xavierUniform", INIT, random);
    }
    return guarded(method, "initialize", body.build());
  }

  // ---------------------------------------------------------------- NablaModel accessors

  private void addAccessors(TypeSpec.Builder type) {
    type.addMethod(getter("inputs", TypeName.INT, CodeBlock.of("$N", inputs)));
    type.addMethod(getter("outputs", TypeName.INT, CodeBlock.of("$N", outputs)));
    type.addMethod(getter("maxBatch", TypeName.INT, CodeBlock.of("$N", maxBatch)));
    type.addMethod(getter("parameterCount", TypeName.INT, CodeBlock.of("$N", parameterCount)));
    type.addMethod(getter("parameters", FLOATS, CodeBlock.of("$N", parameters)));
    type.addMethod(getter("gradients", FLOATS, CodeBlock.of("$N", gradients)));
    type.addMethod(getter("layers", ParameterizedTypeName.get(LIST, DENSE),
        CodeBlock.of("$N", layers)));
    type.addMethod(getter("loss", LOSS, CodeBlock.of("$T.$L", LOSS, model.loss())));
    CodeBlock.Builder changed = CodeBlock.builder();
    if (model.hasEffectiveWeights()) {
      changed.addStatement("$N()", materialize);
    } else if (featureMajor) {
      changed.add("// No constrained or quantized layer: the forward pass reads W′ itself.\n");
    }
    if (!featureMajor) {
      changed.add("// The packed copies of W are stale now; the next forward pass repacks.\n");
      layerNames.forEach(n -> changed.addStatement("$N.invalidate()", n.packedWeights().get()));
    }
    type.addMethod(guarded(override("parametersChanged", TypeName.VOID), "parametersChanged",
        changed.build()));
  }

  private static MethodSpec getter(String name, TypeName type, CodeBlock value) {
    return override(name, type).addStatement("return $L", value).build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns);
  }

  // ---------------------------------------------------------------- public entry points

  private void addEntryPoints(TypeSpec.Builder type) {
    LayerNames out = layerNames.get(layerNames.size() - 1);
    type.addMethod(guarded(override("forward", FLOATS)
        .addParameter(FLOATS, "x").addParameter(int.class, "rows"), "forward", CodeBlock.builder()
        .add(checkInput("rows"))
        .addStatement("$N(x, rows)", forwardPass)
        .addStatement("return $N", out.output())
        .build()));
    CodeBlock.Builder predict = CodeBlock.builder()
        .add(checkInput("rows"))
        .addStatement("$N(x, rows)", forwardPass);
    if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      predict.addStatement("$T.softmax($N, $N, rows, $N)", KERNELS, out.output(), probabilities,
          outputs).addStatement("return $N", probabilities);
    } else {
      predict.addStatement("return $N", out.output());
    }
    type.addMethod(guarded(override("predict", FLOATS)
        .addParameter(FLOATS, "x").addParameter(int.class, "rows"), "predict", predict.build()));
    type.addMethod(guarded(override("predictClasses", TypeName.VOID)
        .addParameter(FLOATS, "x").addParameter(int.class, "rows").addParameter(INTS, "classes"),
        "predictClasses", CodeBlock.builder()
        .add(checkInput("rows"))
        .addStatement("$T.checkClasses(classes, rows)", MODEL_INPUTS)
        .addStatement("$N(x, rows)", forwardPass)
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("classes[r] = $T.argMax($N, r * $N, $N)", MODEL_INPUTS, out.output(),
            outputs, outputs)
        .endControlFlow()
        .build()));
    type.addMethod(guarded(override("predictClass", TypeName.INT)
        .addParameter(FLOATS, "x"), "predictClass", CodeBlock.builder()
        .addStatement("$T.checkMatrix($S, x, 1, $N)", MODEL_INPUTS, "x", inputs)
        .addStatement("$N(x, 1)", forwardPass)
        .addStatement("return $T.argMax($N, 0, $N)", MODEL_INPUTS, out.output(), outputs)
        .build()));
    type.addMethod(guarded(override("loss", TypeName.FLOAT)
        .addParameter(FLOATS, "x").addParameter(FLOATS, "targets").addParameter(int.class, "rows"),
        "loss", CodeBlock.builder()
        .add(checkInput("rows"))
        .add(checkTargets())
        .addStatement("$N(x, rows)", forwardPass)
        .addStatement("return $N(targets, rows, null)", outputLoss)
        .build()));
    type.addMethod(guarded(override("loss", TypeName.FLOAT)
        .addParameter(FLOATS, "x").addParameter(INTS, "labels").addParameter(int.class, "rows"),
        "loss", CodeBlock.of("return loss(x, $N(labels, rows), rows);\n", oneHot)));
    type.addMethod(guarded(override("computeGradients", TypeName.FLOAT)
        .addParameter(FLOATS, "x").addParameter(FLOATS, "targets").addParameter(int.class, "rows"),
        "computeGradients", CodeBlock.builder()
        .add(checkInput("rows"))
        .add(checkTargets())
        .addStatement("$N(x, rows)", forwardPass)
        .addStatement("return $N(x, targets, rows)", backwardPass)
        .build()));
    type.addMethod(guarded(override("computeGradients", TypeName.FLOAT)
        .addParameter(FLOATS, "x").addParameter(INTS, "labels").addParameter(int.class, "rows"),
        "computeGradients",
        CodeBlock.of("return computeGradients(x, $N(labels, rows), rows);\n", oneHot)));
    type.addMethod(guarded(override("trainStep", TypeName.FLOAT)
        .addParameter(FLOATS, "x").addParameter(FLOATS, "targets").addParameter(int.class, "rows")
        .addParameter(OPTIMIZER, "optimizer"), "trainStep", CodeBlock.builder()
        .add("// Gradients, then the update, refused unless the loss and the result are finite\n")
        .addStatement("return $N.trainStep(this, x, targets, rows, optimizer)", stepGuard)
        .build()));
    type.addMethod(guarded(override("trainStep", TypeName.FLOAT)
        .addParameter(FLOATS, "x").addParameter(INTS, "labels").addParameter(int.class, "rows")
        .addParameter(OPTIMIZER, "optimizer"), "trainStep",
        CodeBlock.of("return trainStep(x, $N(labels, rows), rows, optimizer);\n", oneHot)));
    type.addMethod(MethodSpec.methodBuilder(oneHot)
        .addModifiers(Modifier.PRIVATE)
        .returns(FLOATS)
        .addParameter(INTS, "labels").addParameter(int.class, "rows")
        .addStatement("$T.checkRows(rows, $N)", MODEL_INPUTS, maxBatch)
        .addStatement("$T.oneHot(labels, rows, $N, $N)", MODEL_INPUTS, outputs, targets)
        .addStatement("return $N", targets)
        .build());
  }

  /**
   * {@code method} running {@code body} inside the owner guard: a second thread is refused before
   * the body touches a buffer, and the guard is left in {@code finally}, whatever happens.
   */
  private MethodSpec guarded(MethodSpec.Builder method, String entryPoint, CodeBlock body) {
    // initialize's body names the layer fields, which a local must not shadow.
    String entered = localNames().newName("entered");
    return method
        .addStatement("boolean $N = $N.enter($S)", entered, ownerGuard, entryPoint)
        .beginControlFlow("try")
        .addCode(body)
        .nextControlFlow("finally")
        .addStatement("$N.exit($N)", ownerGuard, entered)
        .endControlFlow()
        .build();
  }

  private CodeBlock checkTargets() {
    return CodeBlock.of("$T.checkTargets($T.$L, targets, rows, $N);\n", MODEL_INPUTS, LOSS,
        model.loss(), outputs);
  }

  private CodeBlock checkInput(String rows) {
    return CodeBlock.builder()
        .addStatement("$T.checkRows($N, $N)", MODEL_INPUTS, rows, maxBatch)
        .addStatement("$T.checkMatrix($S, x, $N, $N)", MODEL_INPUTS, "x", rows, inputs)
        .build();
  }

  // ---------------------------------------------------------------- forward

  private MethodSpec forwardPass() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardPass)
        .addModifiers(Modifier.PRIVATE)
        .addParameter(FLOATS, "x").addParameter(int.class, "rows");
    if (featureMajor) {
      method.addComment("Xᵀ: one row per input feature, the samples along it")
          .addStatement("$T.transpose(x, 0, rows, $N, $N, 0)", KERNELS, inputs, inputPlanes);
    }
    for (int k = 0; k < model.layers().size(); k++) {
      LayerModel layer = model.layers().get(k);
      LayerNames n = layerNames.get(k);
      String z = n.logits().orElse(n.output());
      String bias = layer.bias() ? biasArray(layer) : "null";
      String biasOffset = layer.bias() ? n.biasConstant() : "0";
      if (featureMajor) {
        boolean last = layer == model.output();
        method.addComment("$L ($L → $L): Zᵀ = Wᵀ·Xᵀ$L", layer.name(), layer.in(), layer.units(),
                layer.bias() ? " + b·1ᵀ" : "")
            .addStatement("$T.planarProduct($N, $N, 1, $N, $L, $L, $L, 0, $N, 0, $N, $N, rows)",
                KERNELS, weightArray(layer), n.weightsConstant(), n.unitsConstant(), bias,
                biasOffset, input(k), last ? outputPlanes : z, n.unitsConstant(), n.inConstant());
        if (last) {
          method.addComment("Z = (Zᵀ)ᵀ, row-major for the loss and the caller")
              .addStatement("$T.transpose($N, 0, $N, rows, $N, 0)", KERNELS, outputPlanes,
                  n.unitsConstant(), z);
        }
      } else {
        method.addComment("$L ($L → $L): Z = X·W$L", layer.name(), layer.in(), layer.units(),
                layer.bias() ? " + 1·bᵀ" : "")
            .addStatement("$T.matmul($L, 0, $N, $N, $N, $L, $L, $N, 0, rows, $N, $N)", KERNELS,
                input(k), weightArray(layer), n.weightsConstant(), n.packedWeights().get(), bias,
                biasOffset, z, n.inConstant(), n.unitsConstant());
      }
      if (layer.activation() != Activation.IDENTITY) {
        method.addComment("A = $L", activationFormula(layer.activation()));
        method.addStatement("$T.$L($N, $N, rows * $N)", KERNELS,
            layer.activation().name().toLowerCase(Locale.ROOT), z, n.output(), n.unitsConstant());
      }
    }
    return method.build();
  }

  /** Layer k's input: X, or Xᵀ in a feature-major network, or the previous layer's A. */
  private String input(int k) {
    return k > 0 ? layerNames.get(k - 1).output() : featureMajor ? inputPlanes : "x";
  }

  private String weightArray(LayerModel layer) {
    return layer.weightsMapped() ? effective : parameters;
  }

  private String biasArray(LayerModel layer) {
    return layer.biasMapped() ? effective : parameters;
  }

  private static String activationFormula(Activation activation) {
    return switch (activation) {
      case IDENTITY -> "Z";
      case SIGMOID -> "σ(Z) = 1 / (1 + e^−Z)";
      case TANH -> "tanh(Z)";
      case RELU -> "max(0, Z)";
    };
  }

  // ---------------------------------------------------------------- loss and backward

  private MethodSpec outputLoss() {
    LayerNames n = layerNames.get(layerNames.size() - 1);
    MethodSpec.Builder method = MethodSpec.methodBuilder(outputLoss)
        .addModifiers(Modifier.PRIVATE)
        .returns(float.class)
        .addJavadoc("The mean loss of the last forward pass; writes its gradient into "
            + "{@code delta} unless null.\n")
        .addParameter(FLOATS, "targets").addParameter(int.class, "rows")
        .addParameter(FLOATS, "delta");
    boolean identity = model.output().activation() == Activation.IDENTITY;
    switch (model.loss()) {
      case SOFTMAX_CROSS_ENTROPY -> method
          .addComment(identity
              ? "L = −Σ Y ⊙ log softmax(Z) / m;  dZ = (softmax(Z) − Y) / m"
              : "L = −Σ Y ⊙ log softmax(A) / m;  dA = (softmax(A) − Y) / m")
          .addStatement("return $T.softmaxCrossEntropy($N, targets, delta, rows, $N)", KERNELS,
              n.output(), outputs);
      case BINARY_CROSS_ENTROPY -> method
          .addComment("L = −Σ [Y ⊙ log A + (1 − Y) ⊙ log(1 − A)] / m with A = σ(Z), "
              + "evaluated from Z;  dZ = (A − Y) / m")
          .addStatement("return $T.sigmoidBinaryCrossEntropy($N, $N, targets, delta, rows, $N)",
              KERNELS, n.logits().orElseThrow(), n.output(), outputs);
      case MEAN_SQUARED_ERROR -> method
          .addComment("L = Σ (A − Y)² / (m·n);  dA = 2(A − Y) / (m·n)")
          .addStatement("return $T.meanSquaredError($N, targets, delta, rows, $N)", KERNELS,
              n.output(), outputs);
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
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardPass)
        .addModifiers(Modifier.PRIVATE)
        .returns(float.class)
        .addJavadoc("Backpropagation through the layers of the last forward pass; returns the "
            + "loss.\n")
        .addParameter(FLOATS, "x").addParameter(FLOATS, "targets").addParameter(int.class, "rows")
        .addStatement("float loss = $N(targets, rows, $N)", outputLoss, layerNames.get(last).delta());
    for (int k = last; k >= 0; k--) {
      LayerModel layer = model.layers().get(k);
      LayerNames n = layerNames.get(k);
      String length = "rows * " + n.unitsConstant();
      if (needsActivationBackward(k)) {
        switch (layer.activation()) {
          case IDENTITY -> { }
          case SIGMOID -> method.addComment("$L: dZ = dA ⊙ σ(Z) ⊙ (1 − σ(Z)) = dA ⊙ A ⊙ (1 − A)",
                  layer.name())
              .addStatement("$T.sigmoidBackward($N, $N, $L)", KERNELS, n.output(), n.delta(),
                  length);
          case TANH -> method.addComment("$L: dZ = dA ⊙ (1 − tanh²(Z)) = dA ⊙ (1 − A²)",
                  layer.name())
              .addStatement("$T.tanhBackward($N, $N, $L)", KERNELS, n.output(), n.delta(), length);
          case RELU -> method.addComment("$L: dZ = dA ⊙ [Z > 0] (A > 0 exactly where Z > 0)",
                  layer.name())
              .addStatement("$T.reluBackward($N, $N, $L)", KERNELS, n.output(), n.delta(), length);
        }
      }
      if (featureMajor) {
        featureMajorGradients(method, k);
      } else {
        rowMajorGradients(method, k);
      }
    }
    for (LayerModel layer : model.layers()) {
      for (WeightSegment segment : layer.segments()) {
        chainRule(method, layer, segment);
      }
    }
    return method.addStatement("return loss").build();
  }

  /** ∇W, ∇b and dX of layer k from its row-major dZ. */
  private void rowMajorGradients(MethodSpec.Builder method, int k) {
    LayerModel layer = model.layers().get(k);
    LayerNames n = layerNames.get(k);
    method.addComment("$L: ∇W = Xᵀ·dZ", layer.name())
        .addStatement("$T.matmulTransposeA($L, 0, $N, 0, $N, $N, rows, $N, $N)", KERNELS,
            input(k), n.delta(), gradients, n.weightsConstant(), n.inConstant(),
            n.unitsConstant());
    if (layer.bias()) {
      method.addComment("$L: ∇b = 1ᵀ·dZ", layer.name())
          .addStatement("$T.columnSums($N, 0, $N, $N, rows, $N)", KERNELS, n.delta(), gradients,
              n.biasConstant(), n.unitsConstant());
    }
    if (k > 0) {
      method.addComment("$L: dX = dZ·Wᵀ, the dA of '$L'", layer.name(),
              model.layers().get(k - 1).name())
          .addStatement("$T.matmulTransposeB($N, 0, $N, $N, $N, 0, rows, $N, $N)", KERNELS,
              n.delta(), weightArray(layer), n.weightsConstant(), layerNames.get(k - 1).delta(),
              n.unitsConstant(), n.inConstant());
    }
  }

  /** ∇W, ∇b and dX of layer k from its dZᵀ; the output layer's dZ is transposed first. */
  private void featureMajorGradients(MethodSpec.Builder method, int k) {
    LayerModel layer = model.layers().get(k);
    LayerNames n = layerNames.get(k);
    String dz = n.delta();
    if (layer == model.output()) {
      method.addComment("$L: dZᵀ, feature-major like the layers", layer.name())
          .addStatement("$T.transpose($N, 0, rows, $N, $N, 0)", KERNELS, n.delta(),
              n.unitsConstant(), outputPlanes);
      dz = outputPlanes;
    }
    method.addComment("$L: ∇W = Xᵀ·dZ, each entry a dot product of a row of Xᵀ and a row of "
            + "dZᵀ", layer.name())
        .addStatement("$T.planarWeightGradient($L, 0, $N, 0, $N, $N, $N, $N, rows)", KERNELS,
            input(k), dz, gradients, n.weightsConstant(), n.inConstant(), n.unitsConstant());
    if (layer.bias()) {
      method.addComment("$L: ∇b = 1ᵀ·dZ, the row sums of dZᵀ", layer.name())
          .addStatement("$T.rowSums($N, 0, $N, $N, $N, rows)", KERNELS, dz, gradients,
              n.biasConstant(), n.unitsConstant());
    }
    if (k > 0) {
      method.addComment("$L: dX = dZ·Wᵀ, as dXᵀ = W·dZᵀ, the dA of '$L'", layer.name(),
              model.layers().get(k - 1).name())
          .addStatement("$T.planarProduct($N, $N, $N, 1, null, 0, $N, 0, $N, 0, $N, $N, rows)",
              KERNELS, weightArray(layer), n.weightsConstant(), n.unitsConstant(), dz,
              layerNames.get(k - 1).delta(), n.inConstant(), n.unitsConstant());
    }
  }

  /** Whether layer k must turn dA into dZ itself (the loss did not hand it dZ already). */
  private boolean needsActivationBackward(int k) {
    boolean identity = model.layers().get(k).activation() == Activation.IDENTITY;
    return !identity && (k != model.layers().size() - 1 || !lossGivesDz());
  }

  /** ∇W′ from ∇W through W = quantize(map(W′)). */
  private void chainRule(MethodSpec.Builder method, LayerModel layer, WeightSegment segment) {
    String what = layer.name() + " " + segmentName(layer, segment);
    Optional<Quantizer> quantizer = segment.quantizer();
    if (quantizer.isPresent() && !quantizer.get().straightThrough()) {
      method.addComment("$L: ∇W′ = 0, the true gradient of rounding (no straight-through "
          + "estimator)", what)
          .addStatement("$T.fill($N, $L, $L, 0f)", ARRAYS, gradients, segment.offset(),
              segment.offset() + segment.length());
      return;
    }
    if (segment.map().isEmpty()) {
      double step = quantizer.orElseThrow().step();
      method.addComment("$L: W = $L·round(W′), straight-through estimator: ∇W′ = $L·∇W", what,
              number(step), number(step))
          .addStatement("$T.scale($N, $L, $L, $L)", WEIGHT_MAPS, gradients, segment.offset(),
              segment.length(), floatLiteral(step));
      return;
    }
    WeightMap map = segment.map().get();
    String through = quantizer.isPresent() ? " (straight through the rounding)" : "";
    if (map.constraint() == Constraint.SIGMOID) {
      method.addComment("$L: ∇W′ = ∇W ⊙ σ(W′) ⊙ (1 − σ(W′))$L", what, through)
          .addStatement("$T.sigmoidBackward($N, $N, $L, $L)", WEIGHT_MAPS, parameters, gradients,
              segment.offset(), segment.length());
    } else {
      method.addComment("$L: ∇W′ = ∇W ⊙ $L(1 − tanh²(W′))$L", what,
              map.half() == 1 ? "" : number(map.half()) + "·", through)
          .addStatement("$T.tanhRangeBackward($N, $N, $L, $L, $L)", WEIGHT_MAPS, parameters,
              gradients, segment.offset(), segment.length(), floatLiteral(map.half()));
    }
  }

  private MethodSpec materialize() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(materialize)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Computes the effective weights from W′ once, after every change of W′.\n");
    for (LayerModel layer : model.layers()) {
      for (WeightSegment segment : layer.segments()) {
        String what = layer.name() + " " + segmentName(layer, segment);
        int offset = segment.offset();
        int length = segment.length();
        if (segment.map().isPresent()) {
          WeightMap map = segment.map().get();
          method.addComment("$L: W = $L", what, mapFormula(map));
          if (map.constraint() == Constraint.SIGMOID) {
            method.addStatement("$T.sigmoid($N, $N, $L, $L)", WEIGHT_MAPS, parameters, effective,
                offset, length);
          } else {
            method.addStatement("$T.tanhRange($N, $N, $L, $L, $L, $L)", WEIGHT_MAPS, parameters,
                effective, offset, length, floatLiteral(map.mid()), floatLiteral(map.half()));
          }
        }
        if (segment.quantizer().isPresent()) {
          double step = segment.quantizer().get().step();
          if (segment.map().isPresent()) {
            method.addComment("$L: W = $L·round(W / $L)", what, number(step), number(step))
                .addStatement("$T.quantize($N, $N, $L, $L, $L, $L)", WEIGHT_MAPS, effective,
                    effective, offset, length, floatLiteral(step), floatLiteral(step));
          } else {
            method.addComment("$L: W = $L·round(W′), W′ counted in steps", what, number(step))
                .addStatement("$T.quantize($N, $N, $L, $L, $L, 1f)", WEIGHT_MAPS, parameters,
                    effective, offset, length, floatLiteral(step));
          }
        }
      }
    }
    return method.build();
  }

  private static String mapFormula(WeightMap map) {
    return switch (map.constraint()) {
      case TANH -> "tanh(W′)";
      case SIGMOID -> "σ(W′)";
      case UNIT_TANH -> "(tanh(W′) + 1) / 2";
      case RANGE -> number(map.lo()) + " + " + number(map.hi() - map.lo())
          + "·(tanh(W′) + 1) / 2";
    };
  }

  private static String segmentName(LayerModel layer, WeightSegment segment) {
    boolean hasWeights = segment.offset() == layer.weightOffset();
    boolean hasBias = layer.bias()
        && segment.offset() + segment.length() == layer.weightOffset() + layer.parameterCount();
    return hasWeights && hasBias ? "[W; b]" : hasWeights ? "W" : "b";
  }

  // ---------------------------------------------------------------- text helpers

  private static String floatLiteral(double value) {
    return Float.toString((float) value) + "f";
  }

  /** A value for a formula comment: as the float the code uses, without ".0" when integral. */
  private static String number(double value) {
    float f = (float) value;
    return f == Math.rint(f) && Math.abs(f) < 1e7f ? Integer.toString((int) f) : Float.toString(f);
  }

  private static String upperSnake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

}
