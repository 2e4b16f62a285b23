package dev.nabla.samples.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.NablaModel;
import dev.nabla.io.Weights;
import dev.nabla.optim.Adam;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of damage to a real weights file, and each mismatch with the model, is refused with
 * a message naming it, and the model keeps its parameters and its predictions.
 */
class WeightsFileDamageTest {
  @TempDir Path dir;
  private Path file;
  private byte[] original;

  @BeforeEach
  void saveATrainedNet() throws IOException {
    WeightsNets_TorchNetModel model = new WeightsNets_TorchNetModel(WeightsRoundTripTest.ROWS);
    model.initialize(3);
    file = dir.resolve("net.safetensors");
    Weights.save(model, file);
    original = Files.readAllBytes(file);
  }

  private int headerLength(byte[] bytes) {
    return (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The saved file with its header edited (re-padded, its length updated) and data kept. */
  private byte[] withHeader(UnaryOperator<String> edit) {
    int length = headerLength(original);
    String header = new String(original, 8, length, StandardCharsets.UTF_8).stripTrailing();
    String edited = edit.apply(header);
    byte[] json = edited.getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(8 + padded + original.length - 8 - length)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int k = json.length; k < padded; k++) {
      out.put((byte) ' ');
    }
    out.put(original, 8 + length, original.length - 8 - length);
    return out.array();
  }

  private static String replaceOnce(String text, String from, String to) {
    if (!text.contains(from)) {
      throw new AssertionError("the saved header has no " + from + ": " + text);
    }
    return text.replaceFirst(java.util.regex.Pattern.quote(from),
        java.util.regex.Matcher.quoteReplacement(to));
  }

  /** Loads {@code bytes} into a fresh net; checks the message and that nothing changed. */
  private void assertRefused(byte[] bytes, String message) throws IOException {
    assertRefused(bytes, message, new WeightsNets_TorchNetModel(WeightsRoundTripTest.ROWS));
  }

  private void assertRefused(byte[] bytes, String message, NablaModel model) throws IOException {
    Path damaged = dir.resolve("damaged.safetensors");
    Files.write(damaged, bytes);
    float[] parameters = model.parameters().clone();
    float[] x = WeightsRoundTripTest.inputs(model.inputs(), 1);
    float[] predictions = model.predict(x, WeightsRoundTripTest.ROWS).clone();
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(model, damaged));
    assertEquals(damaged + ": " + message, refused.getMessage());
    assertArrayEquals(parameters, model.parameters(), "parameters changed");
    assertArrayEquals(predictions, model.predict(x, WeightsRoundTripTest.ROWS),
        "predictions changed");
  }

  @Test
  void headerLengthPastTheFile() throws IOException {
    byte[] bytes = original.clone();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(original.length);
    assertRefused(bytes, "header length " + original.length + " does not fit: the file has "
        + (original.length - 8) + " bytes after it and a header holds 2 to 100000000");
  }

  @Test
  void truncatedFile() throws IOException {
    assertRefused(Arrays.copyOf(original, original.length - 4), "tensor 'output.bias' ends at"
        + " data offset 268, past the 264 bytes of data the file holds");
  }

  @Test
  void bytesAfterTheData() throws IOException {
    byte[] longer = Arrays.copyOf(original, original.length + 4);
    assertRefused(longer, "the tensors cover 268 of the 272 data bytes the file holds; the"
        + " rest belongs to no tensor");
  }

  @Test
  void brokenJson() throws IOException {
    int dtype = new String(original, 8, headerLength(original), StandardCharsets.UTF_8)
        .indexOf("\"dtype\"");
    assertRefused(withHeader(h -> replaceOnce(h, "\"dtype\"", "dtype")),
        "header JSON: expected a member name in quotes at character " + dtype);
  }

