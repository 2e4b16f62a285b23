package dev.nabla.processor;

import static dev.nabla.processor.Compilers.compile;
import static dev.nabla.processor.Compilers.source;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Declarations of the activations and losses with an attribute or a place that compile cleanly
 * and carry the attribute into the generated code; their errors are in {@link DiagnosticsTest}.
 */
class ActivationDeclarationsTest {
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
