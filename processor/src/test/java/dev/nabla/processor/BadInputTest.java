package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.optim.Adam;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A rejected call names what was wrong and leaves parameters, gradients and optimizer alone. */
class BadInputTest {
  private static final NetworkSpec SPEC = new NetworkSpec("Guarded", 3, Loss.SOFTMAX_CROSS_ENTROPY,
      List.of(LayerSpec.plain(4, Activation.TANH, true),
          LayerSpec.plain(2, Activation.IDENTITY, true)));

  @Test
  void badCallsThrowAClearMessageAndChangeNothing() {
    InMemoryCompiler models = InMemoryCompiler.compile(List.of(SPEC));
    NablaModel model = models.newModel(SPEC, 4);
    NablaModel twin = models.newModel(SPEC, 4);
    Adam adam = new Adam(0.1);
    Adam twinAdam = new Adam(0.1);
    float[] x = {1, 2, 3, 4, 5, 6};
    int[] labels = {0, 1};
    model.trainStep(x, labels, 2, adam);
    twin.trainStep(x, labels, 2, twinAdam);
    float[] parameters = model.parameters().clone();
    float[] gradients = model.gradients().clone();

    assertRejected(model, parameters, gradients, "rows must be between 1 and the model's maxBatch"
        + " 4, got 5", () -> model.trainStep(new float[15], new int[5], 5, adam));
    assertRejected(model, parameters, gradients, "x has length 6 but 3 rows of width 3 need 9",
        () -> model.trainStep(x, new int[3], 3, adam));
    assertRejected(model, parameters, gradients, "x row 1, column 2 is NaN",
        () -> model.trainStep(new float[] {1, 2, 3, 4, 5, Float.NaN}, labels, 2, adam));
    assertRejected(model, parameters, gradients,
        "label of row 1 is 2, outside the model's 2 classes [0, 2)",
        () -> model.trainStep(x, new int[] {0, 2}, 2, adam));
    assertRejected(model, parameters, gradients, "targets row 0, column 1 is Infinity",
        () -> model.trainStep(x, new float[] {0, Float.POSITIVE_INFINITY, 1, 0}, 2, adam));
    assertRejected(model, parameters, gradients, "classes has length 1 but rows is 2",
        () -> model.predictClasses(x, 2, new int[1]));

    assertRejected(model, parameters, gradients, "targets row 1 sums to 1.1, but softmax "
        + "cross-entropy targets are probabilities and must sum to 1 (within 0.001)",
        () -> model.trainStep(x, new float[] {0, 1, 0.5f, 0.6f}, 2, adam));
    assertRejected(model, parameters, gradients, "targets row 0, column 0 is -0.5, but softmax "
        + "cross-entropy targets are probabilities and must lie in [0, 1]",
        () -> model.computeGradients(x, new float[] {-0.5f, 1.5f, 0, 1}, 2));
    assertRejected(model, parameters, gradients, "targets row 0 sums to 0.0, but softmax "
        + "cross-entropy targets are probabilities and must sum to 1 (within 0.001)",
        () -> model.loss(x, new float[4], 2));
    assertNullRejected(model, parameters, gradients, "classes is null",
        () -> model.predictClasses(x, 2, null));
    assertNullRejected(model, parameters, gradients, "x is null", () -> model.predict(null, 2));
    assertNullRejected(model, parameters, gradients, "targets is null",
        () -> model.loss(x, (float[]) null, 2));
    assertNullRejected(model, parameters, gradients, "labels is null",
        () -> model.computeGradients(x, (int[]) null, 2));
    assertNullRejected(model, parameters, gradients, "optimizer is null",
        () -> model.trainStep(x, labels, 2, null));

    // Nothing reached the optimizer either: the next step matches the twin's exactly.
    assertEquals(twin.trainStep(x, labels, 2, twinAdam), model.trainStep(x, labels, 2, adam));
    assertArrayEquals(twin.parameters(), model.parameters());
  }

  @Test
  void probabilityTargetsOfBinaryCrossEntropyLieInTheUnitIntervalAndRegressionTargetsAreFree() {
    NetworkSpec binary = new NetworkSpec("Binary", 2, Loss.BINARY_CROSS_ENTROPY,
        List.of(LayerSpec.plain(3, Activation.SIGMOID, true)));
    NetworkSpec regression = new NetworkSpec("Regression", 2, Loss.MEAN_SQUARED_ERROR,
        List.of(LayerSpec.plain(3, Activation.IDENTITY, true)));
    InMemoryCompiler models = InMemoryCompiler.compile(List.of(binary, regression));
    float[] x = {1, 2, 3, 4};
    NablaModel model = models.newModel(binary, 2);
    float[] parameters = model.parameters().clone();
    float[] gradients = model.gradients().clone();
    assertRejected(model, parameters, gradients, "targets row 1, column 2 is 2.0, but binary "
        + "cross-entropy targets are probabilities and must lie in [0, 1]",
        () -> model.trainStep(x, new float[] {0, 1, 0.5f, 1, 0, 2}, 2, new Adam(0.1)));
    // Several labels per row may hold at once: the rows need not sum to 1.
    float loss = model.loss(x, new float[] {1, 1, 1, 0, 0.25f, 0}, 2);
    assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
    float regressionLoss = models.newModel(regression, 2)
        .loss(x, new float[] {-7, 30, 0.5f, 1e6f, 0, -2}, 2);
    assertTrue(Float.isFinite(regressionLoss) && regressionLoss > 0, "loss " + regressionLoss);
  }

  private static void assertNullRejected(NablaModel model, float[] parameters,
      float[] gradients, String message, Executable call) {
    assertRefused(NullPointerException.class, model, parameters, gradients, message, call);
  }

  private static void assertRejected(NablaModel model, float[] parameters, float[] gradients,
      String message, Executable call) {
    assertRefused(IllegalArgumentException.class, model, parameters, gradients, message, call);
  }

  private static void assertRefused(Class<? extends RuntimeException> type, NablaModel model,
      float[] parameters, float[] gradients, String message, Executable call) {
    assertEquals(message, assertThrows(type, call).getMessage());
    assertArrayEquals(parameters, model.parameters(), message);
    assertArrayEquals(gradients, model.gradients(), message);
  }
}
