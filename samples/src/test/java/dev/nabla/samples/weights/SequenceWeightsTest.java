package dev.nabla.samples.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.SequenceModel;
import dev.nabla.io.SafeTensors;
import dev.nabla.io.Weights;
import dev.nabla.optim.Adam;
import dev.nabla.samples.sequences.CharStudy;
import dev.nabla.samples.sequences.CharStudy_CharNetModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequence models in weights files: PyTorch's state_dict names and layouts for nn.Embedding,
 * nn.RNN and nn.Linear, files the reference safetensors library wrote from PyTorch
 * ({@code make_torch_sequence_fixtures.py}) reproducing PyTorch's logits, training resumed bit for
 * bit, and refusals that leave the model unchanged.
 */
class SequenceWeightsTest {
  @TempDir Path dir;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SequenceWeightsTest.class.getResource(name).toURI());
  }

  /** Every sequence of the outputs file through {@code model}, against PyTorch's logits. */
  static void assertReproducesTorch(SequenceModel model, String outputs) throws IOException {
    List<float[]> rows = TorchOutputs.read(outputs); // 4 tokens, then 4 steps × 5 logits
    assertEquals(3, rows.size());
    for (float[] row : rows) {
      int[] tokens = new int[4];
      for (int t = 0; t < 4; t++) {
        tokens[t] = (int) row[t];
      }
      float[] logits = model.forward(tokens, 1);
      for (int k = 0; k < 20; k++) {
        assertEquals(row[4 + k], logits[k], 1e-5, "step " + k / 5 + " logit " + k % 5
            + " of " + Arrays.toString(tokens));
      }
    }
  }

  @Test
  void aPyTorchRnnFileReproducesPyTorchsLogits() throws Exception {
    SequenceNets_TorchRnnModel model = new SequenceNets_TorchRnnModel(3);
    Weights.load(model, resource("torch_rnn_5_3_4.safetensors"));
    assertReproducesTorch(model, "torch_rnn_5_3_4_outputs.txt");
  }

  @Test
  void aPyTorchLstmFileReproducesPyTorchsLogits() throws Exception {
    SequenceNets_TorchLstmModel model = new SequenceNets_TorchLstmModel(3);
    Weights.load(model, resource("torch_lstm_5_3_4.safetensors"));
    assertReproducesTorch(model, "torch_lstm_5_3_4_outputs.txt");
    Path file = dir.resolve("lstm.safetensors");
    Weights.save(model, file);
    SafeTensors saved = SafeTensors.read(file);
    assertEquals("LSTM", saved.metadata().get("nabla.sequence"));
    assertArrayEquals(new int[] {16, 4}, saved.tensors().get("cell.weight_hh_l0").shape());
    SequenceNets_TorchLstmModel again = new SequenceNets_TorchLstmModel(3);
    Weights.load(again, file);
    assertArrayEquals(model.parameters(), again.parameters());
  }

  @Test
  void anRnnFileIsRefusedByAnLstm() throws Exception {
    SequenceNets_TorchLstmModel lstm = new SequenceNets_TorchLstmModel(3);
    float[] before = lstm.parameters().clone();
    Path file = resource("torch_rnn_5_3_4.safetensors");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(lstm, file));
    assertEquals(file + ": tensor 'cell.weight_ih_l0': file has shape [4, 3], model has [16, 3]",
        refused.getMessage());
    assertArrayEquals(before, lstm.parameters());
  }

  @Test
  void theFileHasPyTorchsNamesAndShapesAndDescribesTheCell() throws Exception {
    SequenceNets_TorchRnnModel model = new SequenceNets_TorchRnnModel(3);
    Path file = dir.resolve("rnn.safetensors");
    Weights.save(model, file);
    SafeTensors saved = SafeTensors.read(file);
    List<String> shapes = new ArrayList<>();
    saved.tensors().forEach((name, tensor) ->
        shapes.add(name + " " + Arrays.toString(tensor.shape())));
    assertEquals(List.of("embed.weight [5, 3]", "cell.weight_ih_l0 [4, 3]",
        "cell.weight_hh_l0 [4, 4]", "cell.bias_ih_l0 [4]", "cell.bias_hh_l0 [4]",
        "output.weight [5, 4]", "output.bias [5]"), shapes);
    assertArrayEquals(new float[4], saved.tensors().get("cell.bias_hh_l0").toFloats());
    assertArrayEquals(model.embed.weights()[2],
        Arrays.copyOfRange(saved.tensors().get("embed.weight").toFloats(), 6, 9));
    assertEquals("RNN", saved.metadata().get("nabla.sequence"));
    assertEquals(null, saved.metadata().get("nabla.inputs"));
  }

  @Test
  void weightsServeAnyNumberOfStepsAndTheirSumOfBiasesReloadsExactly() throws Exception {
    SequenceNets_TorchRnnModel torch = new SequenceNets_TorchRnnModel(3);
    Weights.load(torch, resource("torch_rnn_5_3_4.safetensors"));
    Path file = dir.resolve("rnn.safetensors");
    Weights.save(torch, file);
    SequenceNets_LongerRnnModel longer = new SequenceNets_LongerRnnModel(3);
    Weights.load(longer, file);
    assertArrayEquals(torch.parameters(), longer.parameters());
    SequenceNets_TorchRnnModel again = new SequenceNets_TorchRnnModel(3);
    Weights.load(again, file);
    assertReproducesTorch(again, "torch_rnn_5_3_4_outputs.txt");
  }

  @Test
  void anEmbeddingAloneIsAnEmbeddingAndALinear() throws Exception {
    SequenceNets_EmbeddingOnlyModel model = new SequenceNets_EmbeddingOnlyModel(2);
    model.initialize(5);
    Path file = dir.resolve("embedding.safetensors");
    Weights.save(model, file);
    assertEquals(List.of("embed.weight", "output.weight", "output.bias"),
        List.copyOf(SafeTensors.read(file).tensors().keySet()));
    SequenceNets_EmbeddingOnlyModel loaded = new SequenceNets_EmbeddingOnlyModel(2);
    Weights.load(loaded, file);
    assertArrayEquals(model.parameters(), loaded.parameters());
  }

  @Test
  void trainingStateResumesTheCharacterModelBitForBit() throws Exception {
    CharStudy_CharNetModel original = new CharStudy_CharNetModel(4);
    Adam adam = new Adam(0.005);
    train(original, adam, 3, 1);
    Path file = dir.resolve("char.safetensors");
    Weights.save(original, file, adam);
    assertEquals(List.of("embed.weight", "cell.weight_ih_l0", "cell.weight_hh_l0",
        "cell.bias_ih_l0", "output.weight", "output.bias"), adamMoments(file));

    CharStudy_CharNetModel resumed = new CharStudy_CharNetModel(4);
    resumed.initialize(42);
    Adam resumedAdam = new Adam(0.005);
    Weights.load(resumed, file, resumedAdam);
    assertArrayEquals(original.parameters(), resumed.parameters());
    train(original, adam, 4, 2);
    train(resumed, resumedAdam, 4, 2);
    assertArrayEquals(original.parameters(), resumed.parameters());
  }

  /** The parts Adam's first moment is saved for, by their tensor names. */
  private static List<String> adamMoments(Path file) throws IOException {
    String prefix = "nabla.adam.m.";
    return SafeTensors.read(file).tensors().keySet().stream()
        .filter(name -> name.startsWith(prefix)).map(name -> name.substring(prefix.length()))
        .toList();
  }

  private static void train(SequenceModel model, Adam adam, int steps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 4;
    int[] tokens = new int[rows * model.steps()];
    int[] targets = new int[rows * model.steps()];
    for (int step = 0; step < steps; step++) {
      for (int k = 0; k < tokens.length; k++) {
        tokens[k] = random.nextInt(CharStudy.CHARACTERS);
        targets[k] = random.nextInt(CharStudy.CHARACTERS);
      }
      model.trainStep(tokens, targets, rows, adam);
    }
  }

  @Test
  void anotherCellActivationIsRefusedAndTheModelLeftUnchanged() throws Exception {
    SequenceNets_TorchRnnModel tanh = new SequenceNets_TorchRnnModel(3);
    Path file = dir.resolve("tanh.safetensors");
    Weights.save(tanh, file);
    SequenceNets_SigmoidRnnModel sigmoid = new SequenceNets_SigmoidRnnModel(3);
    float[] before = sigmoid.parameters().clone();
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(sigmoid, file));
    assertEquals(file + ": layer 'cell.input': file has 3 -> 4 tanh, model has 3 -> 4 sigmoid"
        + " (they differ in activation)", refused.getMessage());
    assertArrayEquals(before, sigmoid.parameters());
  }

  @Test
  void aMissingSecondBiasIsNamed() throws Exception {
    SequenceNets_TorchRnnModel model = new SequenceNets_TorchRnnModel(3);
    Path file = dir.resolve("rnn.safetensors");
    Weights.save(model, file);
    SafeTensors saved = SafeTensors.read(file);
    var tensors = new java.util.LinkedHashMap<>(saved.tensors());
    tensors.remove("cell.bias_hh_l0");
    Path damaged = dir.resolve("damaged.safetensors");
    SafeTensors.write(damaged, tensors, saved.metadata());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(model, damaged));
    assertEquals(damaged + ": the file has no tensor 'cell.bias_hh_l0' (layer 'cell.input' has"
        + " PyTorch's second bias b_hh, which Nabla adds into its one bias)", refused.getMessage());
  }

  @Test
  void aSequenceFileIsNoInferenceObjectsFile() throws Exception {
    Path file = dir.resolve("rnn.safetensors");
    Weights.save(new SequenceNets_TorchRnnModel(3), file);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.read(file));
    assertEquals(file + ": the file holds the weights of a sequence model (recurrent module RNN);"
        + " Weights.load reads them into its SequenceModel, inference objects are built for"
        + " @Model networks", refused.getMessage());
  }
}
