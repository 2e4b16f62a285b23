package dev.nabla.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.Activation;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.SequenceSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A generated sequence model's entry points: allocation, input checks, layouts, refusals. */
class SequenceModelTest {
  private static final int ROWS = 16;
  private static final SequenceSpec EVERY_STEP = new SequenceSpec("Chars", 12,
      Sequence.Targets.EVERY_STEP, 29, 8, Activation.IDENTITY, 24, Activation.TANH, 29);
  private static final SequenceSpec LAST_STEP = new SequenceSpec("Labels", 7,
      Sequence.Targets.LAST_STEP, 11, 5, Activation.TANH, 9, Activation.SIGMOID, 3);
  private static final SequenceSpec LSTM_EVERY_STEP = SequenceSpec.lstm("LstmChars", 12,
      Sequence.Targets.EVERY_STEP, 29, 8, 24, 29);
  private static final SequenceSpec LSTM_LAST_STEP = SequenceSpec.lstm("LstmLabels", 7,
      Sequence.Targets.LAST_STEP, 11, 5, 9, 3);
  private static final List<SequenceSpec> ALL = List.of(EVERY_STEP, LAST_STEP, LSTM_EVERY_STEP,
      LSTM_LAST_STEP);
  private static ClassLoader loader;

  @BeforeAll
  static void compile() {
    Compilation compilation = InMemoryCompiler.javac().compile(ALL
        .stream().map(spec -> JavaFileObjects.forSourceString(spec.qualifiedName(),
            spec.source())).toList());
    assertThat(compilation).succeededWithoutWarnings();
    loader = InMemoryCompiler.loader(compilation);
  }

  private static SequenceModel model(SequenceSpec spec) {
    return SequenceGradientTest.newModel(loader, spec, ROWS);
  }

  @Test
  void trainingAndPredictionAllocateNothingAfterWarmUp() {
    Kernels.warmUp();
    for (SequenceSpec spec : ALL) {
      for (Optimizer optimizer : List.of(new Sgd(0.01).clipGradientNorm(1), new Adam(0.001))) {
        SequenceModel model = model(spec);
        Random random = new Random(3);
        int[] tokens = spec.tokens(ROWS, random);
        int[] labels = spec.labels(ROWS, random);
        long allocated = AllocationProbe.steadyStateBytes(() -> {
          model.trainStep(tokens, labels, ROWS, optimizer);
          model.forward(tokens, ROWS);
          model.predict(tokens, ROWS);
          model.loss(tokens, labels, ROWS);
        });
        assertEquals(0, allocated, spec.name() + " with " + optimizer + " allocated "
            + allocated + " bytes in " + AllocationProbe.WINDOW + " rounds after warm-up");
      }
    }
  }

  static List<SequenceSpec> everyStep() {
    return List.of(EVERY_STEP, LSTM_EVERY_STEP);
  }

  /** Logits come back row-major by sequence (r·T + t), each the reference's for that step. */
  @ParameterizedTest
  @MethodSource("everyStep")
  void forwardReturnsEachSequenceStepInTheCallersOrder(SequenceSpec spec) {
    SequenceModel model = model(spec);
    Random random = new Random(5);
    SequenceSpec.randomize(model, random);
    int rows = 5;
    int[] tokens = spec.tokens(rows, random);
    float[] all = model.forward(tokens, rows).clone();
    float[] probabilities = model.predict(tokens, rows).clone();
    for (int r = 0; r < rows; r++) {
      // The same sequence alone gives the same logits at every step.
      int[] alone = java.util.Arrays.copyOfRange(tokens, r * spec.steps(),
          (r + 1) * spec.steps());
      float[] single = model.forward(alone, 1);
      int width = spec.steps() * spec.outputs();
      for (int i = 0; i < width; i++) {
        assertEquals(all[r * width + i], single[i], 1e-5f, "row " + r + " value " + i);
      }
    }
    for (int row = 0; row < rows * spec.steps(); row++) {
      double sum = 0;
      for (int j = 0; j < spec.outputs(); j++) {
        sum += probabilities[row * spec.outputs() + j];
      }
      assertEquals(1, sum, 1e-5, "probabilities of target row " + row);
    }
  }

  @Test
  void badTokensAndTargetsAreNamedAndChangeNothing() {
    SequenceModel model = model(LAST_STEP);
    Random random = new Random(7);
    int[] tokens = LAST_STEP.tokens(3, random);
    int[] labels = LAST_STEP.labels(3, random);
    tokens[2 * 7 + 4] = 11;
    float[] before = model.parameters().clone();
    Sgd sgd = new Sgd(0.1);
    IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
        () -> model.trainStep(tokens, labels, 3, sgd));
    assertEquals("tokens[18] (row 2, step 4) is 11, outside the vocabulary of embedding 'embed'"
        + " [0, 11)", token.getMessage());
    tokens[18] = 0;
    labels[1] = -1;
    IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
        () -> model.trainStep(tokens, labels, 3, sgd));
    assertEquals("targets[1] (row 1, step last) is -1, outside the model's 3 classes [0, 3)",
        target.getMessage());
    IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
        () -> model.forward(new int[20], 3));
    assertEquals("tokens has length 20 but 3 rows of 7 need 21", shortInput.getMessage());
    labels[1] = 0;
    assertThrows(NullPointerException.class, () -> model.loss((int[]) null, labels, 3));
    assertArrayEquals(before, model.parameters());
  }

  @Test
  void floatInputIsRefusedNamingTheTokenMethod() {
    SequenceModel model = model(EVERY_STEP);
    UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
        () -> model.trainStep(new float[12], new int[1], 1, new Sgd(0.1)));
    assertEquals("CharsModel takes token indices, not float rows: call trainStep(int[] tokens, …)"
        + " of SequenceModel", error.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> model.predict(new float[12], 1));
    assertThrows(UnsupportedOperationException.class, () -> model.predictClass(new float[12]));
    assertEquals(EVERY_STEP.steps(), model.inputs());
  }
}
