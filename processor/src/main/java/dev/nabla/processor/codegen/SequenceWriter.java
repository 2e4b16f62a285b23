package dev.nabla.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nabla.Activation;
import dev.nabla.Recurrent;
import dev.nabla.Sequence;
import dev.nabla.processor.model.SequenceNetwork;
import dev.nabla.processor.model.SequenceNetwork.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Turns a {@link SequenceNetwork} into the source of its model class: constants, one
 * {@code DenseShape} per weight matrix, and a nested core extending the runtime's
 * {@code SequenceCore} with the buffers, the forward pass and backpropagation through time,
 * each step under its formula.
 *
 * <p>The steps run in a loop over t rather than unrolled: the products that do not depend on
 * the previous step run once over all T·m rows, so a step is one small product and element-wise
 * work in a runtime call; unrolled copies trained no faster for T = 1 … 32 (bench
 * UnrolledStepsAB) and would grow each pass with T past HotSpot's 8,000-byte JIT limit (near
 * T = 450) and the JVM's 64 KB method limit, which a loop never reaches.
 */
public final class SequenceWriter {
  private static final ClassName ACTIVATION = ClassName.get("dev.nabla", "Activation");
  private static final ClassName SEQUENCE = ClassName.get("dev.nabla", "Sequence");
  private static final ClassName DENSE_SHAPE = ClassName.get(LayoutEmitter.INTERNAL, "DenseShape");
  private static final ClassName GENERATED_MODEL =
      ClassName.get(LayoutEmitter.INTERNAL, "GeneratedSequenceModel");
  private static final ClassName SEQUENCE_CORE =
      ClassName.get(LayoutEmitter.INTERNAL, "SequenceCore");
  private static final TypeName FLOATS = TypeName.get(float[].class);
  private static final Modifier[] CONSTANT = {Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL};
  private static final String CORE = "core";

  private final SequenceNetwork network;
  /** What feeds the output layer: the hidden states H, or the embedded tokens X. */
  private final String feed;
  /** Whether the cell is an LSTM, whose Z and dZ (four gates wide) have buffers of their own. */
  private final boolean lstm;

  private SequenceWriter(SequenceNetwork network) {
    this.network = network;
    this.feed = network.cell().isPresent() ? "hidden" : "embedded";
    this.lstm = network.cell().isPresent() && network.cellKind() == Recurrent.Cell.LSTM;
  }

  /** The model class for {@code network}, without the {@code @Generated} marker. */
  public static TypeSpec write(SequenceNetwork network) {
    return new SequenceWriter(network).type();
  }

