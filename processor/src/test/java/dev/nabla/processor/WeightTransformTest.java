package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.init.Init;
import dev.nabla.optim.Adam;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quantizer and constraint semantics on the study's 9-5-2 shape: the straight-through gradient
 * is exactly step·∇W, the no-estimator gradient is exactly zero, and after training every
 * effective weight is in range or on the step grid.
 */
class WeightTransformTest {
  private static final int ROWS = 16;
  private static final double STEP = 0.1;
  private static final NetworkSpec PLAIN = study("Plain", Optional.empty(), Optional.empty());
  private static final NetworkSpec QUANTIZED =
      study("QuantizedNet", Optional.empty(), Optional.of(new QuantSpec(STEP, true)));
  private static final NetworkSpec FROZEN =
      study("FrozenNet", Optional.empty(), Optional.of(new QuantSpec(STEP, false)));
  private static final NetworkSpec TANH = study("Tanh",
      Optional.of(new MapSpec(Constraint.TANH, Double.NaN, Double.NaN, true)), Optional.empty());
  private static final NetworkSpec RANGE = study("Range",
      Optional.of(new MapSpec(Constraint.RANGE, -0.25, 0.75, true)), Optional.empty());
  private static final NetworkSpec TANH_QUANTIZED = study("TanhQuantized",
      Optional.of(new MapSpec(Constraint.TANH, Double.NaN, Double.NaN, true)),
      Optional.of(new QuantSpec(0.25, true)));
  private static InMemoryCompiler models;

  private static NetworkSpec study(String name, Optional<MapSpec> map,
      Optional<QuantSpec> quantizer) {
    return new NetworkSpec(name, 9, Loss.SOFTMAX_CROSS_ENTROPY, List.of(
        new LayerSpec(5, Activation.SIGMOID, true, map, quantizer),
        new LayerSpec(2, Activation.SIGMOID, true, map, quantizer)));
  }

  @BeforeAll
  static void compile() {
    models = InMemoryCompiler.compile(
        List.of(PLAIN, QUANTIZED, FROZEN, TANH, RANGE, TANH_QUANTIZED));
  }

