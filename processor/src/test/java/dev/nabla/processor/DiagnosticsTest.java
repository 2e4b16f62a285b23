package dev.nabla.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.BCE_NEEDS_SIGMOID;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.BOUNDS_WITHOUT_RANGE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.CLASS_MODIFIERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.FIELD_MODIFIERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INTERNAL_ERROR;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_OPTION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_RANGE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_STEP;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MISPLACED_ANNOTATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NON_POSITIVE_WIDTH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NO_ACCESSIBLE_CONSTRUCTOR;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NO_LAYERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.QUANTIZER_CANNOT_LEARN;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SHAPE_MISMATCH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_NEEDS_TWO_OUTPUTS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_OVER_ACTIVATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.UNSUPPORTED_COMBINATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.WRONG_FIELD_TYPE;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.Constraint;
import dev.nabla.processor.diagnostics.NablaDiagnostic;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per {@link NablaDiagnostic}, named after it: the message (from the catalogue), the
 * line the caret is on, and the exact number of diagnostics. Where the culprit is an attribute,
 * the attribute sits on its own line so that the line check tells the value, the annotation and
 * the field apart.
 */
class DiagnosticsTest {
  private static Compilation compile(JavaFileObject... sources) {
    return Compilers.javac().compile(sources);
  }

  private static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>(List.of("package test;", "", "import dev.nabla.*;", ""));
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
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
    assertThat(compilation).hadErrorCount(5);
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
   * A generated name that is already taken makes the filer throw; the processor turns that into
   * one error on the class being processed instead of letting the exception reach javac.
   */
  @Test
  void internalError() {
    JavaFileObject src = source("Clash",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Clash {",
        "  @Layer(units = 1) Dense output;",
        "}",
        "",
        "class ClashModel {}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    // The message ends with the stack trace, after the catalogue text.
    assertThat(compilation).hadErrorContaining(INTERNAL_ERROR.format("test.Clash", ""))
        .inFile(src).onLineContaining("abstract class Clash");
    assertThat(compilation).hadErrorContaining("FilerException");
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

  /** Every problem is reported in one pass, and a class with errors generates nothing. */
  @Test
  void threeIndependentMistakesGiveThreeErrorsAndNoSource() {
    JavaFileObject src = Compilers.resourceSource("bad/ThreeMistakes.java");
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = Compiler.javac()
        .withProcessors(processor)
        .withOptions("-Xlint:all", "-Xlint:-processing")
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

  /**
   * Every catalogue entry has a test named after it ({@code SHAPE_MISMATCH} → {@code
   * shapeMismatch}) whose body refers to the constant. Read from this file's source so that it
   * holds however the tests are filtered or ordered.
   */
  @Test
  void everyDiagnosticIsNamedByATest() throws IOException {
    Set<String> tests = Arrays.stream(DiagnosticsTest.class.getDeclaredMethods())
        .filter(method -> method.isAnnotationPresent(Test.class))
        .map(Method::getName)
        .collect(Collectors.toSet());
    String source = Files.readString(
        Path.of("src/test/java/dev/nabla/processor/DiagnosticsTest.java"), StandardCharsets.UTF_8);
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
