package dev.nabla.processor.testing;

import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import java.util.Random;

/** Random parameters, inputs and targets for checking a generated model against its spec. */
public final class RandomData {
  private RandomData() {}

  /**
   * Random free parameters W′ (quantized-only layers count W′ in steps), then materialised.
   * Beyond 8 inputs the scale shrinks with the fan-in, so wide layers do not saturate.
   */
  public static void randomizeParameters(NablaModel model, NetworkSpec spec, Random random) {
    float[] free = model.parameters();
    for (int k = 0; k < spec.layers().size(); k++) {
      LayerSpec layer = spec.layers().get(k);
      double scale = 0.8 * Math.min(1, Math.sqrt(8.0 / spec.in(k)));
      if (layer.map().isEmpty() && layer.quantizer().isPresent()) {
        scale /= layer.quantizer().get().step();
      }
      for (int p = 0; p < spec.parameterCount(k); p++) {
        free[spec.weightOffset(k) + p] = (float) (scale * random.nextGaussian());
      }
    }
    model.parametersChanged();
  }

  public static float[] inputs(NetworkSpec spec, int rows, Random random) {
    float[] x = new float[rows * spec.inputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** One-hot rows for softmax-CE, reals in (0, 1) for BCE and MSE. */
  public static float[] targets(NetworkSpec spec, int rows, Random random) {
    int n = spec.outputs();
    float[] y = new float[rows * n];
    for (int r = 0; r < rows; r++) {
      if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
        y[r * n + random.nextInt(n)] = 1f;
      } else {
        for (int j = 0; j < n; j++) {
          y[r * n + j] = 0.05f + 0.9f * random.nextFloat();
        }
      }
    }
    return y;
  }
}
