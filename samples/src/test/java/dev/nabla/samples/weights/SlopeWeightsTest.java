package dev.nabla.samples.weights;

import static dev.nabla.Activation.LEAKY_RELU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;
import dev.nabla.NablaModel;
import dev.nabla.io.SafeTensors;
import dev.nabla.io.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LEAKY_RELU's slope is part of a weights file's architecture: it round-trips, a model with
 * another slope refuses the file naming it, and a file stating an impossible slope is refused.
 */
class SlopeWeightsTest {
  @Model(inputs = 4, loss = Loss.HUBER)
  abstract static class Leaky {
    @Layer(units = 8, activation = LEAKY_RELU, slope = 0.2) Dense hidden;
    @Layer(units = 3) Dense output;
  }

  /** {@link Leaky} with a steeper slope: another function of the same weights. */
  @Model(inputs = 4, loss = Loss.HUBER)
  abstract static class Steeper {
    @Layer(units = 8, activation = LEAKY_RELU, slope = 0.3) Dense hidden;
    @Layer(units = 3) Dense output;
  }

  @TempDir Path dir;

  private Path saved() throws IOException {
    SlopeWeightsTest_LeakyModel model = new SlopeWeightsTest_LeakyModel(WeightsRoundTripTest.ROWS);
    model.initialize(5);
    Path file = dir.resolve("leaky.safetensors");
    Weights.save(model, file);
    return file;
  }

  @Test
  void slopeIsRecordedAndRoundTrips() throws IOException {
    Path file = saved();
    assertEquals("0.2", Weights.read(file).metadata().get("nabla.layer.hidden.slope"));
    SlopeWeightsTest_LeakyModel original = new SlopeWeightsTest_LeakyModel(WeightsRoundTripTest.ROWS);
    original.initialize(5);
    SlopeWeightsTest_LeakyModel loaded = new SlopeWeightsTest_LeakyModel(WeightsRoundTripTest.ROWS);
    Weights.load(loaded, file);
    float[] x = WeightsRoundTripTest.inputs(4, 1);
    assertArrayEquals(original.predict(x, WeightsRoundTripTest.ROWS).clone(),
        loaded.predict(x, WeightsRoundTripTest.ROWS));
  }

  @Test
  void anotherSlopeIsAnotherArchitecture() throws IOException {
    Path file = saved();
    assertRefused(file, new SlopeWeightsTest_SteeperModel(WeightsRoundTripTest.ROWS),
        "layer 'hidden': file has 4 -> 8 leaky_relu slope 0.2, model has 4 -> 8 leaky_relu"
            + " slope 0.3 (they differ in slope)");
  }

  @Test
  void impossibleSlopeInTheFileIsRefused() throws IOException {
    SafeTensors file = SafeTensors.read(saved());
    Map<String, String> metadata = new HashMap<>(file.metadata());
    metadata.put("nabla.layer.hidden.slope", "1.5");
    Path edited = dir.resolve("edited.safetensors");
    SafeTensors.write(edited, file.tensors(), metadata);
    assertRefused(edited, new SlopeWeightsTest_LeakyModel(WeightsRoundTripTest.ROWS),
        "layer 'hidden': LEAKY_RELU needs a slope in [0, 1), the file's architecture says 1.5");
  }

  private static void assertRefused(Path file, NablaModel model, String message) {
    float[] parameters = model.parameters().clone();
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(model, file));
    assertEquals(file + ": " + message, refused.getMessage());
    assertArrayEquals(parameters, model.parameters(), "parameters changed");
  }
}
