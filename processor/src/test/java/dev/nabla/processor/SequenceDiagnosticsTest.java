package dev.nabla.processor;

import static dev.nabla.processor.Compilers.compile;
import static dev.nabla.processor.Compilers.source;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.LSTM_ACTIVATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MEMBER_CLASH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MISPLACED_ANNOTATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MODEL_AND_SEQUENCE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NON_POSITIVE_STEPS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NON_POSITIVE_WIDTH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_ACTIVATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_FIELD;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_LAYOUT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_OUTPUT_WIDTH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_TOO_LONG;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SHAPE_MISMATCH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.TOO_MANY_PARAMETERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.UNSUPPORTED_IN_SEQUENCE;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics of {@code @Sequence} declarations, as {@link DiagnosticsTest} checks those of
 * {@code @Model}: message, line and the exact number of errors; each culprit attribute on a line
 * of its own.
 */
class SequenceDiagnosticsTest {
  @Test
  void sequenceLayout() {
    JavaFileObject src = source("Layouts",
        "@Sequence(steps = 4)",
        "abstract class NoEmbedding {",
        "  @Layer(units = 3) Dense output;",
        "}",
        "",
        "@Sequence(steps = 4)",
        "abstract class OutputFirst {",
        "  @Layer(units = 3) Dense output;",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "}",
        "",
        "@Sequence(steps = 4)",
        "abstract class TwoCells {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Recurrent(units = 4) RecurrentCell first;",
        "  @Recurrent(units = 4) RecurrentCell second;",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining(SEQUENCE_LAYOUT.format("NoEmbedding",
        "declares no @Embedding field")).inFile(src).onLineContaining("class NoEmbedding");
    assertThat(compilation).hadErrorContaining(SEQUENCE_LAYOUT.format("OutputFirst",
        "declares @Embedding 'embed' after @Layer 'output'"))
        .inFile(src).onLineContaining("class OutputFirst");
    assertThat(compilation).hadErrorContaining(SEQUENCE_LAYOUT.format("TwoCells",
        "declares 2 @Recurrent fields ('first', 'second')"))
        .inFile(src).onLineContaining("class TwoCells");
  }

  @Test
  void sequenceField() {
    JavaFileObject src = source("Fields",
        "@Sequence(steps = 4)",
        "abstract class Fields {",
        "  @Embedding(vocabulary = 5, dimension = 2)",
        "  private Dense embed;",
        "  @Recurrent(units = 4)",
        "  Dense cell;",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(SEQUENCE_FIELD.format("Embedding", "embed",
        "is private", "dev.nabla.Dense")).inFile(src).onLineContaining("private Dense embed");
    assertThat(compilation).hadErrorContaining(SEQUENCE_FIELD.format("Recurrent", "cell",
        "has type dev.nabla.Dense", "dev.nabla.RecurrentCell"))
        .inFile(src).onLineContaining("Dense cell;");
  }

  @Test
  void nonPositiveSteps() {
    JavaFileObject src = source("Steps",
        "@Sequence(targets = Sequence.Targets.LAST_STEP,",
        "    steps = 0)",
        "abstract class Steps {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(NON_POSITIVE_STEPS.format(0))
        .inFile(src).onLineContaining("steps = 0");
  }

  /** Widths of a sequence model, as {@code @Model}'s: named by attribute and field. */
  @Test
  void sequenceWidths() {
    JavaFileObject src = source("Widths",
        "@Sequence(steps = 4)",
        "abstract class Widths {",
        "  @Embedding(dimension = 2,",
        "      vocabulary = 0)",
        "  Dense embed;",
        "  @Recurrent(",
        "      units = -1)",
        "  RecurrentCell cell;",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(NON_POSITIVE_WIDTH.format("vocabulary of 'embed'",
        0)).inFile(src).onLineContaining("vocabulary = 0");
    assertThat(compilation).hadErrorContaining(NON_POSITIVE_WIDTH.format("units of 'cell'", -1))
        .inFile(src).onLineContaining("units = -1");
  }

  @Test
  void sequenceShapes() {
    JavaFileObject src = source("Shapes",
        "@Sequence(steps = 4)",
        "abstract class CellInput {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Recurrent(units = 4,",
        "      in = 3)",
        "  RecurrentCell cell;",
        "  @Layer(units = 3,",
        "      in = 5)",
        "  Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SHAPE_MISMATCH.format("cell", 3,
        "the embedding 'embed'", 2, 2)).inFile(src).onLineContaining("in = 3)");
    // The output's in = 5 is not checked against a cell whose width is unknown: no second error.
    JavaFileObject output = source("OutputShape",
        "@Sequence(steps = 4)",
        "abstract class OutputShape {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Recurrent(units = 4) RecurrentCell cell;",
        "  @Layer(units = 3,",
        "      in = 5)",
        "  Dense output;",
        "}");
    Compilation second = compile(output);
    assertThat(second).hadErrorCount(1);
    assertThat(second).hadErrorContaining(SHAPE_MISMATCH.format("output", 5,
        "the recurrent cell 'cell'", 4, 4)).inFile(output).onLineContaining("in = 5)");
  }

  @Test
  void sequenceOutputWidth() {
    JavaFileObject src = source("OneClass",
        "@Sequence(steps = 4)",
        "abstract class OneClass {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Layer(",
        "      units = 1)",
        "  Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SEQUENCE_OUTPUT_WIDTH.format("output", 1))
        .inFile(src).onLineContaining("units = 1)");
  }

  @Test
  void sequenceTooLong() {
    JavaFileObject src = source("Long",
        "@Sequence(",
        "    steps = 100000)",
        "abstract class Long {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Layer(units = 30000) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(SEQUENCE_TOO_LONG.format(100000,
        3_000_000_000L, Integer.MAX_VALUE - 8)).inFile(src).onLineContaining("steps = 100000");
  }

  @Test
  void unsupportedInSequence() {
    JavaFileObject src = source("Quantized",
        "@Sequence(steps = 4)",
        "abstract class Quantized {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @dev.nabla.Quantized(step = 0.5)",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(UNSUPPORTED_IN_SEQUENCE.format("Quantized",
        "output")).inFile(src).onLineContaining("@dev.nabla.Quantized");
  }

  @Test
  void dropoutIsUnsupportedInSequence() {
    JavaFileObject src = source("Dropping",
        "@Sequence(steps = 4)",
        "abstract class Dropping {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @dev.nabla.Dropout(0.5)",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(UNSUPPORTED_IN_SEQUENCE.format("Dropout",
        "output")).inFile(src).onLineContaining("@dev.nabla.Dropout");
  }

  /** The dense path's newer activations (GELU keeps Z, LEAKY_RELU a slope) are refused here. */
  @Test
  void sequenceActivation() {
    JavaFileObject src = source("Smooth",
        "@Sequence(steps = 4)",
        "abstract class Smooth {",
        "  @Embedding(vocabulary = 5, dimension = 2,",
        "      activation = Activation.GELU) Dense embed;",
        "  @Recurrent(units = 3, activation = Activation.LEAKY_RELU) RecurrentCell cell;",
        "  @Layer(units = 5) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(SEQUENCE_ACTIVATION.format("GELU", "embed"))
        .inFile(src).onLineContaining("activation = Activation.GELU");
    assertThat(compilation).hadErrorContaining(SEQUENCE_ACTIVATION.format("LEAKY_RELU", "cell"))
        .inFile(src).onLineContaining("activation = Activation.LEAKY_RELU");
  }

  /**
   * An LSTM's gates fix their activations, so a stated one, even the simple cell's default, is
   * an error on the attribute; the widths of an LSTM are checked as a simple cell's.
   */
  @Test
  void lstmActivation() {
    JavaFileObject src = source("Gated",
        "@Sequence(steps = 4)",
        "abstract class Gated {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Recurrent(units = 3, cell = Recurrent.Cell.LSTM,",
        "      activation = Activation.TANH)",
        "  RecurrentCell cell;",
        "  @Layer(units = 5) Dense output;",
        "}",
        "",
        "@Sequence(steps = 4)",
        "abstract class GatedShape {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Recurrent(units = 3, cell = Recurrent.Cell.LSTM,",
        "      in = 4)",
        "  RecurrentCell cell;",
        "  @Layer(units = 5) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(LSTM_ACTIVATION.format("TANH", "cell"))
        .inFile(src).onLineContaining("activation = Activation.TANH)");
    assertThat(compilation).hadErrorContaining(SHAPE_MISMATCH.format("cell", 4,
        "the embedding 'embed'", 2, 2)).inFile(src).onLineContaining("in = 4)");
  }

  /** An LSTM's W and Z are four gates wide: sizes a simple cell of the same units would pass. */
  @Test
  void lstmSizesCountFourGates() {
    JavaFileObject src = source("Wide",
        "@Sequence(",
        "    steps = 100000)",
        "abstract class LongGates {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Recurrent(units = 6000, cell = Recurrent.Cell.LSTM) RecurrentCell cell;",
        "  @Layer(units = 3) Dense output;",
        "}",
        "",
        "@Sequence(steps = 1)",
        "abstract class WideGates {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Recurrent(units = 30000, cell = Recurrent.Cell.LSTM) RecurrentCell cell;",
        "  @Layer(units = 3) Dense scores;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(SEQUENCE_TOO_LONG.format(100000,
        2_400_000_000L, Integer.MAX_VALUE - 8)).inFile(src).onLineContaining("steps = 100000");
    assertThat(compilation).hadErrorContaining(TOO_MANY_PARAMETERS.format("scores", 30000, 3,
        " and a bias", 3_600_450_013L, Integer.MAX_VALUE - 8))
        .inFile(src).onLineContaining("Dense scores;");
  }

  @Test
  void modelAndSequence() {
    JavaFileObject src = source("Both",
        "@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "@Sequence(steps = 4)",
        "abstract class Both {",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(MODEL_AND_SEQUENCE.format("Both"))
        .inFile(src).onLineContaining("class Both");
  }

  @Test
  void embeddingOutsideSequence() {
    JavaFileObject src = source("Plain",
        "@Model(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY)",
        "abstract class Plain {",
        "  @Embedding(vocabulary = 5, dimension = 2)",
        "  Dense embed;",
        "  @Layer(units = 3) Dense output;",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(MISPLACED_ANNOTATION.format("Embedding", "embed",
        "its class 'Plain' is not annotated @Sequence"))
        .inFile(src).onLineContaining("@Embedding(vocabulary = 5");
  }

  /** A method with a SequenceModel signature would silently replace the generated one. */
  @Test
  void sequenceMemberClash() {
    JavaFileObject src = source("Clash",
        "@Sequence(steps = 4)",
        "abstract class Clash {",
        "  @Embedding(vocabulary = 5, dimension = 2) Dense embed;",
        "  @Layer(units = 3) Dense output;",
        "  public int vocabulary() { return 3; }",
        "}");
    Compilation compilation = compile(src);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(MEMBER_CLASH.format("vocabulary()", "Clash",
        "the SequenceModel method 'vocabulary()'"))
        .inFile(src).onLineContaining("public int vocabulary()");
  }
}
