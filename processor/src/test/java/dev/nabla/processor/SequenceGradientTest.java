package dev.nabla.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.Activation;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.SequenceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through time of generated sequence models against central finite differences
 * of an independent double-precision evaluation: T ∈ {1, 2, 5}, tanh and sigmoid cells and LSTM
 * cells, loss at every step and at the last step only, and embedding-only networks. Each check follows a batch
 * of other tokens, so an embedding row the earlier batch wrote and this one does not select must
 * read 0.
 */
class SequenceGradientTest {
  /** Above the GEMMs' small-batch threshold and not a multiple of a vector width. */
  private static final int ROWS = 11;
  private static ClassLoader loader;

  static List<SequenceSpec> specs() {
    List<SequenceSpec> specs = new ArrayList<>();
    for (int steps : new int[] {1, 2, 5}) {
      for (Activation activation : List.of(Activation.TANH, Activation.SIGMOID)) {
        for (Sequence.Targets targets : Sequence.Targets.values()) {
          specs.add(new SequenceSpec("Rnn" + specs.size(), steps, targets, 13, 3,
              Activation.IDENTITY, 5, activation, 4));
        }
      }
      for (Sequence.Targets targets : Sequence.Targets.values()) {
        specs.add(SequenceSpec.lstm("Lstm" + specs.size(), steps, targets, 13, 3, 5, 4));
      }
    }
    for (Sequence.Targets targets : Sequence.Targets.values()) {
      specs.add(new SequenceSpec("Bigram" + specs.size(), 3, targets, 13, 3, Activation.TANH, 0,
          Activation.IDENTITY, 4));
    }
    specs.add(new SequenceSpec("EmbeddedRnn" + specs.size(), 4, Sequence.Targets.EVERY_STEP, 13,
        6, Activation.SIGMOID, 7, Activation.TANH, 5));
    return specs;
  }

  @BeforeAll
  static void compile() {
    Compilation compilation = InMemoryCompiler.javac().compile(specs().stream()
        .map(spec -> JavaFileObjects.forSourceString(spec.qualifiedName(), spec.source()))
        .toList());
    assertThat(compilation).succeededWithoutWarnings();
    loader = InMemoryCompiler.loader(compilation);
  }

  static SequenceModel newModel(ClassLoader loader, SequenceSpec spec, int maxBatch) {
    try {
      return (SequenceModel) loader.loadClass(spec.qualifiedName() + "Model")
          .getConstructor(int.class).newInstance(maxBatch);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate the model of " + spec, e);
    }
  }

  static Stream<SequenceSpec> cases() {
    return specs().stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(SequenceSpec spec) {
    Random random = new Random(spec.name().hashCode());
    SequenceModel model = newModel(loader, spec, ROWS);
    SequenceSpec.randomize(model, random);
    model.computeGradients(spec.tokens(ROWS, random), spec.labels(ROWS, random), ROWS);
    int rows = ROWS - 2;
    int[] tokens = spec.tokens(rows, random);
    int[] labels = spec.labels(rows, random);
    float loss = model.computeGradients(tokens, labels, rows);
    double[] p = new double[model.parameterCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = model.parameters()[i];
    }
    assertEquals(spec.loss(p, tokens, labels, rows), loss, 1e-4 * (1 + Math.abs(loss)),
        "loss of " + spec);
    double[] expected = new double[p.length];
    double largest = 0;
    double h = 1e-5;
    for (int i = 0; i < p.length; i++) {
      double saved = p[i];
      p[i] = saved + h;
      double up = spec.loss(p, tokens, labels, rows);
      p[i] = saved - h;
      double down = spec.loss(p, tokens, labels, rows);
      p[i] = saved;
      expected[i] = (up - down) / (2 * h);
      largest = Math.max(largest, Math.abs(expected[i]));
    }
    for (int i = 0; i < p.length; i++) {
      double tolerance = 2e-3 * Math.abs(expected[i]) + 1e-4 * largest + 1e-6;
      assertEquals(expected[i], model.gradients()[i], tolerance,
          spec + ": ∂L/∂θ[" + i + "] (" + describe(model, i) + ")");
    }
  }

  private static String describe(SequenceModel model, int index) {
    for (dev.nabla.Dense layer : model.layers()) {
      int end = layer.weightOffset() + layer.parameterCount();
      if (index >= layer.weightOffset() && index < end) {
        return layer.name() + " + " + (index - layer.weightOffset());
      }
    }
    return "?";
  }
}
