package dev.nabla.samples.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.Precision;
import dev.nabla.io.SafeTensors;
import dev.nabla.io.Tensor;
import dev.nabla.io.Weights;
import dev.nabla.io.WeightsFile;
import dev.nabla.optim.Adam;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inference object saves its weights as it stores them (F32, F16, or I8 with F32 scales) and
 * an object rebuilt from the file predicts bit for bit as the one saved, in every precision.
 */
class InferenceWeightsTest {
  @TempDir Path dir;

  @Test
  void eachPrecisionSavesItsOwnFormAndReloadsBitForBit() throws Exception {
    WeightsNets_MappedNetModel model = WeightsRoundTripTest.trainedMappedNet(new Adam(0.05));
    float[] x = WeightsRoundTripTest.inputs(model.inputs(), 9);
    int rows = WeightsRoundTripTest.ROWS;
    Map<Precision, Tensor.DType> dtypes = Map.of(Precision.FLOAT32, Tensor.DType.F32,
        Precision.FLOAT16, Tensor.DType.F16, Precision.INT8, Tensor.DType.I8);
    for (Precision precision : Precision.values()) {
      WeightsNets_MappedNetInference saved = WeightsNets_MappedNetInference.of(model, precision);
      Path file = dir.resolve(precision + ".safetensors");
      Weights.save(saved, file);

      WeightsFile read = Weights.read(file);
      assertEquals(precision, read.precision());
      for (String layer : read.layers()) {
        Tensor weight = read.tensors().tensors().get(layer + ".weight");
        assertEquals(dtypes.get(precision), weight.dtype(), precision + " " + layer);
        assertEquals(precision == Precision.INT8,
            read.tensors().tensors().containsKey(layer + ".weight_scale"));
      }
      WeightsNets_MappedNetInference reloaded =
          WeightsNets_MappedNetInference.of(read.layerWeights(), read.precision());
      float[] expected = new float[rows * model.outputs()];
      float[] actual = new float[expected.length];
      saved.predict(x, rows, expected);
      reloaded.predict(x, rows, actual);
      assertArrayEquals(expected, actual, precision + ": predictions after the round trip");
      assertEquals(saved.weightBytes(), reloaded.weightBytes());
    }
  }

  @Test
  void anInt8FilesScalesAreChecked() throws Exception {
    WeightsNets_MappedNetModel model = WeightsRoundTripTest.trainedMappedNet(new Adam(0.05));
    Path int8 = dir.resolve("i8.safetensors");
    Weights.save(WeightsNets_MappedNetInference.of(model, Precision.INT8), int8);
    float[] before = model.parameters().clone();
    IllegalArgumentException notTrainable = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(model, int8));
    assertEquals(int8 + ": the file holds an int8 inference object's weights; build an inference"
        + " object from it (<Name>Inference.of(Weights.read(file).layerWeights(),"
        + " Precision.INT8)), not a trainable model", notTrainable.getMessage());
    assertArrayEquals(before, model.parameters());

    SafeTensors tensors = SafeTensors.read(int8);
    Map<String, Tensor> damaged = new java.util.LinkedHashMap<>(tensors.tensors());
    String scale = model.layers().get(0).name() + ".weight_scale";
    float[] scales = damaged.get(scale).toFloats();
    scales[1] = -scales[1];
    damaged.put(scale, Tensor.ofFloats(scales, scales.length));
    Path bad = dir.resolve("bad.safetensors");
    SafeTensors.write(bad, damaged, tensors.metadata());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.read(bad));
    assertEquals(bad + ": tensor '" + scale + "' [1] is " + scales[1]
        + "; scales are finite and positive", refused.getMessage());
  }
}
