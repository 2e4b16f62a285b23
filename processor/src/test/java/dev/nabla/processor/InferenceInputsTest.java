package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.Activation;
import dev.nabla.LayerWeights;
import dev.nabla.Loss;
import dev.nabla.NablaInference;
import dev.nabla.NablaModel;
import dev.nabla.Precision;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments to an inference object, and bad weights to build one from, are refused with an
 * exception naming what was wrong, before anything is written.
 */
class InferenceInputsTest {
  private static final NetworkSpec SPEC = new NetworkSpec("Checked", 3, Loss.SOFTMAX_CROSS_ENTROPY,
      List.of(LayerSpec.plain(4, Activation.RELU, true),
          LayerSpec.plain(2, Activation.IDENTITY, false)));

  private static InMemoryCompiler models;
  private static NablaModel model;
  private static NablaInference inference;

  @BeforeAll
  static void build() {
    models = InMemoryCompiler.compile(List.of(SPEC));
    model = models.newModel(SPEC, 4);
    inference = models.newInference(SPEC, model, Precision.FLOAT32);
  }

  @Test
  void badArgumentsAreNamedAndNothingIsWritten() {
    float[] x = {1, 2, 3, 4, 5, 6};
    float[] out = new float[4];
    int[] classes = new int[2];
    refused(NullPointerException.class, "x is null", () -> inference.predict(null, 1, out), out);
    refused(IllegalArgumentException.class, "x has length 6 but 3 rows of width 3 need 9",
        () -> inference.predict(x, 3, new float[6]), out);
    refused(IllegalArgumentException.class, "rows must be at least 1, got 0",
        () -> inference.predict(x, 0, out), out);
    refused(IllegalArgumentException.class, "rows must be at least 1, got -1",
        () -> inference.predictClasses(x, -1, classes), out);
    refused(NullPointerException.class, "out is null", () -> inference.predict(x, 2, null), out);
    refused(IllegalArgumentException.class, "out has length 3 but 2 rows of width 2 need 4",
        () -> inference.predict(x, 2, new float[] {7, 7, 7}), out);
    float[] shortOut = {7, 7, 7};
    assertThrows(IllegalArgumentException.class, () -> inference.predict(x, 2, shortOut));
    assertArrayEquals(new float[] {7, 7, 7}, shortOut, "a refused call wrote into out");
    float[] nan = {1, 2, 3, 4, Float.NaN, 6};
    refused(IllegalArgumentException.class, "x row 1, column 1 is NaN",
        () -> inference.predict(nan, 2, out), out);
    refused(IllegalArgumentException.class, "x row 0, column 0 is Infinity",
        () -> inference.predictClass(new float[] {Float.POSITIVE_INFINITY, 0, 0}), out);
    refused(IllegalArgumentException.class, "x has length 2 but 1 rows of width 3 need 3",
        () -> inference.predictClass(new float[2]), out);
    refused(NullPointerException.class, "classes is null",
        () -> inference.predictClasses(x, 2, null), out);
    int[] shortClasses = {-5};
    refused(IllegalArgumentException.class, "classes has length 1 but rows is 2",
        () -> inference.predictClasses(x, 2, shortClasses), out);
    assertArrayEquals(new int[] {-5}, shortClasses, "a refused call wrote into classes");
  }

  @Test
  void badWeightsAreNamed() {
    List<LayerWeights> good = LayerWeights.of(model);
    LayerWeights hidden = good.get(0);
    LayerWeights output = good.get(1);
    building(NullPointerException.class, "precision", good, null);
    building(NullPointerException.class, "layers", null, Precision.FLOAT32);
    building(IllegalArgumentException.class, "CheckedInference has 2 layers, got weights for 1",
        List.of(hidden), Precision.FLOAT32);
    building(IllegalArgumentException.class,
        "layer 0 'layer0': got the weights of a layer named 'layer1'",
        List.of(output, output), Precision.FLOAT32);
    building(IllegalArgumentException.class, "layer 1 'layer1' is 4×2, got weights of 2×4",
        List.of(hidden, new LayerWeights("layer1", 2, 4, new float[8], null)), Precision.FLOAT32);
    building(IllegalArgumentException.class, "layer 1 'layer1' has no bias, got one",
        List.of(hidden, new LayerWeights("layer1", 4, 2, output.weights(), new float[2])),
        Precision.FLOAT32);
    building(IllegalArgumentException.class, "layer 0 'layer0' has a bias, got none",
        List.of(new LayerWeights("layer0", 3, 4, hidden.weights(), null), output),
        Precision.FLOAT32);
    float[] nan = hidden.weights().clone();
    nan[2 * 4 + 1] = Float.NaN;
    building(IllegalArgumentException.class, "layer 0 'layer0' W row 2, column 1 is NaN",
        List.of(new LayerWeights("layer0", 3, 4, nan, hidden.bias()), output), Precision.FLOAT32);
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> new LayerWeights("layer0", 3, 4, new float[11], null));
    assertEquals("layer 'layer0' is 3×4, so W needs 12 floats, got 11", length.getMessage());
  }

  /** The arrays a weights list holds are copied: changing them later changes nothing. */
  @Test
  void weightsAreCopiedWhenBuilt() {
    List<LayerWeights> weights = LayerWeights.of(model);
    NablaInference built = models.newInference(SPEC, weights, Precision.FLOAT32);
    float[] x = {0.5f, -1, 2, 1, 1, 1};
    float[] before = new float[4];
    built.predict(x, 2, before);
    List<LayerWeights> changed = new ArrayList<>(weights);
    for (LayerWeights layer : changed) {
      Arrays.fill(layer.weights(), 3f);
    }
    float[] after = new float[4];
    built.predict(x, 2, after);
    assertArrayEquals(before, after);
  }

  private static void refused(Class<? extends RuntimeException> type, String message,
      Executable call, float[] out) {
    Arrays.fill(out, 42f);
    RuntimeException e = assertThrows(type, call);
    assertEquals(message, e.getMessage());
    float[] untouched = new float[out.length];
    Arrays.fill(untouched, 42f);
    assertArrayEquals(untouched, out, "a refused call wrote into out: " + message);
  }

  private static void building(Class<? extends RuntimeException> type, String message,
      List<LayerWeights> weights, Precision precision) {
    RuntimeException e = assertThrows(type,
        () -> models.newInference(SPEC, weights, precision));
    assertEquals(message, e.getMessage());
  }
}