  @Test
  void unknownDtype() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(h, "\"F32\"", "\"F64\"")),
        "tensor 'hidden.weight': dtype \"F64\" is not one Nabla reads (F32, F16, I8)");
  }

  @Test
  void shapeThatDisagreesWithTheOffsets() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(h, "\"shape\":[8,4]", "\"shape\":[8,5]")),
        "tensor 'hidden.weight': shape [8, 5] of F32 needs 160 bytes, data_offsets [0, 128]"
            + " give 128");
  }

  @Test
  void overlappingOffsets() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(replaceOnce(h, "[128,160]", "[124,156]"),
            "[160,256]", "[156,252]")),
        "tensor 'hidden.bias' starts at data offset 124, where it overlaps the tensor before"
            + " it, which ends at 128");
  }

  @Test
  void gapBetweenTensors() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(h, "[0,128]", "[4,132]")),
        "tensor 'hidden.weight' starts at data offset 4, where a gap follows the tensor before"
            + " it, which ends at 0");
  }

  @Test
  void notFiniteValue() throws IOException {
    assertRefused(withValue(original, "hidden.weight", 5, Float.POSITIVE_INFINITY),
        "tensor 'hidden.weight' holds Infinity at element 5 [1, 1]; weights must be finite");
  }

  @Test
  void missingTensor() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(h, "\"output.bias\"", "\"output.bias2\"")),
        "tensor 'output.bias2' is neither a '<layer>.weight' nor a '<layer>.bias' nor a"
            + " '<layer>.weight_scale'");
    assertRefused(withHeader(h -> replaceOnce(h, "\"output.bias\"", "\"extra.bias\"")),
        "tensor 'extra.bias' belongs to none of the layers [hidden, output]");
  }

  @Test
  void tensorOfNoLayer() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(h, "\"output.bias\"", "\"nabla.xyz.bias\"")),
        "layer 'output': the file's architecture says bias true, its tensors give false");
  }

  @Test
  void missingOrUnknownTrainingState() throws IOException {
    assertRefused(checkpointWith("\"nabla.free.tanh.bias\"", "\"nabla.free.tanh.biaz\""),
        "the file has no tensor 'nabla.free.tanh.bias', part of its training state",
        new WeightsNets_MappedNetModel(WeightsRoundTripTest.ROWS));
    assertRefused(checkpointWith("\"nabla.adam.v.steps.bias\"", "\"nabla.adam.w.steps.bias\""),
        "the file has no tensor 'nabla.adam.v.steps.bias', part of its training state",
        new WeightsNets_MappedNetModel(WeightsRoundTripTest.ROWS));
  }

  /** A MappedNet checkpoint with Adam state, its header edited by one replacement. */
  private byte[] checkpointWith(String from, String to) throws IOException {
    Adam adam = new Adam(0.05);
    Weights.save(WeightsRoundTripTest.trainedMappedNet(adam), file, adam);
    original = Files.readAllBytes(file);
    return withHeader(h -> replaceOnce(h, from, to));
  }

  @Test
  void anotherArchitecture() throws IOException {
    assertRefused(original, "layer 'hidden': file has 4 -> 8 tanh, model has 4 -> 16 tanh"
        + " (they differ in units)", new WeightsNets_WiderNetModel(WeightsRoundTripTest.ROWS));
    assertRefused(withHeader(h -> replaceOnce(h, "\"nabla.layer.hidden.activation\":\"TANH\"",
            "\"nabla.layer.hidden.activation\":\"RELU\"")),
        "layer 'hidden': file has 4 -> 8 relu, model has 4 -> 8 tanh (they differ in"
            + " activation)");
    assertRefused(withHeader(h -> replaceOnce(h, "\"nabla.loss\":\"SOFTMAX_CROSS_ENTROPY\"",
            "\"nabla.loss\":\"MEAN_SQUARED_ERROR\"")),
        "loss: file has MEAN_SQUARED_ERROR, model has SOFTMAX_CROSS_ENTROPY");
  }

  @Test
  void architectureThatDisagreesWithItsTensors() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(h, "\"nabla.layer.output.in\":\"8\"",
            "\"nabla.layer.output.in\":\"9\"")),
        "layer 'output': the file's architecture says in 9, its tensors give 8");
  }

  @Test
  void newerFormatVersion() throws IOException {
    assertRefused(withHeader(h -> replaceOnce(h, "\"nabla.format\":\"1\"",
            "\"nabla.format\":\"2\"")),
        "weights format version 2 is not the one this runtime reads (1)");
  }

  /** {@code bytes}, a saved file, with element {@code element} of {@code tensor} set. */
  private byte[] withValue(byte[] bytes, String tensor, int element, float value) {
    int length = headerLength(bytes);
    String header = new String(bytes, 8, length, StandardCharsets.UTF_8);
    int at = header.indexOf("\"" + tensor + "\"");
    int start = header.indexOf("data_offsets\":[", at) + "data_offsets\":[".length();
    int begin = Integer.parseInt(header.substring(start, header.indexOf(',', start)));
    byte[] edited = bytes.clone();
    ByteBuffer.wrap(edited, 8 + length + begin + 4 * element, 4).order(ByteOrder.LITTLE_ENDIAN)
        .putFloat(value);
    return edited;
  }

  /** A MappedNet file with one value edited: the inverse maps refuse what no W′ gives. */
  private byte[] mappedNetFileWith(String tensor, int element, float value) throws IOException {
    Path mapped = dir.resolve("mapped.safetensors");
    Weights.save(WeightsRoundTripTest.trainedMappedNet(new Adam(0.05)), mapped);
    return withValue(Files.readAllBytes(mapped), tensor, element, value);
  }

  @Test
  void constrainedValueBeyondItsRange() throws IOException {
    assertRefused(mappedNetFileWith("tanh.weight", 3, 1.5f), "value 1.5 of 'tanh.weight' at"
        + " [0, 3] is outside [-1.0, 1.0], the range of the layer's TANH constraint",
        new WeightsNets_MappedNetModel(WeightsRoundTripTest.ROWS));
    assertRefused(mappedNetFileWith("sigmoid.bias", 2, -0.01f), "value -0.01 of 'sigmoid.bias'"
        + " at [2] is outside [0.0, 1.0], the range of the layer's SIGMOID constraint",
        new WeightsNets_MappedNetModel(WeightsRoundTripTest.ROWS));
  }

  @Test
  void quantizedValueOffItsGrid() throws IOException {
    assertRefused(mappedNetFileWith("steps.weight", 4, 0.06f), "value 0.06 of 'steps.weight'"
        + " at [1, 0] is not a multiple of the layer's quantization step 0.05 (nearest 0.05)",
        new WeightsNets_MappedNetModel(WeightsRoundTripTest.ROWS));
    assertRefused(mappedNetFileWith("range.bias", 0, 0.25f), "value 0.25 of 'range.bias'"
        + " at [0] is not a multiple of the layer's quantization step 0.1 (nearest 0.2)",
        new WeightsNets_MappedNetModel(WeightsRoundTripTest.ROWS));
  }

  @Test
  void freeParametersThatDoNotMapToTheWeights() throws IOException {
    Adam adam = new Adam(0.05);
    WeightsNets_MappedNetModel model = WeightsRoundTripTest.trainedMappedNet(adam);
    Path checkpoint = dir.resolve("checkpoint.safetensors");
    Weights.save(model, checkpoint, adam);
    byte[] bytes = withValue(Files.readAllBytes(checkpoint), "nabla.free.tanh.weight", 1, 3f);
    assertRefused(bytes, "tensor 'nabla.free.tanh.weight' at [0, 1] holds 3.0, which maps to"
        + " " + (float) Math.tanh(3) + ", but 'tanh.weight' holds " + model.tanh.weight(1, 0),
        new WeightsNets_MappedNetModel(WeightsRoundTripTest.ROWS));
  }
}
