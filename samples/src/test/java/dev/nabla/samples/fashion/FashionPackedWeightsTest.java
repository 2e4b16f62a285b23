package dev.nabla.samples.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nabla.optim.Sgd;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generated model keeps W₁ packed between forward passes with unchanged weights. Whenever its
 * parameters change it must predict exactly what a fresh model holding the same parameters
 * predicts (that model packs W₁ afresh): after a write through {@code parameters()} followed by
 * {@code parametersChanged()}, and after each {@code trainStep}.
 */
class FashionPackedWeightsTest {
  private static final int ROWS = FashionStudy.BATCH;

  @Test
  void predictionsFollowEveryParameterChange() {
    FashionMlpModel model = FashionStudy.newModel(0);
    SplittableRandom random = new SplittableRandom(2);
    float[] x = new float[ROWS * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextBoolean() ? 0f : (float) random.nextDouble();
    }
    int[] labels = random.ints(ROWS, 0, 10).toArray();
    model.predict(x, ROWS); // W₁ packed into scratch
    float[] before = model.predict(x, ROWS).clone(); // W₁ packed into the model's panels

    float[] parameters = model.parameters();
    for (int i = 0; i < 784 * 256; i++) { // W₁ comes first in the flat buffer
      parameters[i] = -parameters[i];
    }
    model.parametersChanged();
    float[] afterWrite = model.predict(x, ROWS).clone();
    assertFalse(Arrays.equals(before, afterWrite), "negating W₁ changes the predictions");
    assertArrayEquals(freshPrediction(parameters, x), afterWrite, "after parametersChanged()");

    Sgd sgd = new Sgd(0.5);
    for (int step = 1; step <= 3; step++) {
      model.trainStep(x, labels, ROWS, sgd);
      assertArrayEquals(freshPrediction(model.parameters(), x), model.predict(x, ROWS),
          "after trainStep " + step);
    }
  }

  private static float[] freshPrediction(float[] parameters, float[] x) {
    FashionMlpModel fresh = FashionStudy.newModel(1);
    System.arraycopy(parameters, 0, fresh.parameters(), 0, parameters.length);
    fresh.parametersChanged();
    return fresh.predict(x, ROWS).clone();
  }
}
