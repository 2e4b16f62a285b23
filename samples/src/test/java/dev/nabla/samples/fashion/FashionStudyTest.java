package dev.nabla.samples.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.Precision;
import dev.nabla.data.Dataset;
import dev.nabla.kernel.Kernels;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The study's recipe, exactly as the sample runs it (10 epochs, seed 0), reaches the bar the
 * study sets: at least 0.82 test accuracy (PyTorch on the same recipe here: 0.83–0.85; this run
 * gives 0.839). Needs {@code dataset-fashion-mnist}, which {@code .ci/run} installs.
 */
class FashionStudyTest {
  @Test
  void tenEpochsReachTheStudysTestAccuracy() throws IOException {
    assumeTrue(FashionStudy.isInstalled(FashionStudy.DEFAULT_DATA),
        "Fashion-MNIST is not installed: apt-get install -y dataset-fashion-mnist");
    Kernels.warmUp(); // as the sample does: without it, 10 epochs take minutes, not seconds
    Dataset[] data = FashionStudy.load(FashionStudy.DEFAULT_DATA);
    FashionMlpModel model = FashionStudy.newModel(0);
    double testAccuracy = FashionStudy.train(model, data[0], data[1], 10, 0)
        .latest("test accuracy");
    assertTrue(testAccuracy >= 0.82, "test accuracy after 10 epochs: " + testAccuracy);

    // Shipped in reduced precision, the trained model keeps its accuracy (issue's bars).
    double float32 = FashionStudy.accuracy(FashionMlpInference.of(model), data[1]);
    assertEquals(testAccuracy, float32, 1e-12, "float32 inference predicts as the model");
    double float16 = FashionStudy.accuracy(FashionMlpInference.of(model, Precision.FLOAT16),
        data[1]);
    double int8 = FashionStudy.accuracy(FashionMlpInference.of(model, Precision.INT8), data[1]);
    assertEquals(float32, float16, 0.001, "float16 within 0.1 points of float32");
    assertEquals(float32, int8, 0.005, "int8 within 0.5 points of float32");
  }
}
