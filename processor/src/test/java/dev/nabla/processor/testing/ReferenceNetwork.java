package dev.nabla.processor.testing;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.NablaModel;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import java.util.Optional;

/**
 * An independent double-precision implementation of a {@link NetworkSpec}: forward pass, loss,
 * and the gradient each free parameter should have, by central finite differences.
 */
public final class ReferenceNetwork {
  private static final double H = 1e-5;
  private final NetworkSpec spec;

  public ReferenceNetwork(NetworkSpec spec) {
    this.spec = spec;
  }

  /** The model's effective weights W (what its forward pass uses), in double. */
  public double[] effectiveWeights(NablaModel model) {
    double[] effective = new double[spec.parameterCount()];
    for (int k = 0; k < spec.layers().size(); k++) {
      Dense layer = model.layers().get(k);
      int offset = spec.weightOffset(k);
      for (int i = 0; i < layer.in(); i++) {
        for (int j = 0; j < layer.units(); j++) {
          effective[offset + i * layer.units() + j] = layer.weight(i, j);
        }
      }
      if (layer.hasBias()) {
        for (int j = 0; j < layer.units(); j++) {
          effective[layer.biasOffset() + j] = layer.bias(j);
        }
      }
    }
    return effective;
  }

  /** Output activations, rows × outputs (before any softmax). */
  public double[] forward(double[] w, float[] x, int rows) {
    double[] a = new double[rows * spec.inputs()];
    for (int i = 0; i < a.length; i++) {
      a[i] = x[i];
    }
    for (int k = 0; k < spec.layers().size(); k++) {
      a = activate(spec.layers().get(k).activation(), affine(k, w, a, rows));
    }
    return a;
  }

  private double[] affine(int k, double[] w, double[] a, int rows) {
    LayerSpec layer = spec.layers().get(k);
    int in = spec.in(k);
    int units = layer.units();
    int offset = spec.weightOffset(k);
    double[] z = new double[rows * units];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < units; j++) {
        double sum = layer.bias() ? w[offset + in * units + j] : 0;
        for (int p = 0; p < in; p++) {
          sum += a[r * in + p] * w[offset + p * units + j];
        }
        z[r * units + j] = sum;
      }
    }
    return z;
  }

  private static double[] activate(Activation activation, double[] z) {
    double[] a = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      a[i] = switch (activation) {
        case IDENTITY -> z[i];
        case SIGMOID -> 1 / (1 + Math.exp(-z[i]));
        case TANH -> Math.tanh(z[i]);
        case RELU -> Math.max(0, z[i]);
      };
    }
    return a;
  }

  /** The mean loss, as documented on {@link dev.nabla.Loss}. */
  public double loss(double[] w, float[] x, float[] y, int rows) {
    double[] a = forward(w, x, rows);
    int n = spec.outputs();
    double loss = 0;
    switch (spec.loss()) {
      case SOFTMAX_CROSS_ENTROPY -> {
        for (int r = 0; r < rows; r++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < n; j++) {
            max = Math.max(max, a[r * n + j]);
          }
          double sum = 0;
          for (int j = 0; j < n; j++) {
            sum += Math.exp(a[r * n + j] - max);
          }
          for (int j = 0; j < n; j++) {
            loss -= y[r * n + j] * (a[r * n + j] - max - Math.log(sum));
          }
        }
        return loss / rows;
      }
      case BINARY_CROSS_ENTROPY -> {
        for (int i = 0; i < rows * n; i++) {
          loss -= y[i] * Math.log(a[i]) + (1 - y[i]) * Math.log(1 - a[i]);
        }
        return loss / rows;
      }
      case MEAN_SQUARED_ERROR -> {
        for (int i = 0; i < rows * n; i++) {
          loss += (a[i] - y[i]) * (a[i] - y[i]);
        }
        return loss / (rows * n);
      }
    }
    throw new AssertionError(spec.loss());
  }

  /**
   * What ∂L/∂W′ must be for every free parameter: finite differences through the map for
   * constrained weights, the straight-through estimate for quantized ones, 0 without estimator.
   */
  public double[] expectedGradient(NablaModel model, float[] x, float[] y, int rows) {
    double[] w = effectiveWeights(model);
    float[] free = model.parameters();
    double[] expected = new double[w.length];
    for (int k = 0; k < spec.layers().size(); k++) {
      LayerSpec layer = spec.layers().get(k);
      int offset = spec.weightOffset(k);
      int weights = spec.in(k) * layer.units();
      for (int p = 0; p < spec.parameterCount(k); p++) {
        int i = offset + p;
        boolean isBias = p >= weights;
        Optional<MapSpec> map = layer.map().filter(m -> !isBias || m.bias());
        Optional<QuantSpec> quantizer = layer.quantizer();
        if (quantizer.isPresent() && !quantizer.get().straightThrough()) {
          expected[i] = 0;
        } else if (quantizer.isPresent()) {
          double dW = differentiate(w, i, w[i] + H, w[i] - H, 2 * H, x, y, rows);
          expected[i] = map.isPresent()
              ? dW * map.get().derivative(free[i])
              : dW * quantizer.get().step();
        } else if (map.isPresent()) {
          expected[i] = differentiate(w, i, map.get().apply(free[i] + H),
              map.get().apply(free[i] - H), 2 * H, x, y, rows);
        } else {
          expected[i] = differentiate(w, i, w[i] + H, w[i] - H, 2 * H, x, y, rows);
        }
      }
    }
    return expected;
  }

  private double differentiate(double[] w, int i, double plus, double minus, double width,
      float[] x, float[] y, int rows) {
    double saved = w[i];
    w[i] = plus;
    double up = loss(w, x, y, rows);
    w[i] = minus;
    double down = loss(w, x, y, rows);
    w[i] = saved;
    return (up - down) / width;
  }
}
