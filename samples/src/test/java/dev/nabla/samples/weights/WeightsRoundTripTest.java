package dev.nabla.samples.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Dense;
import dev.nabla.NablaModel;
import dev.nabla.io.Weights;
import dev.nabla.io.WeightsFile;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RmsProp;
import dev.nabla.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Saving and loading a model with every constraint and the quantizer (alone and combined):
 * effective weights alone give back the same effective weights and predictions bit for bit,
 * saturated weights at a range bound included; with training state, training resumes exactly.
 */
class WeightsRoundTripTest {
  static final int ROWS = 32;

  @TempDir Path dir;

  static float[] inputs(int width, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[ROWS * width];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (2 * random.nextDouble() - 1);
    }
    return x;
  }

  static int[] labels(int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] labels = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      labels[r] = random.nextInt(classes);
    }
    return labels;
  }

  /** Trained for {@code steps} steps of {@code optimizer} on fixed data. */
  static void train(NablaModel model, Optimizer optimizer, int steps, long seed) {
    for (int step = 0; step < steps; step++) {
      model.trainStep(inputs(model.inputs(), seed + step), labels(model.outputs(), seed + step),
          ROWS, optimizer);
    }
  }

  /** A trained MappedNet with some weights driven to the bounds of their ranges. */
  static WeightsNets_MappedNetModel trainedMappedNet(Adam adam) {
    WeightsNets_MappedNetModel model = new WeightsNets_MappedNetModel(ROWS);
    model.initialize(7);
    train(model, adam, 20, 100);
    model.tanh.setFreeWeight(0, 0, 30f); // tanh(30) = 1f: the upper bound
    model.tanh.setFreeBias(1, -30f); // the lower bound, -1
    model.sigmoid.setFreeWeight(1, 1, -200f); // σ = 0f
    model.sigmoid.setFreeWeight(1, 2, 40f); // σ = 1f
    model.unit.setFreeWeight(2, 3, 25f); // (tanh + 1) / 2 = 1f
    model.range.setFreeWeight(0, 0, 30f); // 0.7, quantized to 7 steps of 0.1
    model.range.setFreeWeight(0, 1, -30f); // -0.3
    return model;
  }

  static void assertSameEffectiveWeights(NablaModel expected, NablaModel actual) {
    for (int k = 0; k < expected.layers().size(); k++) {
      Dense want = expected.layers().get(k);
      Dense got = actual.layers().get(k);
      for (int i = 0; i < want.in(); i++) {
        assertArrayEquals(want.weights()[i], got.weights()[i], want.name() + " W row " + i);
      }
      assertArrayEquals(want.biases(), got.biases(), want.name() + " b");
    }
  }

  @Test
  void effectiveWeightsAloneGiveBackEveryMappedLayerBitForBit() throws IOException {
    WeightsNets_MappedNetModel saved = trainedMappedNet(new Adam(0.05));
    assertEquals(1f, saved.tanh.weight(0, 0));
    assertEquals(0f, saved.sigmoid.weight(1, 1));
    Path file = dir.resolve("mapped.safetensors");
    Weights.save(saved, file);

    WeightsNets_MappedNetModel loaded = new WeightsNets_MappedNetModel(ROWS);
    loaded.initialize(99);
    Weights.load(loaded, file);

    assertSameEffectiveWeights(saved, loaded);
    float[] x = inputs(6, 5);
    assertArrayEquals(saved.predict(x, ROWS).clone(), loaded.predict(x, ROWS));
    // At a bound the inverse takes the free parameter nearest 0 that reaches it.
    float atBound = loaded.tanh.freeWeight(0, 0);
    assertTrue(atBound > 8 && atBound < 10, "W′ for tanh W = 1: " + atBound);
    float belowBound = loaded.tanh.freeBias(1);
    assertTrue(belowBound < -8 && belowBound > -10, "W′ for tanh b = -1: " + belowBound);
    float sigmoidZero = loaded.sigmoid.freeWeight(1, 1);
    assertTrue(sigmoidZero > -110 && sigmoidZero < -100, "W′ for σ W = 0: " + sigmoidZero);
    // Quantized alone, W′ counts steps.
    assertEquals(Math.round(saved.steps.weight(0, 0) / 0.05f), loaded.steps.freeWeight(0, 0), 0f);
  }

  @Test
  void theFileDescribesEachLayersConstraintAndQuantizer() throws IOException {
    Path file = dir.resolve("mapped.safetensors");
    Weights.save(trainedMappedNet(new Adam(0.05)), file);
    Map<String, String> metadata = Weights.read(file).metadata();
    assertEquals("1", metadata.get("nabla.format"));
    assertEquals(WeightsNets_MappedNetModel.class.getName(), metadata.get("nabla.model"));
    assertEquals("tanh,sigmoid,unit,range,steps", metadata.get("nabla.layers"));
    assertEquals("TANH [-1.0, 1.0] on W and b", metadata.get("nabla.layer.tanh.constraint"));
    assertEquals("UNIT_TANH [0.0, 1.0] on W", metadata.get("nabla.layer.unit.constraint"));
    assertEquals("RANGE [-0.3, 0.7] on W and b", metadata.get("nabla.layer.range.constraint"));
    assertEquals("step 0.1 straight-through", metadata.get("nabla.layer.range.quantizer"));
    assertEquals("none", metadata.get("nabla.layer.steps.constraint"));
    assertEquals("SIGMOID", metadata.get("nabla.layer.range.activation"));
    assertEquals("SOFTMAX_CROSS_ENTROPY", metadata.get("nabla.loss"));
  }

  @Test
  void trainingStateResumesTrainingBitForBit() throws IOException {
    Adam adam = new Adam(0.05);
    WeightsNets_MappedNetModel original = trainedMappedNet(adam);
    train(original, adam, 3, 200); // moments after the saturating edits, too
    Path file = dir.resolve("checkpoint.safetensors");
    Weights.save(original, file, adam);

    WeightsNets_MappedNetModel resumed = new WeightsNets_MappedNetModel(ROWS);
    resumed.initialize(99);
    Adam resumedAdam = new Adam(0.05);
    Weights.load(resumed, file, resumedAdam);
    assertArrayEquals(original.parameters(), resumed.parameters());
    assertEquals(adam.steps(), resumedAdam.steps());

    train(original, adam, 5, 300);
    train(resumed, resumedAdam, 5, 300);
    assertArrayEquals(original.parameters(), resumed.parameters());
    assertArrayEquals(adam.secondMoment(), resumedAdam.secondMoment());
  }

  static Stream<Arguments> statefulOptimizers() {
    return Stream.of(
        Arguments.of("SGD momentum", (Supplier<Optimizer>) () -> new Sgd(0.05).momentum(0.9),
            "nabla.sgd.momentum_buffer.tanh.weight"),
        Arguments.of("SGD Nesterov", (Supplier<Optimizer>) () -> new Sgd(0.05).nesterov(0.8),
            "nabla.sgd.momentum_buffer.range.bias"),
        Arguments.of("RMSprop", (Supplier<Optimizer>) () -> new RmsProp(0.01),
            "nabla.rmsprop.square_avg.tanh.weight"),
        Arguments.of("RMSprop momentum",
            (Supplier<Optimizer>) () -> new RmsProp(0.01, 0.9, 1e-8).momentum(0.5),
            "nabla.rmsprop.momentum_buffer.sigmoid.weight"));
  }

  /** SGD's velocity and RMSprop's buffers are saved too: resuming equals never stopping. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("statefulOptimizers")
  void momentumAndRmsPropStateResumeTrainingBitForBit(String name,
      Supplier<Optimizer> optimizers, String stateTensor) throws IOException {
    Optimizer optimizer = optimizers.get();
    WeightsNets_MappedNetModel original = new WeightsNets_MappedNetModel(ROWS);
    original.initialize(7);
    train(original, optimizer, 6, 100);
    Path file = dir.resolve("checkpoint.safetensors");
    Weights.save(original, file, optimizer);
    assertTrue(Weights.read(file).tensors().tensors().containsKey(stateTensor),
        name + " state saved as " + stateTensor);

    WeightsNets_MappedNetModel resumed = new WeightsNets_MappedNetModel(ROWS);
    resumed.initialize(99);
    Optimizer resumedOptimizer = optimizers.get();
    Weights.load(resumed, file, resumedOptimizer);
    train(original, optimizer, 5, 300);
    train(resumed, resumedOptimizer, 5, 300);
    assertArrayEquals(original.parameters(), resumed.parameters(), name);

    // A state made with another momentum is refused, the model and optimizer left as they were.
    Optimizer other = optimizer instanceof RmsProp rms
        ? new RmsProp(0.01, rms.alpha(), 1e-8).momentum(rms.momentumCoefficient() == 0 ? 0.25 : 0)
        : new Sgd(0.05).momentum(0.5);
    float[] before = resumed.parameters().clone();
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(resumed, file, other));
    assertTrue(refused.getMessage().contains("momentum: the file's "), refused.getMessage());
    assertArrayEquals(before, resumed.parameters());
  }

  @Test
  void optimizerStateMustMatchTheOptimizer() throws IOException {
    Adam adam = new Adam(0.05);
    WeightsNets_MappedNetModel model = trainedMappedNet(adam);
    Path adamFile = dir.resolve("adam.safetensors");
    Weights.save(model, adamFile, adam);
    Path plainFile = dir.resolve("plain.safetensors");
    Weights.save(model, plainFile);
    WeightsNets_MappedNetModel target = new WeightsNets_MappedNetModel(ROWS);
    float[] before = target.parameters().clone();

    IllegalArgumentException sgd = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(target, adamFile, new Sgd(0.1)));
    assertEquals(adamFile + ": the file holds the state of Adam, the optimizer is SGD",
        sgd.getMessage());
    IllegalArgumentException betas = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(target, adamFile, new Adam(0.05, 0.8, 0.999, 1e-8)));
    assertEquals(adamFile + ": beta1: the file's Adam state was made with 0.9, the optimizer"
        + " has 0.8", betas.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Weights.load(target, plainFile, new Adam(0.05)));
    assertEquals(plainFile + ": the file holds no training state; load(model, file) loads its"
        + " weights alone", none.getMessage());
    assertArrayEquals(before, target.parameters());
  }

  @Test
  void readGivesEachLayerInPyTorchsLayout() throws IOException {
    WeightsNets_MappedNetModel model = trainedMappedNet(new Adam(0.05));
    Path file = dir.resolve("mapped.safetensors");
    Weights.save(model, file);
    WeightsFile weights = Weights.read(file);
    assertEquals(List.of("tanh", "sigmoid", "unit", "range", "steps"), weights.layers());
    assertEquals(6, weights.in("tanh"));
    assertEquals(5, weights.units("tanh"));
    float[][] w = weights.weight("range");
    for (int i = 0; i < model.range.in(); i++) {
      for (int u = 0; u < model.range.units(); u++) {
        assertEquals(model.range.weight(i, u), w[u][i]);
      }
    }
    assertArrayEquals(model.range.biases(), weights.bias("range"));
    assertEquals(dev.nabla.Activation.RELU, weights.activation("unit").orElseThrow());
  }
}
