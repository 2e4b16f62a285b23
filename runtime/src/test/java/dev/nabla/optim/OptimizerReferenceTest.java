package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimizers, clipping and schedules against PyTorch: torch_reference.py (beside
 * torch_reference.csv in the test resources) ran torch.optim on the same 9 parameters with the
 * same gradients for 5 steps; every step must land on PyTorch's parameters to float precision.
 * The parameters sit in a real model core with layers 'hidden' and 'output', so per-layer decay
 * is resolved as in training; PyTorch got the same split as parameter groups.
 */
class OptimizerReferenceTest {
  /** Float precision over 5 steps: a few ulp of values around 1. */
  private static final float TOLERANCE = 1e-6f;

  /** Each case of the script, as Nabla writes it. */
  private static final Map<String, Supplier<UpdateRule>> OPTIMIZERS = new LinkedHashMap<>();

  static {
    OPTIMIZERS.put("sgd", () -> new Sgd(0.1));
    OPTIMIZERS.put("sgd_decay_all",
        () -> new Sgd(0.1).weightDecay(WeightDecay.of(0.1).biases(0.1)));
    OPTIMIZERS.put("sgd_momentum", () -> new Sgd(0.1).momentum(0.9));
    OPTIMIZERS.put("sgd_momentum_decay",
        () -> new Sgd(0.1).momentum(0.9).weightDecay(WeightDecay.of(0.05)));
    OPTIMIZERS.put("sgd_nesterov_decay",
        () -> new Sgd(0.1).nesterov(0.9).weightDecay(WeightDecay.of(0.05)));
    OPTIMIZERS.put("sgd_layer_override", () -> new Sgd(0.1).momentum(0.5)
        .weightDecay(WeightDecay.of(0.2).layer("output", 0.01, 0.3)));
    OPTIMIZERS.put("rmsprop", () -> new RmsProp(0.01));
    OPTIMIZERS.put("rmsprop_momentum_decay",
        () -> new RmsProp(0.01, 0.9, 1e-8).momentum(0.8).weightDecay(WeightDecay.of(0.1)));
    OPTIMIZERS.put("adam", () -> new Adam(0.1));
    OPTIMIZERS.put("adamw", () -> new Adam(0.1).weightDecay(WeightDecay.of(0.1)));
    OPTIMIZERS.put("adamw_decay_all",
        () -> new Adam(0.1).weightDecay(WeightDecay.of(0.1).biases(0.1)));
    OPTIMIZERS.put("sgd_clip", () -> new Sgd(0.1).momentum(0.9).weightDecay(WeightDecay.of(0.05))
        .clipGradientNorm(1.0));
    OPTIMIZERS.put("adam_clip", () -> new Adam(0.1).clipGradientNorm(0.5));
    OPTIMIZERS.put("sgd_clip_tiny", () -> new Sgd(0.1).clipGradientNorm(1e-6));
  }

  private static final Map<String, LearningRateSchedule> SCHEDULES = Map.of(
      "step", LearningRateSchedule.step(3, 0.5),
      "exponential", LearningRateSchedule.exponential(0.8),
      "cosine", LearningRateSchedule.cosine(10, 0.001),
      "warmup_cosine", LearningRateSchedule.cosine(8, 0.001).withWarmUp(4, 0.25),
      "warmup_step", LearningRateSchedule.step(4, 0.1).withWarmUp(2, 0.5));

  /** Periods after which the cosine schedules stay at their floor, where PyTorch's rise again. */
  private static final Map<String, Integer> COSINE_ENDS = Map.of("cosine", 10, "warmup_cosine", 12);

  /** The script's lines by kind, then case: each a list of value rows by step. */
  private static final Map<String, Map<String, List<double[]>>> REFERENCE = read();

