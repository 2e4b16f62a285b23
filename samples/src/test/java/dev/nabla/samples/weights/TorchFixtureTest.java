package dev.nabla.samples.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.Precision;
import dev.nabla.io.Weights;
import dev.nabla.io.WeightsFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A file the reference {@code safetensors} library wrote from a PyTorch 4-8-3 net
 * ({@code make_torch_fixture.py}, committed with its output) loads into the same net declared
 * with {@code @Model}, which then reproduces PyTorch's logits within 1e-5.
 */
class TorchFixtureTest {
  private static final String FIXTURE = "torch_4_8_3.safetensors";

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(TorchFixtureTest.class.getResource(name).toURI());
  }

  /** Rows of the outputs file: 4 inputs, then 3 logits. */
  private static List<float[]> torchOutputs() throws IOException {
    return TorchOutputs.read("torch_4_8_3_outputs.txt");
  }

  @Test
  void aPyTorchFileReproducesPyTorchsOutputs() throws Exception {
    WeightsNets_TorchNetModel model = new WeightsNets_TorchNetModel(8);
    Weights.load(model, resource(FIXTURE));
    List<float[]> rows = torchOutputs();
    assertEquals(5, rows.size());
    for (float[] row : rows) {
      float[] logits = model.forward(new float[] {row[0], row[1], row[2], row[3]}, 1);
      for (int j = 0; j < 3; j++) {
        assertEquals(row[4 + j], logits[j], 1e-5, "logit " + j + " of input row "
            + rows.indexOf(row));
      }
    }
  }

  @Test
  void readingItWithoutAModelGivesItsLayersByName() throws Exception {
    WeightsFile file = Weights.read(resource(FIXTURE));
    assertEquals(List.of("hidden", "output"), file.layers());
    assertEquals(Map.of(), file.metadata());
    assertEquals(4, file.in("hidden"));
    assertEquals(8, file.units("hidden"));
    assertEquals(3, file.bias("output").length);
    assertEquals(java.util.Optional.empty(), file.activation("hidden"));
  }

  @Test
  void itBuildsAnInferenceObjectWithoutATrainableModel() throws Exception {
    WeightsNets_TorchNetModel model = new WeightsNets_TorchNetModel(8);
    Weights.load(model, resource(FIXTURE));
    WeightsNets_TorchNetInference inference = WeightsNets_TorchNetInference.of(
        Weights.read(resource(FIXTURE)).layerWeights(), Precision.FLOAT32);
    float[] x = new float[5 * 4];
    int k = 0;
    for (float[] row : torchOutputs()) {
      System.arraycopy(row, 0, x, 4 * k++, 4);
    }
    float[] out = new float[5 * 3];
    inference.predict(x, 5, out);
    // Within rounding: the small model runs feature-major, summing in another order.
    assertArrayEquals(java.util.Arrays.copyOf(model.predict(x, 5), out.length), out, 1e-6f);
  }

  @Test
  void aNetOfOtherWidthsIsRefusedByShapeAndLeftUnchanged() throws Exception {
    WeightsNets_WiderNetModel wider = new WeightsNets_WiderNetModel(8);
    float[] before = wider.parameters().clone();
    Path file = resource(FIXTURE);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(wider, file));
    assertEquals(file + ": tensor 'hidden.weight': file has shape [8, 4], model has [16, 4]",
        refused.getMessage());
    assertArrayEquals(before, wider.parameters());
  }

  @Test
  void saveThenLoadOfTheTorchNetIsExact() throws Exception {
    WeightsNets_TorchNetModel model = new WeightsNets_TorchNetModel(8);
    Weights.load(model, resource(FIXTURE));
    Path copy = Files.createTempFile("torch-net", ".safetensors");
    try {
      Weights.save(model, copy);
      WeightsNets_TorchNetModel again = new WeightsNets_TorchNetModel(8);
      Weights.load(again, copy);
      assertArrayEquals(model.parameters(), again.parameters());
    } finally {
      Files.delete(copy);
    }
  }
}
