package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Loss;
import dev.nabla.Model;
import dev.nabla.NablaModel;
import dev.nabla.internal.GeneratedModel;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import dev.nabla.processor.testing.RandomData;
import dev.nabla.processor.testing.ReferenceNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated backward passes against double-precision finite differences, for randomly shaped
 * networks covering every activation × loss × bias combination, every constraint alone and with
 * every activation and loss, the quantizer with and without the planes-through estimator, and
 * dropout on every hidden layer with every activation and loss, its mask fixed to the one the
 * training pass drew.
 */
class GradientCheckTest {
  /** Above two vector widths of 16 lanes, so the kernels' vector bodies and tails both run. */
  private static final int MAX_ROWS = 37;
  private static final List<NetworkSpec> SPECS = specs();
  /** Every network feature-major (samples in the lanes), and every one row-major (GEMMs). */
  private static InMemoryCompiler featureMajor;
  private static InMemoryCompiler rowMajor;

  @BeforeAll
  static void compileAll() {
    featureMajor = InMemoryCompiler.compile(SPECS, "-Anabla.featureMajorLimit=4096");
    rowMajor = InMemoryCompiler.compile(SPECS, "-Anabla.featureMajorLimit=0");
  }

  static List<NetworkSpec> specs() {
    Random random = new Random(20261128);
    List<NetworkSpec> specs = new ArrayList<>();
    for (Loss loss : Loss.values()) {
      for (Activation activation : activations(loss)) {
        for (boolean bias : new boolean[] {true, false}) {
          specs.add(randomSpec(random, "Plain" + specs.size(), loss, activation, bias,
              Optional.empty(), Optional.empty()));
        }
      }
    }
    List<MapSpec> maps = List.of(
        new MapSpec(Constraint.TANH, Double.NaN, Double.NaN, true),
        new MapSpec(Constraint.SIGMOID, Double.NaN, Double.NaN, false),
        new MapSpec(Constraint.UNIT_TANH, Double.NaN, Double.NaN, true),
        new MapSpec(Constraint.RANGE, -0.5, 2.0, false),
        new MapSpec(Constraint.RANGE, -3.0, 3.0, true));
    for (MapSpec map : maps) {
      for (Loss loss : Loss.values()) {
        for (Activation activation : activations(loss)) {
          specs.add(randomSpec(random, "Mapped" + specs.size(), loss, activation,
              random.nextBoolean(), Optional.of(map), Optional.empty()));
        }
      }
    }
    List<QuantSpec> quantizers = List.of(new QuantSpec(0.1, true), new QuantSpec(0.25, false));
    for (QuantSpec quantizer : quantizers) {
      for (Loss loss : Loss.values()) {
        specs.add(randomSpec(random, "Quantized" + specs.size(), loss, Activation.SIGMOID, true,
            Optional.empty(), Optional.of(quantizer)));
        for (MapSpec map : maps) {
          specs.add(randomSpec(random, "MappedQuantized" + specs.size(), loss, Activation.TANH,
              true, Optional.of(map), Optional.of(quantizer)));
        }
      }
    }
    double[] rates = {0.2, 0.5, 0.7};
    for (Loss loss : Loss.values()) {
      for (Activation activation : activations(loss)) {
        NetworkSpec spec = randomSpec(random, "Dropout" + specs.size(), loss, activation,
            random.nextBoolean(), Optional.empty(), Optional.empty());
        List<LayerSpec> layers = new ArrayList<>();
        // At least one hidden layer; every hidden layer drops.
        Activation hidden = activation == Activation.SOFTMAX ? Activation.TANH : activation;
        layers.add(new LayerSpec(2 + random.nextInt(4), hidden, spec.layers().get(0).bias(),
            Optional.empty(), Optional.empty(), hidden == Activation.LEAKY_RELU ? SLOPE : 0)
            .withDropout(rates[random.nextInt(rates.length)]));
        for (LayerSpec layer : spec.layers()) {
          boolean output = layer == spec.layers().get(spec.layers().size() - 1);
          layers.add(output ? layer : layer.withDropout(rates[random.nextInt(rates.length)]));
        }
        specs.add(new NetworkSpec(spec.name(), spec.inputs(), loss, layers, spec.huberDelta()));
      }
    }
    return specs;
  }