  private TypeSpec type() {
    ClassName self = ClassName.get(network.packageName(), network.generatedName());
    ClassName declaring = ClassName.get(network.packageName(), network.relativeName());
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(declaring)
        .alwaysQualify(network.reservedNames().toArray(String[]::new))
        .addSuperinterface(GENERATED_MODEL)
        .addJavadoc("Generated from {@link $T}: $L.\n", declaring, architecture())
        .addJavadoc("\n<p>A batch of m sequences runs time-major: row t·m + r of X, H, Y and "
            + "their gradients is\nsequence r at step t. Parameters live in one flat buffer: E, "
            + "then each W (in × units)\nrow-major with its bias after it.\n");
    if (!network.suppressedWarnings().isEmpty()) {
      CodeBlock categories = network.suppressedWarnings().stream()
          .map(category -> CodeBlock.of("$S", category)).collect(CodeBlock.joining(", "));
      type.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
          .addMember("value", "{$L}", categories).build());
    }
    addConstants(type);
    ClassName coreType = self.nestedClass("Core");
    type.addField(FieldSpec.builder(coreType, CORE, Modifier.PRIVATE, Modifier.FINAL).build());
    type.addMethod(constructor(coreType));
    type.addMethod(MethodSpec.methodBuilder(ModelWriter.CORE_ACCESSOR)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(SEQUENCE_CORE)
        .addStatement("return $N", CORE)
        .build());
    type.addType(core());
    return type.build();
  }

  /** "T = 32 × (28 tokens → 16 → 64 tanh recurrent → 28), EVERY_STEP" */
  private String architecture() {
    StringBuilder text = new StringBuilder("T = ").append(network.steps()).append(" × (")
        .append(network.embedding().in()).append(" tokens → ")
        .append(network.embedding().units()).append(activation(network.embedding()));
    network.cell().ifPresent(cell -> text.append(" → ").append(cell.units())
        .append(lstm ? " LSTM" : activation(cell) + " recurrent"));
    return text.append(" → ").append(network.output().units())
        .append(activation(network.output())).append("), softmax cross-entropy at ")
        .append(network.targets()).toString();
  }

  private static String activation(Part part) {
    return part.activation() == Activation.IDENTITY ? ""
        : " " + part.activation().name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- outer class

  /** A named shape: its constant, the runtime's name for it, and the part it belongs to. */
  private record Shape(String constant, String name, Part part, int in, int units, int offset,
      boolean bias, String doc) {}

  private List<Shape> shapes() {
    List<Shape> shapes = new ArrayList<>();
    Part embedding = network.embedding();
    int offset = 0;
    shapes.add(new Shape("EMBEDDING", embedding.field(), embedding, embedding.in(),
        embedding.units(), offset, false, "E (" + embedding.in() + "×" + embedding.units()
            + ") at 0: row k embeds token k"));
    offset += embedding.in() * embedding.units();
    if (network.cell().isPresent()) {
      Part cell = network.cell().get();
      int gates = (int) network.gateWidth();
      String columns = lstm ? ", columns the gates i, f, g, o" : "";
      shapes.add(new Shape("CELL_INPUT", cell.field() + ".input", cell, cell.in(), gates,
          offset, true, "W_ih (" + cell.in() + "×" + gates + ") at " + offset + ", b ("
              + gates + ") at " + (offset + cell.in() * gates) + columns));
      offset += (cell.in() + 1) * gates;
      shapes.add(new Shape("CELL_HIDDEN", cell.field() + ".hidden", cell, cell.units(),
          gates, offset, false, "W_hh (" + cell.units() + "×" + gates + ") at "
              + offset + columns));
      offset += cell.units() * gates;
    }
    Part output = network.output();
    shapes.add(new Shape("OUTPUT", output.field(), output, output.in(), output.units(), offset,
        output.bias(), "W_ho (" + output.in() + "×" + output.units() + ") at " + offset
            + (output.bias() ? ", b (" + output.units() + ") at "
                + (offset + output.in() * output.units()) : "")));
    return shapes;
  }

  private void addConstants(TypeSpec.Builder type) {
    type.addField(constant("STEPS", network.steps(), "Tokens per sequence."));
    type.addField(constant("VOCABULARY", network.embedding().in(),
        "Token indices lie in [0, VOCABULARY)."));
    type.addField(constant("OUTPUTS", network.output().units(), "Classes of a target."));
    type.addField(constant("PARAMETER_COUNT", network.parameterCount(),
        "Number of trained parameters, all parts together."));
    type.addField(constant("MAX_BATCH_LIMIT",
        SequenceNetwork.MAX_ARRAY / network.floatsPerSequence(),
        "The largest maxBatch: every buffer holds at most " + network.floatsPerSequence()
            + " floats per sequence,\nand a Java array at most " + SequenceNetwork.MAX_ARRAY
            + " (Integer.MAX_VALUE − 8)."));
    List<Shape> shapes = shapes();
    for (int k = 0; k < shapes.size(); k++) {
      Shape shape = shapes.get(k);
      type.addField(FieldSpec.builder(DENSE_SHAPE, shape.constant(), Modifier.PRIVATE,
              Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("'$L': $L.\n", shape.part().field(), shape.doc())
          .initializer("new $T($L, $S, $L, $L, $L,$W$L, $T.$L)", DENSE_SHAPE, k, shape.name(),
              shape.in(), shape.units(), shape.offset(), shape.bias(), ACTIVATION,
              shape.part().activation())
          .build());
    }
  }

  private static FieldSpec constant(String name, long value, String doc) {
    return FieldSpec.builder(int.class, name, CONSTANT).addJavadoc(doc + "\n")
        .initializer("$L", value).build();
  }

  private MethodSpec constructor(ClassName coreType) {
    MethodSpec.Builder method = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Allocates every buffer for batches of up to {@code maxBatch} sequences and "
            + "initializes the\nparameters with {@link #initialize(long) initialize(0)}.\n")
        .addParameter(int.class, "maxBatch")
        .addStatement("this.$N = new $T(maxBatch)", CORE, coreType)
        .addStatement("this.$N = this.$N.layers().get(0)", network.embedding().field(), CORE);
    network.cell().ifPresent(cell ->
        method.addStatement("this.$N = this.$N.recurrentCell()", cell.field(), CORE));
    return method
        .addStatement("this.$N = this.$N.layers().get($L)", network.output().field(), CORE,
            network.cell().isPresent() ? 3 : 1)
        .addStatement("this.$N.initialize(0L)", CORE)
        .build();
  }

  // ---------------------------------------------------------------- the core

  private TypeSpec core() {
    TypeSpec.Builder core = TypeSpec.classBuilder("Core")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .superclass(SEQUENCE_CORE)
        .addJavadoc(lstm
            ? "This network's buffers and passes: {@code embedded} holds X, then A = f(X) in "
                + "place; {@code gates}\nholds P = X·W_ih + b, then the activated gates i, f, g, o "
                + "step by step; {@code cells} C and\n{@code cellsTanh} tanh(C); {@code hidden} H; "
                + "{@code *Delta} the gradients, dA then dZ in place.\n"
            : "This network's buffers and passes: {@code embedded} holds X, then A = f(X) "
                + "in place; {@code hidden}\nholds P = X·W_ih + b, then H step by step; "
                + "{@code *Delta} the gradients, dA then dZ in place.\n");
    int perSequence = network.targetsPerSequence() * network.output().units();
    buffer(core, "embedded", network.steps() * network.embedding().units());
    buffer(core, "embeddedDelta", network.steps() * network.embedding().units());
    if (lstm) {
      buffer(core, "gates", network.steps() * (int) network.gateWidth());
      buffer(core, "gatesDelta", network.steps() * (int) network.gateWidth());
      buffer(core, "cells", network.steps() * network.cell().get().units());
      buffer(core, "cellsTanh", network.steps() * network.cell().get().units());
    }
    network.cell().ifPresent(cell -> {
      buffer(core, "hidden", network.steps() * cell.units());
      buffer(core, "hiddenDelta", network.steps() * cell.units());
    });
    buffer(core, "logits", perSequence);
    buffer(core, "logitsDelta", perSequence);
    CodeBlock shapes = shapes().stream().map(shape -> CodeBlock.of("$N", shape.constant()))
        .collect(CodeBlock.joining(", "));
    core.addMethod(MethodSpec.constructorBuilder()
        .addParameter(int.class, "maxBatch")
        .addStatement("super($S, STEPS, $T.Targets.$L, PARAMETER_COUNT, MAX_BATCH_LIMIT,"
            + "$WmaxBatch, $L)", network.generatedName(), SEQUENCE, network.targets(), shapes)
        .build());
    core.addMethod(MethodSpec.methodBuilder("output")
        .addAnnotation(Override.class).addModifiers(Modifier.PROTECTED).returns(FLOATS)
        .addStatement("return logits").build());
    core.addMethod(pass("forwardPass", TypeName.VOID, forward()));
    core.addMethod(pass("backwardPass", TypeName.FLOAT, backward()));
    return core.build();
  }

  private static void buffer(TypeSpec.Builder core, String name, int floatsPerSequence) {
    core.addField(FieldSpec.builder(FLOATS, name, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new float[maxBatch * $L]", floatsPerSequence).build());
  }

  private static MethodSpec pass(String name, TypeName returns, CodeBlock body) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class).addModifiers(Modifier.PROTECTED).returns(returns)
        .addParameter(int[].class, "tokens").addParameter(int.class, "rows")
        .addCode(body).build();
  }

  private boolean lastStepOnly() {
    return network.targets() == Sequence.Targets.LAST_STEP;
  }

  /** Row offset and count of the rows the output layer reads: every step, or the last. */
  private String outputRows() {
    return lastStepOnly() ? "(STEPS - 1) * rows, $N, 0, rows" : "0, $N, 0, STEPS * rows";
  }

  private CodeBlock forward() {
    CodeBlock.Builder body = CodeBlock.builder()
        .add("// X = E[tokens]: row t·m + r of X is row tokens[r·T + t] of E\n")
        .addStatement("gather(EMBEDDING, tokens, rows, embedded)");
    Part embedding = network.embedding();
    if (embedding.activation() != Activation.IDENTITY) {
      body.add("// A = $L\n", function(embedding.activation(), "X"))
          .addStatement("activate(EMBEDDING, embedded, STEPS * rows)");
    }
    if (lstm) {
      lstmForward(body, network.cell().get());
    }
    network.cell().filter(cell -> !lstm).ifPresent(cell -> body
        .add("// $L: P = X·W_ih + 1·bᵀ, every step's rows in one product\n", cell.field())
        .addStatement("dense(CELL_INPUT, embedded, 0, hidden, 0, STEPS * rows)")
        .add("// $L: Z_t = P_t + H_{t−1}·W_hh (H_{−1} = 0), H_t = $L, step by step\n",
            cell.field(), function(cell.activation(), "Z_t"))
        .beginControlFlow("for (int t = 0; t < STEPS; t++)")
        .addStatement("recurrentStep(CELL_HIDDEN, hidden, t, rows)")
        .endControlFlow());
    String source = network.cell().isPresent() ? "H" : "X";
    body.add(lastStepOnly()
            ? "// $L: Y = $L_{T−1}·W + 1·bᵀ, the last step's rows\n"
            : "// $L: Y = $L·W + 1·bᵀ, every step's rows in one product\n",
        network.output().field(), source)
        .addStatement("dense(OUTPUT, " + feed + ", " + outputRows() + ")", "logits");
    if (network.output().activation() != Activation.IDENTITY) {
      body.add("// A = $L, the scores the softmax reads\n",
              function(network.output().activation(), "Y"))
          .addStatement("activate(OUTPUT, logits, targetRows(rows))");
    }
    return body.build();
  }

  private CodeBlock backward() {
    Part output = network.output();
    String source = network.cell().isPresent() ? "H" : "X";
    String feedDelta = feed + "Delta";
    String width = lstm ? "CELL_HIDDEN.in()"
        : network.cell().isPresent() ? "CELL_HIDDEN.units()" : "EMBEDDING.units()";
    CodeBlock.Builder body = CodeBlock.builder()
        .add("// L = −Σ Y* ⊙ log softmax(Y) / n over the n = $L targets; dY = (softmax(Y) − Y*)"
            + " / n\n", lastStepOnly() ? "m" : "T·m")
        .addStatement("float loss = softmaxCrossEntropy(logits, rows, logitsDelta)");
    if (output.activation() != Activation.IDENTITY) {
      body.add("// $L: dZ = dA ⊙ $L′\n", output.field(), output.activation())
          .addStatement("activationBackward(OUTPUT, logits, logitsDelta, targetRows(rows))");
    }
    if (lastStepOnly()) {
      body.add("// $L: ∇W = $L_{T−1}ᵀ·dY, ∇b = 1ᵀ·dY\n", output.field(), source)
          .addStatement("parameterGradients(OUTPUT, $N, (STEPS - 1) * rows, logitsDelta, 0, rows)",
              feed)
          .add("// d$L_t = 0 for t < T−1, which no loss reads; d$L_{T−1} = dY·Wᵀ\n", source,
              source)
          .addStatement("clear($N, (STEPS - 1) * rows, $L)", feedDelta, width)
          .addStatement("inputGradient(OUTPUT, logitsDelta, 0, $N, (STEPS - 1) * rows, rows)",
              feedDelta);
    } else {
      body.add("// $L: ∇W = Σ_t $L_tᵀ·dY_t = $Lᵀ·dY over the stacked steps, ∇b = 1ᵀ·dY\n",
              output.field(), source, source)
          .addStatement("parameterGradients(OUTPUT, $N, 0, logitsDelta, 0, STEPS * rows)", feed)
          .add("// d$L_t = dY_t·Wᵀ: the output layer's contribution at every step\n", source)
          .addStatement("inputGradient(OUTPUT, logitsDelta, 0, $N, 0, STEPS * rows)",
              feedDelta);
    }
    if (lstm) {
      lstmBackward(body, network.cell().get());
    }
    network.cell().filter(cell -> !lstm).ifPresent(cell -> body
        .add("// $L, t = T−1 … 0: dH_t += dZ_{t+1}·W_hhᵀ (none at T−1), then\n", cell.field())
        .add("// dZ_t = dH_t ⊙ f′(Z_t) = $L\n", derivative(cell.activation()))
        .beginControlFlow("for (int t = STEPS - 1; t >= 0; t--)")
        .addStatement("recurrentBackwardStep(CELL_HIDDEN, hidden, hiddenDelta, t, rows)")
        .endControlFlow()
        .add("// $L: ∇W_ih = Σ_t X_tᵀ·dZ_t = Xᵀ·dZ, ∇b = Σ_t 1ᵀ·dZ_t\n", cell.field())
        .addStatement("parameterGradients(CELL_INPUT, embedded, 0, hiddenDelta, 0, STEPS * rows)")
        .add("// $L: ∇W_hh = Σ_{t≥1} H_{t−1}ᵀ·dZ_t, steps 0 … T−2 of H against 1 … T−1 of dZ\n",
            cell.field())
        .addStatement("parameterGradients(CELL_HIDDEN, hidden, 0, hiddenDelta, rows,"
            + " (STEPS - 1) * rows)")
        .add("// $L: dX = dZ·W_ihᵀ\n", cell.field())
        .addStatement("inputGradient(CELL_INPUT, hiddenDelta, 0, embeddedDelta, 0, STEPS * rows)"));
    Part embedding = network.embedding();
    if (embedding.activation() != Activation.IDENTITY) {
      body.add("// $L: dX = dA ⊙ $L′\n", embedding.field(), embedding.activation())
          .addStatement("activationBackward(EMBEDDING, embedded, embeddedDelta, STEPS * rows)");
    }
    boolean lastOnly = lastStepOnly() && network.cell().isEmpty();
    return body
        .add("// $L: ∇E[k] = Σ of dX over the positions holding token k, added into those rows "
            + "only\n", embedding.field())
        .addStatement("embeddingGradient(EMBEDDING, tokens, rows, $L, embeddedDelta)",
            lastOnly ? "STEPS - 1" : "0")
        .addStatement("return loss")
        .build();
  }

  private static void lstmForward(CodeBlock.Builder body, Part cell) {
    body.add("// $L: P = X·W_ih + 1·bᵀ, the four gates' columns, every step's rows in one product\n",
            cell.field())
        .addStatement("dense(CELL_INPUT, embedded, 0, gates, 0, STEPS * rows)")
        .add("// $L, step by step: Z_t = P_t + H_{t−1}·W_hh = [Z_i, Z_f, Z_g, Z_o] (H_{−1} = 0);\n",
            cell.field())
        .add("// i, f, o = σ(Z_i, Z_f, Z_o), g = tanh(Z_g); C_t = f ⊙ C_{t−1} + i ⊙ g (C_{−1} = 0);"
            + "\n// H_t = o ⊙ tanh(C_t)\n")
        .beginControlFlow("for (int t = 0; t < STEPS; t++)")
        .addStatement("lstmStep(CELL_HIDDEN, gates, cells, cellsTanh, hidden, t, rows)")
        .endControlFlow();
  }

  private static void lstmBackward(CodeBlock.Builder body, Part cell) {
    body.add("// $L, t = T−1 … 0: dH_t += dZ_{t+1}·W_hhᵀ (none at T−1);\n", cell.field())
        .add("// dC_t = dH_t ⊙ o ⊙ (1 − tanh²C_t) + dC_{t+1} ⊙ f_{t+1} (none at T−1);\n")
        .add("// di = dC_t ⊙ g, df = dC_t ⊙ C_{t−1}, dg = dC_t ⊙ i, do = dH_t ⊙ tanh C_t;\n")
        .add("// dZ_t = [di ⊙ i(1 − i), df ⊙ f(1 − f), dg ⊙ (1 − g²), do ⊙ o(1 − o)]\n")
        .beginControlFlow("for (int t = STEPS - 1; t >= 0; t--)")
        .addStatement("lstmBackwardStep(CELL_HIDDEN, gates, cells, cellsTanh, hiddenDelta, "
            + "gatesDelta, t, rows)")
        .endControlFlow()
        .add("// $L: ∇W_ih = Σ_t X_tᵀ·dZ_t = Xᵀ·dZ, ∇b = Σ_t 1ᵀ·dZ_t\n", cell.field())
        .addStatement("parameterGradients(CELL_INPUT, embedded, 0, gatesDelta, 0, STEPS * rows)")
        .add("// $L: ∇W_hh = Σ_{t≥1} H_{t−1}ᵀ·dZ_t, steps 0 … T−2 of H against 1 … T−1 of dZ\n",
            cell.field())
        .addStatement("parameterGradients(CELL_HIDDEN, hidden, 0, gatesDelta, rows,"
            + " (STEPS - 1) * rows)")
        .add("// $L: dX = dZ·W_ihᵀ\n", cell.field())
        .addStatement("inputGradient(CELL_INPUT, gatesDelta, 0, embeddedDelta, 0, STEPS * rows)");
  }

  private static String function(Activation activation, String of) {
    return switch (activation) {
      case IDENTITY -> of;
      case SIGMOID -> "σ(" + of + ")";
      case TANH -> "tanh(" + of + ")";
      case RELU -> "max(0, " + of + ")";
      case LEAKY_RELU, GELU, SOFTPLUS, SOFTMAX ->
          throw new IllegalStateException("SequenceReader refuses " + activation);
    };
  }

  private static String derivative(Activation activation) {
    return switch (activation) {
      case IDENTITY -> "dH_t";
      case SIGMOID -> "dH_t ⊙ H_t ⊙ (1 − H_t)";
      case TANH -> "dH_t ⊙ (1 − H_t²)";
      case RELU -> "dH_t ⊙ [H_t > 0]";
      case LEAKY_RELU, GELU, SOFTPLUS, SOFTMAX ->
          throw new IllegalStateException("SequenceReader refuses " + activation);
    };
  }
}
