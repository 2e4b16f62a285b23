package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.LayerWeights;
import dev.nabla.Loss;
import dev.nabla.NablaInference;
import dev.nabla.NablaModel;
import dev.nabla.Precision;
import dev.nabla.optim.Sgd;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A float32 inference object predicts what the model it was built from predicts, for every
 * activation, loss head, constraint and quantizer, for any number of rows (one tile, several, and
 * remainders short of the batch kernels' path), and keeps doing so after the model trains on. Bit
 * for bit when the model runs row-major, as inference objects always do; within
 * {@link #FEATURE_MAJOR_TOLERANCE} of a model generated feature-major, whose kernels put the
 * samples in the vector lanes and round each unit's sum in another order.
 */
class InferenceTest {
  /**
   * Largest |inference − model| / max(1, |model|) against a feature-major model: a few float32
   * roundings of sums of about 50 terms (the largest seen over these specs was 7.3e-7).
   */
  static final double FEATURE_MAJOR_TOLERANCE = 4e-6;
  static final int MAX_ROWS = 300;
  /** Row counts around the tile boundaries: 128 rows a tile, a remainder under 8 joins it. */
  private static final int[] ROWS = {1, 2, 3, 7, 8, 9, 100, 128, 135, 136, 137, 255, MAX_ROWS};

  static final List<NetworkSpec> SPECS = List.of(
      new NetworkSpec("Wide", 40, Loss.SOFTMAX_CROSS_ENTROPY, List.of(
          LayerSpec.plain(70, Activation.RELU, true), LayerSpec.plain(33, Activation.TANH, true),
          LayerSpec.plain(10, Activation.IDENTITY, true))),
      new NetworkSpec("Binary", 12, Loss.BINARY_CROSS_ENTROPY, List.of(
          LayerSpec.plain(40, Activation.SIGMOID, false),
          LayerSpec.plain(3, Activation.SIGMOID, true))),
      new NetworkSpec("Regression", 12, Loss.MEAN_SQUARED_ERROR, List.of(
          LayerSpec.plain(20, Activation.TANH, true), LayerSpec.plain(3, Activation.IDENTITY, true))),
      new NetworkSpec("Mapped", 30, Loss.SOFTMAX_CROSS_ENTROPY, List.of(
          new LayerSpec(48, Activation.RELU, true,
              Optional.of(new MapSpec(Constraint.RANGE, -0.5, 0.5, true)), Optional.empty()),
          new LayerSpec(40, Activation.SIGMOID, true,
              Optional.of(new MapSpec(Constraint.TANH, Double.NaN, Double.NaN, false)),
              Optional.empty()),
          // Quantized alone, W = step·round(W′) starts at 0 from the default initializers
          new LayerSpec(36, Activation.RELU, true,
              Optional.of(new MapSpec(Constraint.TANH, Double.NaN, Double.NaN, true)),
              Optional.of(new QuantSpec(0.05, true))),
          new LayerSpec(4, Activation.IDENTITY, false,
              Optional.of(new MapSpec(Constraint.RANGE, -1, 1, false)),
              Optional.of(new QuantSpec(0.02, true))))),
      // Dropout is the identity outside training passes: predict and the inference agree.
      new NetworkSpec("Dropped", 24, Loss.SOFTMAX_CROSS_ENTROPY, List.of(
          LayerSpec.plain(40, Activation.RELU, true).withDropout(0.5),
          LayerSpec.plain(30, Activation.SIGMOID, true).withDropout(0.2),
          LayerSpec.plain(5, Activation.IDENTITY, true))),
      new NetworkSpec("Smooth", 16, Loss.HUBER, List.of(
          LayerSpec.plain(30, Activation.GELU, true),
          new LayerSpec(24, Activation.LEAKY_RELU, true, Optional.empty(), Optional.empty(), 0.2),
          LayerSpec.plain(12, Activation.SOFTPLUS, false),
          LayerSpec.plain(5, Activation.SOFTMAX, true)), 0.5),
      new NetworkSpec("Absolute", 10, Loss.MEAN_ABSOLUTE_ERROR, List.of(
          LayerSpec.plain(20, Activation.LEAKY_RELU, true),
          LayerSpec.plain(3, Activation.IDENTITY, true))));

  @ParameterizedTest(name = "featureMajorLimit={0}")
  @ValueSource(ints = {0, 4096})
  void float32InferenceEqualsTheModelBitForBit(int featureMajorLimit) {
    InMemoryCompiler models = InMemoryCompiler.compile(SPECS,
        "-Anabla.featureMajorLimit=" + featureMajorLimit);
    for (NetworkSpec spec : SPECS) {
      NablaModel model = trainedModel(models, spec, 1);
      NablaInference inference = models.newInference(spec, model, Precision.FLOAT32);
      NablaInference fromWeights = models.newInference(spec, LayerWeights.of(model),
          Precision.FLOAT32);
      assertEquals(Precision.FLOAT32, inference.precision());
      assertEquals(spec.inputs(), inference.inputs());
      assertEquals(spec.outputs(), inference.outputs());
      float[] x = inputs(MAX_ROWS, spec.inputs(), 5);
      float[] all = model.predict(x, MAX_ROWS);
      assertTrue(!Arrays.equals(all, 0, spec.outputs(), all, spec.outputs(), 2 * spec.outputs()),
          spec.name() + " predicts the same for every row, so this checks little");
      float[][] before = new float[ROWS.length][];
      for (int i = 0; i < ROWS.length; i++) {
        int rows = ROWS[i];
        String what = spec.name() + " with " + rows + " rows";
        float[] expected = Arrays.copyOf(model.predict(x, rows), rows * spec.outputs());
        float[] actual = predict(inference, x, rows);
        if (featureMajorLimit == 0) {
          assertArrayEquals(expected, actual, what);
        } else {
          assertClose(expected, actual, what);
        }
        assertArrayEquals(actual, predict(fromWeights, x, rows), what + ", from weights");
        int[] expectedClasses = new int[rows];
        model.predictClasses(x, rows, expectedClasses);
        int[] classes = new int[rows + 1];
        classes[rows] = -7;
        inference.predictClasses(x, rows, classes);
        assertArrayEquals(expectedClasses, Arrays.copyOf(classes, rows), what);
        assertEquals(-7, classes[rows], what + ": wrote past its rows");
        before[i] = actual;
      }
      for (int r = 0; r < 20; r++) {
        float[] row = Arrays.copyOfRange(x, r * spec.inputs(), (r + 1) * spec.inputs());
        assertEquals(model.predictClass(row), inference.predictClass(row), spec.name());
      }
      // Training the model on leaves the frozen weights as they were.
      train(model, spec, 2);
      assertTrue(!Arrays.equals(before[ROWS.length - 1], model.predict(x, MAX_ROWS)),
          spec.name() + ": training changed nothing, so this checks nothing");
      for (int i = 0; i < ROWS.length; i++) {
        assertArrayEquals(before[i], predict(inference, x, ROWS[i]), spec.name() + " after");
      }
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
      assertTrue(error <= FEATURE_MAJOR_TOLERANCE, what + ": output " + i + " is " + actual[i]
          + ", the model's " + expected[i]);
    }
  }

  /** out gets a NaN sentinel after the rows, which must stay. */
  private static float[] predict(NablaInference inference, float[] x, int rows) {
    int length = rows * inference.outputs();
    float[] out = new float[length + 1];
    out[length] = Float.NaN;
    inference.predict(x, rows, out);
    assertTrue(Float.isNaN(out[length]), "predict wrote past its rows");
    return Arrays.copyOf(out, length);
  }

  static NablaModel trainedModel(InMemoryCompiler models, NetworkSpec spec, long seed) {
    NablaModel model = models.newModel(spec, MAX_ROWS);
    train(model, spec, seed);
    return model;
  }

  /** A few steps, so that biases and mapped weights are no longer at their initial values. */
  private static void train(NablaModel model, NetworkSpec spec, long seed) {
    Random random = new Random(seed);
    float[] x = inputs(64, spec.inputs(), seed);
    int[] labels = new int[64];
    for (int r = 0; r < labels.length; r++) {
      labels[r] = random.nextInt(spec.outputs());
    }
    for (int step = 0; step < 5; step++) {
      model.trainStep(x, labels, labels.length, new Sgd(0.05));
    }
  }

  /** Gaussian inputs, a third of them 0 (as an image's background, or a ReLU's output). */
  static float[] inputs(int rows, int width, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rows * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(3) == 0 ? 0f : (float) random.nextGaussian();
    }
    return x;
  }
}
