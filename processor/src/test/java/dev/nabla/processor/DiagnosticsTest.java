package dev.nabla.processor;

import static dev.nabla.processor.Compilers.compile;
import static dev.nabla.processor.Compilers.source;
import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.ABSTRACT_METHOD;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.AUXILIARY_CLASS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.BCE_NEEDS_SIGMOID;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.BCE_OVER_SOFTMAX;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.BOUNDS_WITHOUT_RANGE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.CLASS_MODIFIERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.FIELD_MODIFIERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.HUBER_DELTA_WITHOUT_HUBER;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INHERITED_LAYER;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INTERNAL_ERROR;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_HUBER_DELTA;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_OPTION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_RANGE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.DROPOUT_ON_OUTPUT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_DROPOUT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_SLOPE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_STEP;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MEMBER_CLASH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MISPLACED_ANNOTATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NAME_TAKEN;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NON_POSITIVE_WIDTH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NO_ACCESSIBLE_CONSTRUCTOR;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NO_LAYERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.QUANTIZER_CANNOT_LEARN;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.RANGE_OUTSIDE_FLOAT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SHADOWED_PACKAGE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SHAPE_MISMATCH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SLOPE_WITHOUT_LEAKY_RELU;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_NEEDS_TWO_OUTPUTS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_NOT_LAST;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_OF_ONE_UNIT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_OVER_ACTIVATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_TWICE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.STEP_OUTSIDE_FLOAT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.TOO_MANY_LAYERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.TOO_MANY_PARAMETERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.UNSUPPORTED_COMBINATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.WRONG_FIELD_TYPE;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.nabla.Constraint;
import dev.nabla.processor.diagnostics.NablaDiagnostic;
import dev.nabla.processor.model.NetworkModel;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per {@link NablaDiagnostic}, named after it: the message (from the catalogue), the
 * line the caret is on, and the exact number of diagnostics. Where the culprit is an attribute,
 * the attribute sits on its own line so that the line check tells the value, the annotation and
 * the field apart.
 */
class DiagnosticsTest {
  /** The source files the processor asks the filer for, when compiling {@code sources}. */
  private static List<String> generatedNames(JavaFileObject... sources) {
    RecordingProcessor processor = new RecordingProcessor();
    Compiler.javac().withProcessors(processor).compile(sources);
    return processor.created().stream().map(RecordingProcessor.Created::name).toList();
  }

