package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.data.Dataset;
import org.junit.jupiter.api.Test;

/** The test model's gradients must be exact, or the trainer tests would prove nothing. */
class LinearSoftmaxModelTest {
  @Test
  void gradientsMatchCentralFiniteDifferences() {
    Dataset data = TrainerTest.clusters(3, 9);
    LinearSoftmaxModel model = new LinearSoftmaxModel(2, 3, 16);
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = 0.1f * (i % 5) - 0.2f;
    }
    model.computeGradients(data.features(), data.labels(), data.rows());
    float[] analytic = model.gradients().clone();
    float h = 1e-2f;
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = saved + h;
      double up = model.loss(data.features(), data.labels(), data.rows());
      p[i] = saved - h;
      double down = model.loss(data.features(), data.labels(), data.rows());
      p[i] = saved;
      assertEquals((up - down) / (2 * h), analytic[i], 2e-3, "gradient of parameter " + i);
    }
  }
}
