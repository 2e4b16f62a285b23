package dev.nabla.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.BCE_OVER_SOFTMAX;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.HUBER_DELTA_WITHOUT_HUBER;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_HUBER_DELTA;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_SLOPE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SLOPE_WITHOUT_LEAKY_RELU;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_NOT_LAST;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_OF_ONE_UNIT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SOFTMAX_TWICE;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The rules of the activations and losses with an attribute or a place: LEAKY_RELU's slope, the
 * SOFTMAX output, and the Huber δ. Each error names the value and points at the attribute.
 */
class ActivationDiagnosticsTest {
  private static Compilation compile(JavaFileObject source) {
    return Compilers.javac().compile(source);
  }

  private static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>(List.of("package test;", "", "import dev.nabla.*;", ""));
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  @Test
  void slopeOnlyOnLeakyReluAndInZeroToOne() {
    JavaFileObject src = source("Slopes",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Slopes {",
        "  @Layer(units = 3, activation = Activation.RELU,",
        "      slope = 0.1) Dense relu;",
        "  @Layer(units = 3, slope = 0.2) Dense identity;",
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
    assertThat(compilation).hadErrorCount(6);
    assertThat(compilation).hadErrorContaining(SLOPE_WITHOUT_LEAKY_RELU.format("relu", "RELU"))
        .inFile(src).onLineContaining("slope = 0.1");
    assertThat(compilation)
        .hadErrorContaining(SLOPE_WITHOUT_LEAKY_RELU.format("identity", "IDENTITY"))
        .inFile(src).onLineContaining("slope = 0.2");
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
  void leakyReluWithAndWithoutSlopeCompiles() {
    JavaFileObject src = source("Leaky",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Leaky {",
        "  @Layer(units = 3, activation = Activation.LEAKY_RELU) Dense standard;",
        "  @Layer(units = 1, activation = Activation.LEAKY_RELU, slope = 0.3) Dense steep;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.LeakyModel").contentsAsUtf8String()
        .contains(".slope(0.01)");
    assertThat(compilation).generatedSourceFile("test.LeakyModel").contentsAsUtf8String()
        .contains(".slope(0.3)");
  }

  @Test
  void softmaxOnlyOnTheOutputOfTwoOrMoreUnits() {
    JavaFileObject src = source("Hidden",
        "@Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)",
        "abstract class Hidden {",
        "  @Layer(units = 3,",
        "      activation = Activation.SOFTMAX) Dense hidden;",
        "  @Layer(units = 1, activation = Activation.SOFTMAX) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(SOFTMAX_NOT_LAST.format("hidden", "output"))
        .inFile(src).onLineContaining("activation = Activation.SOFTMAX) Dense hidden");
    assertThat(compilation).hadErrorContaining(SOFTMAX_OF_ONE_UNIT.format("output"))
        .inFile(src).onLineContaining("units = 1");
  }

  @Test
  void softmaxOutputWithCrossEntropiesIsRefused() {
    JavaFileObject twice = source("Twice",
        "@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "abstract class Twice {",
        "  @Layer(units = 4,",
        "      activation = Activation.SOFTMAX) Dense output;",
        "}");
    Compilation compilation = compile(twice);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SOFTMAX_TWICE.format("output"))
        .inFile(twice).onLineContaining("activation = Activation.SOFTMAX");

    JavaFileObject binary = source("Binary",
        "@Model(inputs = 2, loss = Loss.BINARY_CROSS_ENTROPY)",
        "abstract class Binary {",
        "  @Layer(units = 4,",
        "      activation = Activation.SOFTMAX) Dense output;",
        "}");
    compilation = compile(binary);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(BCE_OVER_SOFTMAX.format("output"))
        .inFile(binary).onLineContaining("activation = Activation.SOFTMAX");
  }

  @Test
  void softmaxOutputWithRegressionLossesCompiles() {
    for (String loss : List.of("MEAN_SQUARED_ERROR", "MEAN_ABSOLUTE_ERROR", "HUBER")) {
      JavaFileObject src = source("Probabilities",
          "@Model(inputs = 2, loss = Loss." + loss + ")",
          "abstract class Probabilities {",
          "  @Layer(units = 3, activation = Activation.GELU) Dense hidden;",
          "  @Layer(units = 4, activation = Activation.SOFTMAX) Dense output;",
          "}");
      assertThat(compile(src)).succeededWithoutWarnings();
    }
  }

  @Test
  void huberDeltaOnlyWithHuberAndPositive() {
    JavaFileObject other = source("NotHuber",
        "@Model(inputs = 2, loss = Loss.MEAN_ABSOLUTE_ERROR,",
        "    huberDelta = 2.0)",
        "abstract class NotHuber {",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(other);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(HUBER_DELTA_WITHOUT_HUBER.format("MEAN_ABSOLUTE_ERROR"))
        .inFile(other).onLineContaining("huberDelta = 2.0");

    for (String delta : List.of("0.0", "-1.0", "Double.POSITIVE_INFINITY", "Double.NaN",
        "1e39", "1e-40")) {
      JavaFileObject src = source("BadDelta",
          "@Model(inputs = 2, loss = Loss.HUBER,",
          "    huberDelta = " + delta + ")",
          "abstract class BadDelta {",
          "  @Layer(units = 1) Dense output;",
          "}");
      compilation = compile(src);
      assertThat(compilation).failed();
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining(INVALID_HUBER_DELTA.format(
              Double.parseDouble(delta.replace("Double.POSITIVE_INFINITY", "Infinity")
                  .replace("Double.NaN", "NaN")), Float.MIN_NORMAL, Float.MAX_VALUE))
          .inFile(src).onLineContaining("huberDelta = " + delta);
    }
  }

  @Test
  void huberWithAndWithoutDeltaCompiles() {
    JavaFileObject src = source("Robust",
        "@Model(inputs = 2, loss = Loss.HUBER, huberDelta = 0.5)",
        "abstract class Robust {",
        "  @Layer(units = 3, activation = Activation.SOFTPLUS) Dense hidden;",
        "  @Layer(units = 1) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.RobustModel").contentsAsUtf8String()
        .contains("return huber(outputOut, targets, rows, delta, 0.5f);");
  }
}