  @Test
  void shapeMismatch() {
    JavaFileObject src = source("Shapes",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Chained {",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer(",
        "      in = 4,",
        "      units = 1)",
        "  Dense output;",
        "}",
        "",
        "@Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class FirstLayer {",
        "  @Layer(in = 3, units = 2) Dense first;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(SHAPE_MISMATCH.format("output", 4, "the previous layer 'hidden'", 3, 3))
        .inFile(src).onLineContaining("in = 4,");
    assertThat(compilation)
        .hadErrorContaining(SHAPE_MISMATCH.format("first", 3, "the model's inputs", 4, 4))
        .inFile(src).onLineContaining("in = 3, units = 2");
  }

  @Test
  void nonPositiveWidth() {
    JavaFileObject src = source("Widths",
        "@Model(inputs = 0, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Widths {",
        "  @Layer(",
        "      units = 0)",
        "  Dense hidden;",
        "  @Layer(units = 1,",
        "      in = -2)",
        "  Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(NON_POSITIVE_WIDTH.format("inputs", 0))
        .inFile(src).onLineContaining("inputs = 0");
    assertThat(compilation)
        .hadErrorContaining(NON_POSITIVE_WIDTH.format("units of layer 'hidden'", 0))
        .inFile(src).onLineContaining("units = 0");
    assertThat(compilation)
        .hadErrorContaining(NON_POSITIVE_WIDTH.format("in of layer 'output'", -2))
        .inFile(src).onLineContaining("in = -2");
  }

  @Test
  void noLayers() {
    JavaFileObject src = source("Empty",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Empty {",
        "  Dense notAnnotated;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(NO_LAYERS.format("Empty"))
        .inFile(src).onLineContaining("abstract class Empty");
  }

  @Test
  void wrongFieldType() {
    JavaFileObject src = source("Types",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Types {",
        "  @Layer(units = 3)",
        "  float[] hidden;",
        "  @Layer(units = 1)",
        "  Object output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(WRONG_FIELD_TYPE.format("hidden", "float[]"))
        .inFile(src).onLineContaining("float[] hidden;");
    assertThat(compilation)
        .hadErrorContaining(WRONG_FIELD_TYPE.format("output", "java.lang.Object"))
        .inFile(src).onLineContaining("Object output;");
  }

  @Test
  void fieldModifiers() {
    JavaFileObject src = source("Modifiers",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Modifiers {",
        "  @Layer(units = 3)",
        "  private Dense hidden;",
        "  @Layer(units = 3)",
        "  final Dense middle = null;",
        "  @Layer(units = 1)",
        "  static Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(FIELD_MODIFIERS.format("hidden", "private"))
        .inFile(src).onLineContaining("private Dense hidden;");
    assertThat(compilation).hadErrorContaining(FIELD_MODIFIERS.format("middle", "final"))
        .inFile(src).onLineContaining("final Dense middle");
    assertThat(compilation).hadErrorContaining(FIELD_MODIFIERS.format("output", "static"))
        .inFile(src).onLineContaining("static Dense output;");
  }

  @Test
  void classModifiers() {
    JavaFileObject src = Compilers.resourceSource("bad/ClassModifiers.java");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(8);
    assertThat(compilation).hadErrorContaining(CLASS_MODIFIERS.format("PrivateNet", "private"))
        .inFile(src).onLineContaining("private static class PrivateNet");
    assertThat(compilation)
        .hadErrorContaining(CLASS_MODIFIERS.format("InnerNet", "an inner (non-static) class"))
        .inFile(src).onLineContaining("abstract class InnerNet");
    assertThat(compilation)
        .hadErrorContaining(CLASS_MODIFIERS.format("InterfaceNet", "an interface, not a class"))
        .inFile(src).onLineContaining("interface InterfaceNet");
    assertThat(compilation).hadErrorContaining(CLASS_MODIFIERS.format("FinalNet", "final"))
        .inFile(src).onLineContaining("final class FinalNet");
    assertThat(compilation).hadErrorContaining(CLASS_MODIFIERS.format("SealedNet", "sealed"))
        .inFile(src).onLineContaining("sealed class SealedNet");
    assertThat(compilation).hadErrorContaining(
            CLASS_MODIFIERS.format("GenericNet", "generic (<T, U>)"))
        .inFile(src).onLineContaining("class GenericNet<T, U extends Number>");
    assertThat(compilation).hadErrorContaining(
            CLASS_MODIFIERS.format("HiddenNet", "nested in the private class 'Hidden'"))
        .inFile(src).onLineContaining("abstract static class HiddenNet");
    assertThat(generatedNames(src)).isEmpty();
    // The interface's field is implicitly static final as well.
    assertThat(compilation).hadErrorContaining(FIELD_MODIFIERS.format("out", "static final"))
        .inFile(src).onLineContaining("Dense out = null;");
  }

  @Test
  void noAccessibleConstructor() {
    JavaFileObject src = source("Sealed",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Sealed {",
        "  private Sealed() {}",
        "  Sealed(int seed) {}",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(NO_ACCESSIBLE_CONSTRUCTOR.format("Sealed"))
        .inFile(src).onLineContaining("abstract class Sealed");
    // The implicit super() of the generated constructor could not handle a checked exception.
    JavaFileObject throwing = source("Throwing",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Throwing {",
        "  Throwing() throws java.io.IOException {}",
        "  Throwing(int seed) {}",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Unchecked {",
        "  Unchecked() throws IllegalStateException, AssertionError {}",
        "  @Layer(units = 1) Dense output;",
        "}");
    compilation = compile(throwing);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(NO_ACCESSIBLE_CONSTRUCTOR.format("Throwing"))
        .inFile(throwing).onLineContaining("abstract class Throwing");
  }

  /**
   * javac's own lint warning on the generated file would name a file the user never wrote; the
   * processor says which class to move, once, on the model class.
   */
  @Test
  void auxiliaryClass() {
    JavaFileObject src = source("Models",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Stray {",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "class Models {",
        "  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "  abstract static class Nested {",
        "    @Layer(units = 1) Dense output;",
        "  }",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(
            AUXILIARY_CLASS.format("Stray", "Models", "Stray", "Stray", "Models"))
        .inFile(src).onLineContaining("abstract class Stray");
    // Besides it, only javac's own [auxiliaryclass] warnings on StrayModel; none for Nested.
    for (Diagnostic<? extends JavaFileObject> warning : compilation.warnings()) {
      String message = warning.getMessage(Locale.ROOT);
      if (!message.startsWith(AUXILIARY_CLASS.format("Stray", "Models", "Stray", "Stray",
          "Models"))) {
        assertThat(message).startsWith("auxiliary class test.Stray in test/Models.java");
      }
    }
  }

  @Test
  void shadowedPackage() {
    JavaFileObject src = source("Hiding",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Hiding {",
        "  static class DenseShape {}",
        "  int java;",
        "  interface Arrays {}",
        "  float dev;",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(SHADOWED_PACKAGE.format("Hiding", "DenseShape",
            "dev.nabla.internal.DenseShape", "dev"))
        .inFile(src).onLineContaining("abstract class Hiding");
    assertThat(compilation).hadErrorContaining(
            SHADOWED_PACKAGE.format("Hiding", "Arrays", "java.util.Arrays", "java"))
        .inFile(src).onLineContaining("abstract class Hiding");
  }

  @Test
  void softmaxNeedsTwoOutputs() {
    JavaFileObject src = source("OneClass",
        "@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "abstract class OneClass {",
        "  @Layer(units = 3, activation = Activation.RELU) Dense hidden;",
        "  @Layer(",
        "      units = 1)",
        "  Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SOFTMAX_NEEDS_TWO_OUTPUTS.format("output", 1))
        .inFile(src).onLineContaining("units = 1)");
  }

  @Test
  void bceNeedsSigmoid() {
    JavaFileObject src = source("Bce",
        "@Model(inputs = 2, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Relu {",
        "  @Layer(units = 2,",
        "      activation = Activation.RELU)",
        "  Dense output;",
        "}",
        "",
        "@Model(inputs = 2, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Identity {",
        "  @Layer(units = 2) // activation defaults to IDENTITY",
        "  Dense logits;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(BCE_NEEDS_SIGMOID.format("output", "RELU"))
        .inFile(src).onLineContaining("activation = Activation.RELU");
    // Nothing written to point at: the caret goes to the annotation.
    assertThat(compilation).hadErrorContaining(BCE_NEEDS_SIGMOID.format("logits", "IDENTITY"))
        .inFile(src).onLineContaining("@Layer(units = 2) //");
  }

  @Test
  void softmaxOverActivation() {
    JavaFileObject src = source("SquashedSoftmax",
        "@Model(inputs = 9, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "abstract class SquashedSoftmax {",
        "  @Layer(units = 5, activation = Activation.TANH) Dense hidden;",
        "  @Layer(units = 2,",
        "      activation = Activation.SIGMOID)",
        "  Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(SOFTMAX_OVER_ACTIVATION.format("SIGMOID", "output"))
        .inFile(src).onLineContaining("activation = Activation.SIGMOID)");
    assertThat(compilation).generatedSourceFile("test.SquashedSoftmaxModel");
  }

  @Test
  void misplacedAnnotation() {
    JavaFileObject src = source("Misplaced",
        "abstract class Plain {",
        "  @Layer(units = 3)",
        "  Dense hidden;",
        "}",
        "",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Misplaced {",
        "  @Constrained(Constraint.TANH)",
        "  Dense free;",
        "  @Quantized(step = 0.1)",
        "  Dense rounded;",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(MISPLACED_ANNOTATION.format("Layer", "hidden",
            "its class 'Plain' is not annotated @Model"))
        .inFile(src).onLineContaining("@Layer(units = 3)");
    assertThat(compilation)
        .hadErrorContaining(MISPLACED_ANNOTATION.format("Constrained", "free",
            "it changes a layer's weights, but 'free' is not a @Layer field"))
        .inFile(src).onLineContaining("@Constrained(Constraint.TANH)");
    assertThat(compilation)
        .hadErrorContaining(MISPLACED_ANNOTATION.format("Quantized", "rounded",
            "it changes a layer's weights, but 'rounded' is not a @Layer field"))
        .inFile(src).onLineContaining("@Quantized(step = 0.1)");
    // The errors belong to the model class: nothing is generated from it.
    assertThat(generatedNames(src)).isEmpty();
  }

  /** A stray layer in a class nested in a model may be meant for it: the model is not built. */
  @Test
  void misplacedLayerInANestedClassBlocksTheModelAroundIt() {
    JavaFileObject src = source("Around",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Around {",
        "  @Layer(units = 1) Dense output;",
        "  static class Helper {",
        "    @Layer(units = 2) Dense stray;",
        "  }",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(MISPLACED_ANNOTATION.format("Layer", "stray",
            "its class 'Helper' is not annotated @Model"))
        .inFile(src).onLineContaining("@Layer(units = 2) Dense stray;");
    assertThat(generatedNames(src)).isEmpty();
  }

  /**
   * A record cannot be extended; that one error is the whole story, not also a clash of its
   * implicit accessor (which has no position to point at) with NablaModel's {@code gradients()}.
   */
  @Test
  void recordModelGetsOnlyItsClassError() {
    JavaFileObject src = source("RecordNet",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "record RecordNet(float[] gradients) {",
        "  @Layer(units = 1) static Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(CLASS_MODIFIERS.format("RecordNet", "a record, not a class and final"))
        .inFile(src).onLineContaining("record RecordNet");
    compilation.errors().forEach(error -> assertWithMessage("error without a position: %s",
        error.getMessage(null)).that(error.getSource()).isNotNull());
    assertThat(generatedNames(src)).isEmpty();
  }

  @Test
  void invalidStep() {
    JavaFileObject src = source("Steps",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Steps {",
        "  @Quantized(step = 0)",
        "  @Layer(units = 3) Dense zero;",
        "  @Quantized(step = -0.1)",
        "  @Layer(units = 3) Dense negative;",
        "  @Quantized(step = Double.NaN)",
        "  @Layer(units = 3) Dense notANumber;",
        "  @Quantized(step = Double.POSITIVE_INFINITY)",
        "  @Layer(units = 1) Dense infinite;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining(INVALID_STEP.format(0.0))
        .inFile(src).onLineContaining("step = 0)");
    assertThat(compilation).hadErrorContaining(INVALID_STEP.format(-0.1))
        .inFile(src).onLineContaining("step = -0.1");
    assertThat(compilation).hadErrorContaining(INVALID_STEP.format(Double.NaN))
        .inFile(src).onLineContaining("step = Double.NaN");
    assertThat(compilation).hadErrorContaining(INVALID_STEP.format(Double.POSITIVE_INFINITY))
        .inFile(src).onLineContaining("step = Double.POSITIVE_INFINITY");
  }

  /** p outside [0, 1), NaN, or 1 once it is a float: each an error on the attribute. */
  @Test
  void invalidDropout() {
    JavaFileObject src = source("Drops",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Drops {",
        "  @Layer(units = 3) @Dropout(-0.1) Dense negative;",
        "  @Layer(units = 3) @Dropout(1) Dense always;",
        "  @Layer(units = 3) @Dropout(Double.NaN) Dense notANumber;",
        "  @Layer(units = 3) @Dropout(0.99999999999) Dense oneInFloat;",
        "  @Layer(units = 3) @Dropout(0) Dense never;",
        "  @Layer(units = 3) @Dropout(0.5) Dense half;",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining(INVALID_DROPOUT.format(-0.1))
        .inFile(src).onLineContaining("@Dropout(-0.1)");
    assertThat(compilation).hadErrorContaining(INVALID_DROPOUT.format(1.0))
        .inFile(src).onLineContaining("@Dropout(1)");
    assertThat(compilation).hadErrorContaining(INVALID_DROPOUT.format(Double.NaN))
        .inFile(src).onLineContaining("@Dropout(Double.NaN)");
    assertThat(compilation).hadErrorContaining(INVALID_DROPOUT.format(0.99999999999))
        .inFile(src).onLineContaining("@Dropout(0.99999999999)");
    assertThat(generatedNames(src)).isEmpty();
  }

  /** The output layer's A never reaches the loss, which reads Z; a dropout there is refused. */
  @Test
  void dropoutOnOutput() {
    JavaFileObject src = source("DropsOutput",
        "@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "abstract class DropsOutput {",
        "  @Layer(units = 3, activation = Activation.RELU) @Dropout(0.5) Dense hidden;",
        "  @Layer(units = 2)",
        "  @Dropout(0.5)",
        "  Dense logits;",
        "  @Dropout(0.2) float[] notALayer;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(DROPOUT_ON_OUTPUT.format("logits"))
        .inFile(src).onLineContaining("  @Dropout(0.5)");
    assertThat(compilation).hadErrorContaining(MISPLACED_ANNOTATION.format("Dropout",
            "notALayer", "it drops a layer's outputs, but 'notALayer' is not a @Layer field"))
        .inFile(src).onLineContaining("@Dropout(0.2) float[] notALayer;");
    assertThat(generatedNames(src)).isEmpty();
  }

  /** Valid as doubles, but the model holds the step as a float. */
  @Test
  void stepOutsideFloat() {
    JavaFileObject src = source("FloatSteps",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class FloatSteps {",
        "  @Quantized(step = 1e39)",
        "  @Layer(units = 3) Dense huge;",
        "  @Quantized(step = 1e-50)",
        "  @Layer(units = 3) Dense tiny;",
        "  @Quantized(step = 1e-40)",
        "  @Layer(units = 1) Dense subnormal;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(STEP_OUTSIDE_FLOAT.format(1e39,
            "overflows to Infinity", Float.MIN_NORMAL, Float.MAX_VALUE))
        .inFile(src).onLineContaining("step = 1e39");
    assertThat(compilation).hadErrorContaining(STEP_OUTSIDE_FLOAT.format(1e-50,
            "rounds to 0", Float.MIN_NORMAL, Float.MAX_VALUE))
        .inFile(src).onLineContaining("step = 1e-50");
    assertThat(compilation).hadErrorContaining(STEP_OUTSIDE_FLOAT.format(1e-40,
            "rounds to the subnormal " + (float) 1e-40, Float.MIN_NORMAL, Float.MAX_VALUE))
        .inFile(src).onLineContaining("step = 1e-40");
  }

  @Test
  void invalidRange() {
    JavaFileObject src = source("Ranges",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Ranges {",
        "  @Constrained(value = Constraint.RANGE, lo = 1, hi = 1)",
        "  @Layer(units = 3) Dense empty;",
        "  @Constrained(value = Constraint.RANGE, lo = 2, hi = 1)",
        "  @Layer(units = 3) Dense reversed;",
        "  @Constrained(Constraint.RANGE)",
        "  @Layer(units = 3) Dense noBounds;",
        "  @Constrained(value = Constraint.RANGE, lo = 0)",
        "  @Layer(units = 1) Dense noUpperBound;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining(INVALID_RANGE.format(1.0, 1.0))
        .inFile(src).onLineContaining("lo = 1, hi = 1");
    assertThat(compilation).hadErrorContaining(INVALID_RANGE.format(2.0, 1.0))
        .inFile(src).onLineContaining("lo = 2, hi = 1");
    assertThat(compilation).hadErrorContaining(INVALID_RANGE.format(Double.NaN, Double.NaN))
        .inFile(src).onLineContaining("@Constrained(Constraint.RANGE)");
    assertThat(compilation).hadErrorContaining(INVALID_RANGE.format(0.0, Double.NaN))
        .inFile(src).onLineContaining("lo = 0)");
  }

  /** Valid as doubles, but the generated map computes with the bounds as floats. */
  @Test
  void rangeOutsideFloat() {
    JavaFileObject src = source("FloatRanges",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class FloatRanges {",
        "  @Constrained(value = Constraint.RANGE, lo = -1e39, hi = 0)",
        "  @Layer(units = 3) Dense overflow;",
        "  @Constrained(value = Constraint.RANGE, lo = -3e38, hi = 3e38)",
        "  @Layer(units = 3) Dense wide;",
        "  @Constrained(value = Constraint.RANGE, lo = 1, hi = 1.00000001)",
        "  @Layer(units = 1) Dense narrow;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(
            RANGE_OUTSIDE_FLOAT.format(-1e39, 0.0, "lo = -Infinity, hi = 0.0"))
        .inFile(src).onLineContaining("lo = -1e39");
    assertThat(compilation).hadErrorContaining(
            RANGE_OUTSIDE_FLOAT.format(-3e38, 3e38, "a width hi − lo of Infinity"))
        .inFile(src).onLineContaining("lo = -3e38");
    assertThat(compilation).hadErrorContaining(RANGE_OUTSIDE_FLOAT.format(1.0, 1.00000001,
            "bounds 1.0 and 1.0, too close to tell apart"))
        .inFile(src).onLineContaining("hi = 1.00000001");
  }

  @Test
  void boundsWithoutRange() {
    JavaFileObject src = source("FixedRanges",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class FixedRanges {",
        "  @Constrained(value = Constraint.TANH,",
        "      hi = 2)",
        "  @Layer(units = 3) Dense upper;",
        "  @Constrained(value = Constraint.SIGMOID,",
        "      lo = -1,",
        "      hi = 1)",
        "  @Layer(units = 1) Dense both;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(BOUNDS_WITHOUT_RANGE.format(Constraint.TANH, "lo = NaN, hi = 2.0"))
        .inFile(src).onLineContaining("hi = 2)");
    assertThat(compilation)
        .hadErrorContaining(BOUNDS_WITHOUT_RANGE.format(Constraint.SIGMOID, "lo = -1.0, hi = 1.0"))
        .inFile(src).onLineContaining("lo = -1,");
  }

  @Test
  void quantizerCannotLearn() {
    JavaFileObject src = source("Frozen",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Frozen {",
        "  @Quantized(step = 0.1,",
        "      straightThrough = false)",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining(QUANTIZER_CANNOT_LEARN.format("output"))
        .inFile(src).onLineContaining("straightThrough = false");
    assertThat(compilation).generatedSourceFile("test.FrozenModel");
  }

  @Test
  void unsupportedCombination() {
    JavaFileObject src = source("Coarse",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Coarse {",
        "  @Constrained(value = Constraint.RANGE, lo = 0, hi = 0.05)",
        "  @Quantized(step = 0.1)",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(UNSUPPORTED_COMBINATION.format("output", Constraint.RANGE, 0.05, 0.1))
        .inFile(src).onLineContaining("@Quantized(step = 0.1)");
  }

  @Test
  void invalidOption() {
    JavaFileObject src = source("Fine",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Fine {",
        "  @Layer(units = 1) Dense output;",
        "}");
    for (String value : List.of("abc", "100000")) {
      Compilation compilation = Compilers.javac(
          "-A" + NablaProcessor.FEATURE_MAJOR_LIMIT_OPTION + "=" + value).compile(src);
      assertThat(compilation).failed();
      // Reported once, not once per round; the option belongs to no element.
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining(INVALID_OPTION.format(
          NablaProcessor.FEATURE_MAJOR_LIMIT_OPTION, value, NablaProcessor.MAX_FEATURE_MAJOR_LIMIT));
    }
  }

  /**
   * A failure inside the processor (here a planted IOException from the filer) becomes one error
   * on the class being processed instead of an exception reaching javac.
   */
  @Test
  void internalError() {
    JavaFileObject src = source("Written",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Written {",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class WrittenLater {",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = Compiler.javac()
        .withProcessors(RecordingProcessor.failingWrites())
        .withOptions("-Xlint:all")
        .compile(src);
    assertThat(compilation).failed();
    // One class's failure does not stop the next class from being processed.
    assertThat(compilation).hadErrorCount(2);
    // The message ends with the stack trace, after the catalogue text.
    assertThat(compilation).hadErrorContaining(INTERNAL_ERROR.format("test.Written", ""))
        .inFile(src).onLineContaining("abstract class Written {");
    assertThat(compilation).hadErrorContaining(INTERNAL_ERROR.format("test.WrittenLater", ""))
        .inFile(src).onLineContaining("abstract class WrittenLater {");
    assertThat(compilation).hadErrorContaining("planted failure writing test.WrittenModel");
  }

  /** The inference class's name too: taken by a user type, it is an error naming that type. */
  @Test
  void inferenceNameTaken() {
    JavaFileObject src = source("Clash",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Clash {",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "interface ClashInference {}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(NAME_TAKEN.format("Clash",
            "test.ClashInference", "the interface 'test.ClashInference'"))
        .inFile(src).onLineContaining("abstract class Clash {");
    assertThat(generatedNames(src)).isEmpty();
  }

  /** A name taken by a user type, or by another model's output: an error, not a FilerException. */
  @Test
  void nameTaken() {
    JavaFileObject src = source("Clash",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Clash {",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "class ClashModel {}",
        "",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Outer_Net {",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "class Outer {",
        "  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "  abstract static class Net {",
        "    @Layer(units = 1) Dense output;",
        "  }",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(
            NAME_TAKEN.format("Clash", "test.ClashModel", "the class 'test.ClashModel'"))
        .inFile(src).onLineContaining("abstract class Clash {");
    // Models are processed in name order: Outer.Net comes first and takes Outer_NetModel.
    assertThat(compilation).hadErrorContaining(NAME_TAKEN.format("Outer_Net",
            "test.Outer_NetModel", "the model generated from 'test.Outer.Net'"))
        .inFile(src).onLineContaining("abstract class Outer_Net {");
    assertThat(generatedNames(src)).containsExactly("test.Outer_NetModel",
        "test.Outer_NetInference");
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      assertThat(diagnostic.getMessage(Locale.ROOT)).doesNotContain("Exception");
    }
  }

  /** The model's own output of an earlier build, on the classpath, does not take its name. */
  @Test
  void nameTakenIgnoresTheModelsOwnEarlierOutput(@TempDir Path classes) throws IOException {
    JavaFileObject src = source("Rebuilt",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Rebuilt {",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation first = compile(src);
    assertThat(first).succeededWithoutWarnings();
    for (JavaFileObject file : first.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS
          && file.getName().endsWith("RebuiltModel.class")) {
        Path target = classes.resolve("test/RebuiltModel.class");
        Files.createDirectories(target.getParent());
        try (var in = file.openInputStream()) {
          Files.write(target, in.readAllBytes());
        }
      }
    }
    assertThat(Files.exists(classes.resolve("test/RebuiltModel.class"))).isTrue();
    List<File> classpath = new ArrayList<>(List.of(classes.toFile()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    // javac's filer notes the stale class (under -Xlint:processing); Nabla reports nothing.
    Compilation again = Compilers.javac().withClasspath(classpath).compile(src);
    assertThat(again).succeeded();
    assertThat(again).hadWarningContaining("'test.RebuiltModel' already exists");
    assertThat(again).hadWarningCount(1);
  }

  @Test
  void tooManyParameters() {
    JavaFileObject src = source("Huge",
        "@Model(inputs = 100000, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Huge {",
        "  @Layer(",
        "      units = 100000)",
        "  Dense wide;",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "@Model(inputs = 1, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Deep {",
        "  @Layer(units = 1000000000) Dense first;",
        "  @Layer(bias = false,",
        "      units = 2)",
        "  Dense second;",
        "}",
        "",
        "@Model(inputs = 1, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class JustTooWide {",
        "  @Layer(units = 1073741820) Dense half;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    // Counted in long: 10⁵ × 10⁵ + 10⁵ would wrap to 1 410 165 408 in int.
    assertThat(compilation).hadErrorContaining(TOO_MANY_PARAMETERS.format("wide", 100000, 100000,
            " + 100000 biases", 10_000_100_000L, NetworkModel.MAX_ARRAY_LENGTH))
        .inFile(src).onLineContaining("units = 100000)");
    assertThat(compilation).hadErrorContaining(TOO_MANY_PARAMETERS.format("second", 1000000000,
            2, "", 4_000_000_000L, NetworkModel.MAX_ARRAY_LENGTH))
        .inFile(src).onLineContaining("units = 2)");
    // One more than the largest accepted (SizeLimitsTest compiles 1073741819 units).
    assertThat(compilation).hadErrorContaining(TOO_MANY_PARAMETERS.format("half", 1, 1073741820,
            " + 1073741820 biases", 2_147_483_640L, NetworkModel.MAX_ARRAY_LENGTH))
        .inFile(src).onLineContaining("units = 1073741820");
    assertThat(generatedNames(src)).isEmpty();
  }

  /** The largest accepted model, of the costliest layers, compiles; one layer more is refused. */
  @Test
  void tooManyLayers() {
    JavaFileObject largest = costliestLayers("Largest", NetworkModel.MAX_LAYERS);
    assertThat(compile(largest)).succeededWithoutWarnings();
    JavaFileObject refused = costliestLayers("Refused", NetworkModel.MAX_LAYERS + 1);
    Compilation compilation = compile(refused);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(TOO_MANY_LAYERS.format("Refused",
            NetworkModel.MAX_LAYERS + 1, NetworkModel.MAX_LAYERS))
        .inFile(refused).onLineContaining("abstract class Refused");
  }

  /**
   * Row-major 200 × 200 layers with a RANGE-constrained W and a quantized b: two weight segments
   * each, the most backward-pass bytecode per layer (see {@link NetworkModel#MAX_LAYERS}).
   */
  private static JavaFileObject costliestLayers(String name, int count) {
    List<String> lines = new ArrayList<>(List.of(
        "@Model(inputs = 200, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class " + name + " {"));
    for (int k = 0; k < count; k++) {
      String activation = k == count - 1 ? "SIGMOID" : List.of("TANH", "RELU", "SIGMOID").get(k % 3);
      lines.add("  @Constrained(value = Constraint.RANGE, lo = -1, hi = 1, bias = false)");
      lines.add("  @Quantized(step = 0.25)");
      lines.add("  @Layer(units = 200, activation = Activation." + activation + ") Dense layer" + k
          + ";");
    }
    lines.add("}");
    return source(name, lines.toArray(String[]::new));
  }

  @Test
  void inheritedLayer() {
    JavaFileObject src = source("Derived",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Base {",
        "  @Layer(units = 3) Dense hidden;",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Derived extends Base {",
        "  @Layer(units = 1) Dense extra;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    for (String layer : List.of("hidden", "output")) {
      assertThat(compilation).hadErrorContaining(
              INHERITED_LAYER.format("Derived", layer, "Base", "Derived", "Base"))
          .inFile(src).onLineContaining("abstract class Derived extends Base");
    }
    assertThat(generatedNames(src)).containsExactly("test.BaseModel", "test.BaseInference");
  }

  @Test
  void abstractMethod() {
    JavaFileObject src = source("Scored",
        "interface Scorer {",
        "  float score(float[] x);",
        "}",
        "",
        "interface Named {",
        "  String name();",
        "}",
        "",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Scored implements Scorer, Named {",
        "  @Layer(units = 1) Dense output;",
        "",
        "  abstract void calibrate(float factor);",
        "",
        "  @Override public String name() { return \"scored\"; }",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(ABSTRACT_METHOD.format("Scored", "calibrate(float)", "Scored"))
        .inFile(src).onLineContaining("abstract void calibrate");
    // Declared elsewhere: the caret goes to the model class.
    assertThat(compilation)
        .hadErrorContaining(ABSTRACT_METHOD.format("Scored", "score(float[])", "Scorer"))
        .inFile(src).onLineContaining("abstract class Scored");
  }

  @Test
  void memberClash() {
    JavaFileObject src = source("Clashing",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Clashing {",
        "  @Layer(units = 1) Dense output;",
        "",
        "  final float[] predict(float[] x, int rows) { return x; }",
        "",
        "  abstract int inputs();",
        "",
        "  void initialize(long seed) {}",
        "",
        "  float[] predict(float[] x) { return x; } // another signature: fine",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(MEMBER_CLASH.format("predict(float[], int)",
            "Clashing", "the NablaModel method 'predict(float[], int)'"))
        .inFile(src).onLineContaining("final float[] predict");
    assertThat(compilation).hadErrorContaining(
            MEMBER_CLASH.format("inputs()", "Clashing", "the NablaModel method 'inputs()'"))
        .inFile(src).onLineContaining("abstract int inputs();");
    assertThat(compilation).hadErrorContaining(MEMBER_CLASH.format("initialize(long)",
            "Clashing", "the generated 'initialize(long)'"))
        .inFile(src).onLineContaining("void initialize(long seed)");
  }

  /** Types javac cannot resolve end with javac's own error: no exception, no Nabla error. */
  @Test
  void unresolvableTypesEndWithJavacErrorOnly() {
    JavaFileObject missingFieldType = source("MissingType",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class MissingType {",
        "  @Layer(units = 3) Missing hidden;",
        "  @Layer(units = 1) Dense output;",
        "}");
    JavaFileObject missingConstant = source("MissingConstant",
        "@Model(inputs = UNKNOWN, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class MissingConstant {",
        "  @Layer(units = 1) Dense output;",
        "}");
    for (JavaFileObject src : List.of(missingFieldType, missingConstant)) {
      Compilation compilation = compile(src);
      assertThat(compilation).failed();
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining("cannot find symbol")
          .inFile(src).onLineContaining(src == missingFieldType ? "Missing hidden" : "UNKNOWN");
      for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
        String message = diagnostic.getMessage(Locale.ROOT);
        assertThat(message).doesNotContain("Exception");
        assertThat(message).doesNotContain("[Nabla/");
      }
    }
  }

  /**
   * A bad attribute hides nothing: the chain, the loss fit, the placement and the members are
   * still checked, so seven independent mistakes give seven errors, each on its line.
   */
  @Test
  void sevenIndependentMistakesGiveSevenErrors() {
    JavaFileObject src = source("Many",
        "@Model(inputs = 4, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Many {",
        "  @Quantized(step = -1)",
        "  @Layer(units = 3) Dense hidden;",
        "  @Constrained(value = Constraint.RANGE, lo = 2, hi = 1)",
        "  @Layer(in = 5, units = 3) Dense middle;",
        "  @Layer(units = 2, activation = Activation.RELU)",
        "  private Dense output;",
        "  @Quantized(step = 0.5) float[] notALayer;",
        "  abstract void tune();",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(7);
    assertThat(compilation).hadErrorContaining(INVALID_STEP.format(-1.0))
        .inFile(src).onLineContaining("step = -1");
    assertThat(compilation).hadErrorContaining(INVALID_RANGE.format(2.0, 1.0))
        .inFile(src).onLineContaining("lo = 2, hi = 1");
    assertThat(compilation)
        .hadErrorContaining(SHAPE_MISMATCH.format("middle", 5, "the previous layer 'hidden'", 3, 3))
        .inFile(src).onLineContaining("in = 5");
    assertThat(compilation).hadErrorContaining(BCE_NEEDS_SIGMOID.format("output", "RELU"))
        .inFile(src).onLineContaining("activation = Activation.RELU");
    assertThat(compilation).hadErrorContaining(FIELD_MODIFIERS.format("output", "private"))
        .inFile(src).onLineContaining("private Dense output;");
    assertThat(compilation).hadErrorContaining(MISPLACED_ANNOTATION.format("Quantized",
            "notALayer", "it changes a layer's weights, but 'notALayer' is not a @Layer field"))
        .inFile(src).onLineContaining("float[] notALayer;");
    assertThat(compilation).hadErrorContaining(ABSTRACT_METHOD.format("Many", "tune()", "Many"))
        .inFile(src).onLineContaining("abstract void tune();");
    assertThat(generatedNames(src)).isEmpty();
  }

  /** Every problem is reported in one pass, and a class with errors generates nothing. */
  @Test
  void threeIndependentMistakesGiveThreeErrorsAndNoSource() {
    JavaFileObject src = Compilers.resourceSource("bad/ThreeMistakes.java");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = Compiler.javac()
        .withProcessors(processor)
        .withOptions("-Xlint:all")
        .compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(NON_POSITIVE_WIDTH.format("units of layer 'hidden'", 0))
        .inFile(src).onLineContaining("units = 0");
    assertThat(compilation).hadErrorContaining(FIELD_MODIFIERS.format("middle", "private"))
        .inFile(src).onLineContaining("private Dense middle;");
    assertThat(compilation).hadErrorContaining(WRONG_FIELD_TYPE.format("output", "float[]"))
        .inFile(src).onLineContaining("float[] output;");
    assertThat(processor.created()).isEmpty();
  }

  @Test
  void slopeWithoutLeakyRelu() {
    JavaFileObject src = source("Slopes",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Slopes {",
        "  @Layer(units = 3, activation = Activation.RELU,",
        "      slope = 0.1) Dense relu;",
        "  @Layer(units = 3, slope = 0.2) Dense identity;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(SLOPE_WITHOUT_LEAKY_RELU.format("relu", "RELU"))
        .inFile(src).onLineContaining("slope = 0.1");
    assertThat(compilation)
        .hadErrorContaining(SLOPE_WITHOUT_LEAKY_RELU.format("identity", "IDENTITY"))
        .inFile(src).onLineContaining("slope = 0.2");
  }

  /** In [0, 1) as the float the model holds; 0 is allowed (a ReLU). */
  @Test
  void invalidSlope() {
    JavaFileObject src = source("BadSlopes",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class BadSlopes {",
        "  @Layer(units = 3, activation = Activation.LEAKY_RELU,",
        "      slope = 1.0) Dense one;",
        "  @Layer(units = 3, activation = Activation.LEAKY_RELU,",
        "      slope = -0.5) Dense negative;",
        "  @Layer(units = 3, activation = Activation.LEAKY_RELU,",
        "      slope = Double.NaN) Dense nan;",
        "  @Layer(units = 3, activation = Activation.LEAKY_RELU,",
        "      slope = 0.99999999) Dense roundsToOne;",
        "  @Layer(units = 1, activation = Activation.LEAKY_RELU, slope = 0.0) Dense zero;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining(INVALID_SLOPE.format(1.0, "one"))
        .inFile(src).onLineContaining("slope = 1.0");
    assertThat(compilation).hadErrorContaining(INVALID_SLOPE.format(-0.5, "negative"))
        .inFile(src).onLineContaining("slope = -0.5");
    assertThat(compilation).hadErrorContaining(INVALID_SLOPE.format(Double.NaN, "nan"))
        .inFile(src).onLineContaining("slope = Double.NaN");
    assertThat(compilation).hadErrorContaining(INVALID_SLOPE.format(0.99999999, "roundsToOne"))
        .inFile(src).onLineContaining("slope = 0.99999999");
  }

  @Test
  void softmaxNotLast() {
    JavaFileObject src = source("Hidden",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Hidden {",
        "  @Layer(units = 3,",
        "      activation = Activation.SOFTMAX) Dense hidden;",
        "  @Layer(units = 2, activation = Activation.SOFTMAX) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SOFTMAX_NOT_LAST.format("hidden", "output"))
        .inFile(src).onLineContaining("activation = Activation.SOFTMAX) Dense hidden");
  }

  @Test
  void softmaxOfOneUnit() {
    JavaFileObject src = source("OneUnit",
        "@Model(inputs = 2, loss = Loss.HUBER)",
        "abstract class OneUnit {",
        "  @Layer(units = 1,",
        "      activation = Activation.SOFTMAX) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SOFTMAX_OF_ONE_UNIT.format("output"))
        .inFile(src).onLineContaining("units = 1,");
  }

  @Test
  void softmaxTwice() {
    JavaFileObject src = source("Twice",
        "@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "abstract class Twice {",
        "  @Layer(units = 4,",
        "      activation = Activation.SOFTMAX) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SOFTMAX_TWICE.format("output"))
        .inFile(src).onLineContaining("activation = Activation.SOFTMAX");
  }

  @Test
  void bceOverSoftmax() {
    JavaFileObject src = source("Binary",
        "@Model(inputs = 2, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Binary {",
        "  @Layer(units = 4,",
        "      activation = Activation.SOFTMAX) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(BCE_OVER_SOFTMAX.format("output"))
        .inFile(src).onLineContaining("activation = Activation.SOFTMAX");
  }

  @Test
  void huberDeltaWithoutHuber() {
    JavaFileObject src = source("NotHuber",
        "@Model(inputs = 2, loss = Loss.MEAN_ABSOLUTE_ERROR,",
        "    huberDelta = 2.0)",
        "abstract class NotHuber {",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(HUBER_DELTA_WITHOUT_HUBER.format("MEAN_ABSOLUTE_ERROR"))
        .inFile(src).onLineContaining("huberDelta = 2.0");
  }

  /** Finite and positive as the float the model holds. */
  @Test
  void invalidHuberDelta() {
    Map<String, Double> deltas = Map.of("0.0", 0.0, "-1.0", -1.0,
        "Double.POSITIVE_INFINITY", Double.POSITIVE_INFINITY, "Double.NaN", Double.NaN,
        "1e39", 1e39, "1e-40", 1e-40);
    for (Map.Entry<String, Double> delta : deltas.entrySet()) {
      JavaFileObject src = source("BadDelta",
          "@Model(inputs = 2, loss = Loss.HUBER,",
          "    huberDelta = " + delta.getKey() + ")",
          "abstract class BadDelta {",
          "  @Layer(units = 1) Dense output;",
          "}");
      Compilation compilation = compile(src);
      assertThat(compilation).failed();
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining(INVALID_HUBER_DELTA.format(delta.getValue(),
              Float.MIN_NORMAL, Float.MAX_VALUE))
          .inFile(src).onLineContaining("huberDelta = " + delta.getKey());
    }
  }

  /**
   * Every catalogue entry has a test named after it ({@code SHAPE_MISMATCH} → {@code
   * shapeMismatch}), here or in {@link SequenceDiagnosticsTest}, whose body refers to the
   * constant. Read from the sources so that it holds however the tests are filtered or ordered.
   */
  @Test
  void everyDiagnosticIsNamedByATest() throws IOException {
    Set<String> tests = Stream.of(DiagnosticsTest.class, SequenceDiagnosticsTest.class)
        .flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
        .filter(method -> method.isAnnotationPresent(Test.class))
        .map(Method::getName)
        .collect(Collectors.toSet());
    String source = Files.readString(
        Path.of("src/test/java/dev/nabla/processor/DiagnosticsTest.java"), StandardCharsets.UTF_8)
        + Files.readString(Path.of("src/test/java/dev/nabla/processor/SequenceDiagnosticsTest.java"),
            StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    for (NablaDiagnostic diagnostic : NablaDiagnostic.values()) {
      String test = camelCase(diagnostic.name());
      if (!tests.contains(test)) {
        missing.add(diagnostic + ": no @Test " + test + "()");
        continue;
      }
      int start = source.indexOf("void " + test + "()");
      int end = source.indexOf("@Test", start);
      String body = source.substring(start, end < 0 ? source.length() : end);
      if (!body.contains(diagnostic.name() + ".")) {
        missing.add(diagnostic + ": " + test + "() does not use it");
      }
    }
    assertWithMessage("catalogue entries without their test").that(missing).isEmpty();
  }

  private static String camelCase(String constant) {
    StringBuilder name = new StringBuilder();
    for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
      name.append(name.length() == 0 ? word
          : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return name.toString();
  }
}