  private static float[] inputs(SplittableRandom random) {
    float[] x = new float[ROWS * 9];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * random.nextDouble() - 1);
    }
    return x;
  }

  /** Labels from a fixed linear rule, so training has something to learn. */
  private static int[] labels(float[] x) {
    int[] labels = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      labels[r] = x[r * 9] + x[r * 9 + 1] - x[r * 9 + 2] > 0 ? 1 : 0;
    }
    return labels;
  }

  private static NablaModel initialized(NetworkSpec spec, Init init, long seed) {
    NablaModel model = models.newModel(spec, ROWS);
    SplittableRandom random = new SplittableRandom(seed);
    for (Dense layer : model.layers()) {
      layer.initialize(init, init, random);
    }
    return model;
  }

  @Test
  void straightThroughGradientIsExactlyStepTimesTheEffectiveWeightGradient() {
    SplittableRandom random = new SplittableRandom(1);
    NablaModel quantized = initialized(QUANTIZED, Init.uniform(-5, 5), 2);
    NablaModel plain = models.newModel(PLAIN, ROWS);
    // The plain model's W′ is the quantized model's W, so its gradient is ∇W.
    for (int k = 0; k < 2; k++) {
      Dense q = quantized.layers().get(k);
      plain.layers().get(k).setFreeWeights(q.weights());
      plain.layers().get(k).setFreeBiases(q.biases());
    }
    float[] x = inputs(random);
    int[] y = labels(x);
    assertEquals(plain.computeGradients(x, y, ROWS), quantized.computeGradients(x, y, ROWS));
    float step = (float) STEP;
    int nonZero = 0;
    for (int i = 0; i < plain.parameterCount(); i++) {
      assertEquals(plain.gradients()[i] * step, quantized.gradients()[i], "∇W′[" + i + "]");
      nonZero += quantized.gradients()[i] != 0 ? 1 : 0;
    }
    assertTrue(nonZero > plain.parameterCount() / 2, "the estimator passes gradients through");
  }

  /**
   * Setting W′ and b′ through the layer, in bulk or value by value, gives the same effective
   * weights as writing {@code parameters()} and materialising everything once.
   */
  @Test
  void layerSettersMaterialiseAsAFullMaterialisationDoes() {
    NablaModel source = initialized(TANH_QUANTIZED, Init.uniform(-2, 2), 5);
    NablaModel direct = models.newModel(TANH_QUANTIZED, ROWS);
    System.arraycopy(source.parameters(), 0, direct.parameters(), 0, source.parameterCount());
    direct.parametersChanged();
    NablaModel bulk = models.newModel(TANH_QUANTIZED, ROWS);
    NablaModel single = models.newModel(TANH_QUANTIZED, ROWS);
    for (int k = 0; k < 2; k++) {
      Dense from = source.layers().get(k);
      float[][] free = new float[from.in()][from.units()];
      float[] freeBias = new float[from.units()];
      for (int j = 0; j < from.units(); j++) {
        for (int i = 0; i < from.in(); i++) {
          free[i][j] = from.freeWeight(i, j);
          single.layers().get(k).setFreeWeight(i, j, free[i][j]);
        }
        freeBias[j] = from.freeBias(j);
        single.layers().get(k).setFreeBias(j, freeBias[j]);
      }
      bulk.layers().get(k).setFreeWeights(free);
      bulk.layers().get(k).setFreeBiases(freeBias);
    }
    float[] x = new float[ROWS * direct.inputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 7 - 3;
    }
    float[] expectedOutputs = direct.predict(x, ROWS).clone();
    for (NablaModel model : List.of(bulk, single)) {
      assertTrue(java.util.Arrays.equals(expectedOutputs, model.predict(x, ROWS)),
          "the first forward pass after writes through the layers");
    }
    for (NablaModel model : List.of(bulk, single)) {
      for (int k = 0; k < 2; k++) {
        Dense expected = direct.layers().get(k);
        Dense actual = model.layers().get(k);
        for (int i = 0; i < expected.in(); i++) {
          assertTrue(java.util.Arrays.equals(expected.weights()[i], actual.weights()[i]),
              "row " + i + " of W in layer " + k);
        }
        assertTrue(java.util.Arrays.equals(expected.biases(), actual.biases()), "b of " + k);
      }
    }
    assertNotEquals(0f, direct.layers().get(0).weight(0, 0), "the source is not all zeros");
  }

  @Test
  void withoutEstimatorTheGradientIsExactlyZeroAndTrainingChangesNothing() {
    SplittableRandom random = new SplittableRandom(3);
    NablaModel frozen = initialized(FROZEN, Init.uniform(-5, 5), 4);
    float[] before = frozen.parameters().clone();
    float[] x = inputs(random);
    int[] y = labels(x);
    Adam adam = new Adam(0.05);
    float firstLoss = frozen.trainStep(x, y, ROWS, adam);
    for (float g : frozen.gradients()) {
      assertEquals(0f, g);
    }
    for (int epoch = 0; epoch < 50; epoch++) {
      assertEquals(firstLoss, frozen.trainStep(x, y, ROWS, adam), "the loss must not move");
    }
    assertTrue(java.util.Arrays.equals(before, frozen.parameters()));
  }

  @Test
  void afterTrainingQuantizedWeightsAreMultiplesOfTheStep() {
    for (NetworkSpec spec : List.of(QUANTIZED, TANH_QUANTIZED)) {
      NablaModel model = trained(spec);
      double step = spec.layers().get(0).quantizer().orElseThrow().step();
      forEachEffective(model, w -> assertTrue(
          Math.abs(w / step - Math.rint(w / step)) < 1e-4, spec + ": " + w + " is off the grid"));
    }
    NablaModel tanhQuantized = trained(TANH_QUANTIZED);
    forEachEffective(tanhQuantized, w -> assertTrue(Math.abs(w) <= 1, w + " outside [−1, 1]"));
  }

  @Test
  void afterTrainingConstrainedWeightsStayInTheirRange() {
    NablaModel tanh = trained(TANH);
    // tanh maps into (−1, 1); in float32 it rounds to ±1 once |W′| > 9, hence the closed bound.
    forEachEffective(tanh, w -> assertTrue(w >= -1 && w <= 1, w + " outside [−1, 1]"));
    NablaModel range = trained(RANGE);
    forEachEffective(range, w -> assertTrue(w >= -0.25f && w <= 0.75f, w + " outside [−¼, ¾]"));
    // The free parameters did move, so the range is kept by the map, not by standing still.
    assertNotEquals(initialized(RANGE, Init.uniform(0, 1), 9).parameters()[0],
        range.parameters()[0]);
  }

  private static NablaModel trained(NetworkSpec spec) {
    NablaModel model = initialized(spec, Init.uniform(0, 1), 9);
    SplittableRandom random = new SplittableRandom(5);
    float[] x = inputs(random);
    int[] y = labels(x);
    Adam adam = new Adam(0.05);
    for (int epoch = 0; epoch < 300; epoch++) {
      model.trainStep(x, y, ROWS, adam);
    }
    return model;
  }

  private static void forEachEffective(NablaModel model, java.util.function.DoubleConsumer check) {
    for (Dense layer : model.layers()) {
      for (float[] row : layer.weights()) {
        for (float w : row) {
          check.accept(w);
        }
      }
      for (float b : layer.biases()) {
        check.accept(b);
      }
    }
  }
}
