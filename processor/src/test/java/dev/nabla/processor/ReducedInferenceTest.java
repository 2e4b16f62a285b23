package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.LayerWeights;
import dev.nabla.NablaInference;
import dev.nabla.NablaModel;
import dev.nabla.Precision;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A float16 or int8 inference object predicts what a float32 one predicts from the weights
 * rounded as {@link Precision} documents it — rounded here independently of the kernels: to the
 * nearest half (ties to even), or to scale[j]·q with scale[j] = max_i |W[i][j]| / 127 (the
 * layer's step when a quantized layer's W lies on its grid, so it is kept exactly). Only the
 * order of the float sums differs, hence {@link #TOLERANCE}.
 */
class ReducedInferenceTest {
  /** Largest |reduced − oracle| / max(1, |oracle|): a few float roundings of sums. */
  private static final double TOLERANCE = 2e-5;

  @Test
  void float16AndInt8PredictWhatFloat32PredictsFromTheRoundedWeights() {
    InMemoryCompiler models = InMemoryCompiler.compile(InferenceTest.SPECS,
        "-Anabla.featureMajorLimit=0");
    for (NetworkSpec spec : InferenceTest.SPECS) {
      NablaModel model = InferenceTest.trainedModel(models, spec, 3);
      List<LayerWeights> weights = LayerWeights.of(model);
      check(models, spec, model, Precision.FLOAT16,
          rounded(weights, (layer, k) -> toHalf(layer.weights())));
      check(models, spec, model, Precision.INT8,
          rounded(weights, (layer, k) -> toInt8(layer, quantizerStep(spec, k))));
    }
  }

  private static void check(InMemoryCompiler models, NetworkSpec spec, NablaModel model,
      Precision precision, List<LayerWeights> oracleWeights) {
    NablaInference reduced = models.newInference(spec, model, precision);
    NablaInference oracle = models.newInference(spec, oracleWeights, Precision.FLOAT32);
    assertEquals(precision, reduced.precision());
    for (int rows : new int[] {1, 3, 9, 137, InferenceTest.MAX_ROWS}) {
      float[] x = InferenceTest.inputs(rows, spec.inputs(), rows);
      float[] expected = new float[rows * spec.outputs()];
      float[] actual = new float[expected.length];
      oracle.predict(x, rows, expected);
      reduced.predict(x, rows, actual);
      for (int i = 0; i < expected.length; i++) {
        double error = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
        assertTrue(error <= TOLERANCE, spec.name() + " in " + precision + " with " + rows
            + " rows: output " + i + " is " + actual[i] + ", expected " + expected[i]);
      }
    }
  }

  private static List<LayerWeights> rounded(List<LayerWeights> layers,
      BiFunction<LayerWeights, Integer, float[]> round) {
    List<LayerWeights> result = new ArrayList<>();
    boolean changed = false;
    for (int k = 0; k < layers.size(); k++) {
      LayerWeights layer = layers.get(k);
      float[] w = round.apply(layer, k);
      changed |= !Arrays.equals(w, layer.weights());
      result.add(new LayerWeights(layer.name(), layer.in(), layer.units(), w, layer.bias()));
    }
    assertTrue(changed, "rounding changed no weight, so this checks little");
    return result;
  }

  /** The @Quantized step of layer {@code k}, or 0. */
  private static float quantizerStep(NetworkSpec spec, int k) {
    return spec.layers().get(k).quantizer().map(q -> (float) q.step()).orElse(0f);
  }

  /** Each weight to the nearest float16 value, ties to even (subnormal halves included). */
  private static float[] toHalf(float[] w) {
    float[] h = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      float quantum = Math.scalb(1f, Math.max(Math.getExponent(w[i]), -14) - 10);
      h[i] = (float) (Math.rint(w[i] / quantum) * quantum);
    }
    return h;
  }

  /** scale[j]·q[i][j] as {@link Precision#INT8} states it. */
  private static float[] toInt8(LayerWeights layer, float step) {
    int in = layer.in();
    int units = layer.units();
    float[] w = layer.weights();
    boolean onGrid = step > 0;
    for (float value : w) {
      float q = (float) Math.rint(value / step);
      onGrid &= Math.abs(q) <= 127 && step * q == value;
    }
    if (onGrid) {
      return w.clone();
    }
    float[] result = new float[w.length];
    for (int j = 0; j < units; j++) {
      float max = 0;
      for (int i = 0; i < in; i++) {
        max = Math.max(max, Math.abs(w[i * units + j]));
      }
      float scale = max / 127;
      for (int i = 0; i < in; i++) {
        float q = scale == 0 ? 0 : (float) Math.rint(w[i * units + j] / scale);
        result[i * units + j] = scale * q;
      }
    }
    return result;
  }
}