  /** Every activation the loss accepts on the output: all but SOFTMAX under softmax-CE. */
  private static List<Activation> activations(Loss loss) {
    return Stream.of(Activation.values())
        .filter(a -> !(a == Activation.SOFTMAX && loss == Loss.SOFTMAX_CROSS_ENTROPY))
        .toList();
  }

  /** Not the default 0.01, so that a slope lost on the way would show. */
  private static final double SLOPE = 0.2;
  /** Not the default 1, and with targets in (0.05, 0.95) both of Huber's parts are taken. */
  private static final double HUBER_DELTA = 0.25;

  /**
   * Per layer, the rows × units dropout factors of {@code model}'s last training pass (row-major,
   * whatever the layout), or null where the layer does not drop.
   */
  static double[][] dropoutMasks(NablaModel model, int rows) {
    double[][] masks = new double[model.layers().size()][];
    for (int k = 0; k < masks.length; k++) {
      int units = model.layers().get(k).units();
      int layer = k;
      ((GeneratedModel) model).nablaCore().dropoutMask(k).ifPresent(mask -> {
        masks[layer] = new double[rows * units];
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < units; j++) {
            masks[layer][r * units + j] = mask.mask(r, j, rows);
          }
        }
      });
    }
    return masks;
  }

  /**
   * 1–3 layers of 1–5 units on 1–5 inputs. Hidden layers use {@code activation} (TANH for
   * SOFTMAX, an output activation); so does the output, except that BCE needs a sigmoid. The map
   * and quantizer go on a random layer.
   */
  private static NetworkSpec randomSpec(Random random, String name, Loss loss,
      Activation activation, boolean bias, Optional<MapSpec> map, Optional<QuantSpec> quantizer) {
    int depth = 1 + random.nextInt(3);
    int special = random.nextInt(depth);
    List<LayerSpec> layers = new ArrayList<>();
    for (int k = 0; k < depth; k++) {
      boolean output = k == depth - 1;
      Activation act = output && loss == Loss.BINARY_CROSS_ENTROPY ? Activation.SIGMOID
          : !output && activation == Activation.SOFTMAX ? Activation.TANH : activation;
      int units = output && (loss == Loss.SOFTMAX_CROSS_ENTROPY || act == Activation.SOFTMAX)
          ? 2 + random.nextInt(4) : 1 + random.nextInt(5);
      layers.add(new LayerSpec(units, act, bias, k == special ? map : Optional.empty(),
          k == special ? quantizer : Optional.empty(), act == Activation.LEAKY_RELU ? SLOPE : 0));
    }
    return new NetworkSpec(name, 1 + random.nextInt(5), loss, layers,
        loss == Loss.HUBER ? HUBER_DELTA : Model.DEFAULT_HUBER_DELTA);
  }

  static Stream<Arguments> allSpecs() {
    return SPECS.stream().flatMap(spec -> Stream.of(true, false)
        .map(planar -> Arguments.of(spec, planar)));
  }

  /** A model with random free parameters (quantized-only layers count W′ in steps). */
  private static NablaModel randomModel(NetworkSpec spec, boolean planar, Random random) {
    NablaModel model = (planar ? featureMajor : rowMajor).newModel(spec, MAX_ROWS);
    RandomData.randomizeParameters(model, spec, random);
    return model;
  }

  @ParameterizedTest(name = "{0}, feature-major {1}")
  @MethodSource("allSpecs")
  void gradientsMatchFiniteDifferences(NetworkSpec spec, boolean planar) {
    Random random = new Random(spec.name().hashCode());
    NablaModel model = randomModel(spec, planar, random);
    int rows = 1 + random.nextInt(MAX_ROWS);
    float[] x = RandomData.inputs(spec, rows, random);
    float[] y = RandomData.targets(spec, rows, random);
    float loss = model.computeGradients(x, y, rows);
    ReferenceNetwork reference = new ReferenceNetwork(spec).withMasks(dropoutMasks(model, rows));
    double[] expected = reference.expectedGradient(model, x, y, rows);
    float[] actual = model.gradients();

    assertEquals(reference.loss(reference.effectiveWeights(model), x, y, rows), loss,
        1e-4 * (1 + Math.abs(loss)), "loss of " + spec);
    double largest = 0;
    for (double e : expected) {
      largest = Math.max(largest, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double tolerance = 2e-3 * Math.abs(expected[i]) + 1e-4 * largest + 1e-6;
      assertEquals(expected[i], actual[i], tolerance,
          "∂L/∂W′[" + i + "] of " + spec + "\n" + spec.source());
    }
  }

  @ParameterizedTest(name = "{0}, feature-major {1}")
  @MethodSource("allSpecs")
  void forwardMatchesReference(NetworkSpec spec, boolean planar) {
    Random random = new Random(~spec.name().hashCode());
    NablaModel model = randomModel(spec, planar, random);
    ReferenceNetwork reference = new ReferenceNetwork(spec);
    float[] x = RandomData.inputs(spec, MAX_ROWS, random);
    double[] expected = reference.forward(reference.effectiveWeights(model), x, MAX_ROWS);
    float[] actual = model.forward(x, MAX_ROWS);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), spec + " output " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.nabla.processor.GradientCheckTest#specList")
  void featureMajorAndRowMajorFormsAgree(NetworkSpec spec) {
    Random random = new Random(spec.name().hashCode() * 31L);
    NablaModel rowMajorModel = randomModel(spec, false, new Random(5));
    NablaModel planarModel = randomModel(spec, true, new Random(5));
    float[] x = RandomData.inputs(spec, MAX_ROWS, random);
    float[] y = RandomData.targets(spec, MAX_ROWS, random);
    float[] expected = rowMajorModel.forward(x, MAX_ROWS).clone();
    float[] actual = planarModel.forward(x, MAX_ROWS);
    for (int i = 0; i < MAX_ROWS * spec.outputs(); i++) {
      assertEquals(expected[i], actual[i], 1e-5f * (1 + Math.abs(expected[i])), spec + " output " + i);
    }
    rowMajorModel.computeGradients(x, y, MAX_ROWS);
    planarModel.computeGradients(x, y, MAX_ROWS);
    for (int i = 0; i < spec.parameterCount(); i++) {
      float g = rowMajorModel.gradients()[i];
      assertEquals(g, planarModel.gradients()[i], 1e-4f * (1 + Math.abs(g)), spec + " ∇[" + i + "]");
    }
  }

  static Stream<NetworkSpec> specList() {
    return SPECS.stream();
  }

  @Test
  void labelsAndOneHotTargetsGiveTheSameGradient() {
    NetworkSpec spec = SPECS.stream().filter(s -> s.loss() == Loss.SOFTMAX_CROSS_ENTROPY)
        .findFirst().orElseThrow();
    Random random = new Random(7);
    NablaModel model = randomModel(spec, true, random);
    int rows = MAX_ROWS;
    float[] x = RandomData.inputs(spec, rows, random);
    int[] labels = new int[rows];
    float[] oneHot = new float[rows * spec.outputs()];
    for (int r = 0; r < rows; r++) {
      labels[r] = random.nextInt(spec.outputs());
      oneHot[r * spec.outputs() + labels[r]] = 1f;
    }
    float lossFromTargets = model.computeGradients(x, oneHot, rows);
    float[] fromTargets = model.gradients().clone();
    float lossFromLabels = model.computeGradients(x, labels, rows);
    assertEquals(lossFromTargets, lossFromLabels);
    assertTrue(java.util.Arrays.equals(fromTargets, model.gradients()));
  }
}