  private static Map<String, Map<String, List<double[]>>> read() {
    Map<String, Map<String, List<double[]>>> lines = new LinkedHashMap<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        OptimizerReferenceTest.class.getResourceAsStream("torch_reference.csv"),
        StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split(",");
        double[] values = new double[fields.length - 3];
        for (int i = 0; i < values.length; i++) {
          values[i] = Double.parseDouble(fields[i + 3]);
        }
        List<double[]> rows = lines.computeIfAbsent(fields[0], k -> new LinkedHashMap<>())
            .computeIfAbsent(fields[1], k -> new ArrayList<>());
        assertEquals(rows.size() + (fields[0].equals("param") || fields[0].equals("lr") ? 0 : 1),
            Integer.parseInt(fields[2]), "steps in order: " + line);
        rows.add(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  private static float[] floats(double[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }

  static Stream<String> optimizerCases() {
    return OPTIMIZERS.keySet().stream();
  }

  static Stream<String> uniformCases() {
    return OPTIMIZERS.keySet().stream().filter(c -> OPTIMIZERS.get(c).get().weightDecay()
        .uniform());
  }

  @Test
  void everyCaseOfTheScriptIsChecked() {
    assertEquals(OPTIMIZERS.keySet(), REFERENCE.get("param").keySet());
    assertEquals(SCHEDULES.keySet(), REFERENCE.get("lr").keySet());
  }

  /** Through {@code step(model)}, as trainStep and the Trainer call it. */
  @ParameterizedTest
  @MethodSource("optimizerCases")
  void updatesAgreeWithPyTorchOnAModelsLayers(String name) {
    List<double[]> expected = REFERENCE.get("param").get(name);
    TwoLayerRegression model = new TwoLayerRegression(1).with(floats(expected.get(0)));
    UpdateRule optimizer = OPTIMIZERS.get(name).get();
    for (int step = 1; step < expected.size(); step++) {
      float[] gradients = floats(REFERENCE.get("grad").get(name).get(step - 1));
      System.arraycopy(gradients, 0, model.gradients(), 0, gradients.length);
      optimizer.step(model);
      assertClose(expected.get(step), model.parameters(), name + " step " + step);
    }
  }

  /** Through the flat {@code step(params, grads, length)}, for decays with one λ for all. */
  @ParameterizedTest
  @MethodSource("uniformCases")
  void uniformDecayAgreesWithPyTorchOnABareVector(String name) {
    List<double[]> expected = REFERENCE.get("param").get(name);
    float[] parameters = floats(expected.get(0));
    UpdateRule optimizer = OPTIMIZERS.get(name).get();
    for (int step = 1; step < expected.size(); step++) {
      optimizer.step(parameters, floats(REFERENCE.get("grad").get(name).get(step - 1)),
          parameters.length);
      assertClose(expected.get(step), parameters, name + " step " + step);
    }
  }

  @Test
  void clippingReturnsPyTorchsNormAndScalesLikeIt() {
    Map<String, Double> maxNorms = Map.of("sgd_clip", 1.0, "adam_clip", 0.5, "sgd_clip_tiny",
        1e-6);
    int clipped = 0;
    for (String name : maxNorms.keySet()) {
      List<double[]> gradients = REFERENCE.get("grad").get(name);
      for (int step = 0; step < gradients.size(); step++) {
        String what = name + " step " + (step + 1);
        float[] g = floats(gradients.get(step));
        double norm = GradientClipping.clipByGlobalNorm(g, g.length, maxNorms.get(name));
        double expectedNorm = REFERENCE.get("norm").get(name).get(step)[0];
        assertEquals(expectedNorm, norm, 1e-6 * expectedNorm, what);
        double[] expected = REFERENCE.get("clipped").get(name).get(step);
        for (int i = 0; i < g.length; i++) {
          assertEquals(expected[i], g[i], 1e-6 * Math.abs(expected[i]), what + ", gradient " + i);
        }
        clipped += norm > maxNorms.get(name) ? 1 : 0;
      }
    }
    assertTrue(clipped > 0 && clipped < 15, "the cases clip some steps, not all: " + clipped);
  }

  @Test
  void schedulesAgreeWithPyTorchsSchedulers() {
    for (Map.Entry<String, LearningRateSchedule> entry : SCHEDULES.entrySet()) {
      String name = entry.getKey();
      List<double[]> rates = REFERENCE.get("lr").get(name);
      int cosineEnd = COSINE_ENDS.getOrDefault(name, Integer.MAX_VALUE);
      for (int t = 0; t < rates.size(); t++) {
        double rate = entry.getValue().rate(0.1, t);
        if (t <= cosineEnd) {
          assertEquals(rates.get(t)[0], rate, 1e-12, name + " epoch " + t);
        } else {
          assertEquals(0.001, rate, 1e-15, name + " stays at its floor after epoch " + t);
        }
      }
    }
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1, Math.abs(expected[i])),
          what + ", parameter " + i);
    }
  }
}
