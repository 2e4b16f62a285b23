package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.optim.Sgd;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import dev.nabla.processor.testing.ReferenceNetwork;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Row-major models whose first layer is wide enough for the GEMM to keep W packed between
 * forward passes (40 → 72: panels of 32 columns, the last one partly filled), one per kind of
 * weight: plain, each map, a quantizer, both. The packed copy must follow every change of the
 * parameters: after a direct write with {@code parametersChanged()} and after {@code trainStep},
 * the forward pass matches the double-precision reference of the new effective weights.
 */
class PackedWeightsTest {
  private static final int ROWS = 37;
  private static final List<NetworkSpec> SPECS = specs();
  private static InMemoryCompiler compiler;

  @BeforeAll
  static void compile() {
    compiler = InMemoryCompiler.compile(SPECS, "-Anabla.featureMajorLimit=0");
  }

  private static List<NetworkSpec> specs() {
    List<Optional<MapSpec>> maps = List.of(Optional.empty(),
        Optional.of(new MapSpec(Constraint.TANH, Double.NaN, Double.NaN, true)),
        Optional.of(new MapSpec(Constraint.UNIT_TANH, Double.NaN, Double.NaN, false)),
        Optional.of(new MapSpec(Constraint.RANGE, -0.5, 2.0, true)));
    List<Optional<QuantSpec>> quantizers =
        List.of(Optional.empty(), Optional.of(new QuantSpec(0.1, true)));
    return maps.stream().flatMap(map -> quantizers.stream().map(quantizer -> new NetworkSpec(
            "Wide" + map.map(m -> m.constraint().name()).orElse("Plain")
                + quantizer.map(q -> "Quantized").orElse(""),
            40, Loss.SOFTMAX_CROSS_ENTROPY,
            List.of(new LayerSpec(72, Activation.TANH, true, map, quantizer),
                LayerSpec.plain(3, Activation.IDENTITY, true)))))
        .toList();
  }

  static Stream<NetworkSpec> specList() {
    return SPECS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specList")
  void forwardFollowsEveryParameterChange(NetworkSpec spec) {
    Random random = new Random(spec.name().hashCode());
    NablaModel model = compiler.newModel(spec, ROWS);
    ReferenceNetwork reference = new ReferenceNetwork(spec);
    float[] x = new float[ROWS * spec.inputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    randomize(model, random);
    for (int pass = 1; pass <= 3; pass++) { // into scratch, into the kept panels, reused
      assertMatchesReference(model, reference, x, spec + ", forward pass " + pass);
    }
    randomize(model, random);
    assertMatchesReference(model, reference, x, spec + ", after parametersChanged()");
    assertMatchesReference(model, reference, x, spec + ", again");
    int[] labels = random.ints(ROWS, 0, spec.outputs()).toArray();
    Sgd sgd = new Sgd(0.5);
    for (int step = 1; step <= 2; step++) {
      model.forward(x, ROWS);
      model.trainStep(x, labels, ROWS, sgd);
      assertMatchesReference(model, reference, x, spec + ", after trainStep " + step);
    }
  }

  private static void randomize(NablaModel model, Random random) {
    float[] free = model.parameters();
    for (int i = 0; i < free.length; i++) {
      free[i] = (float) (0.3 * random.nextGaussian());
    }
    model.parametersChanged();
  }

  private static void assertMatchesReference(NablaModel model, ReferenceNetwork reference,
      float[] x, String what) {
    double[] expected = reference.forward(reference.effectiveWeights(model), x, ROWS);
    float[] actual = model.forward(x, ROWS);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / (1 + Math.abs(expected[i])));
    }
    assertTrue(worst < 1e-5, what + ": relative error " + worst);
    assertEquals(expected.length, ROWS * 3, what);
  }
}
