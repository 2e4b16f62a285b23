package dev.nabla.processor.testing;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import java.util.Optional;

/**
 * An independent double-precision implementation of a {@link NetworkSpec}: forward pass, loss,
 * and the gradient each free parameter should have, by central finite differences. Dropout is
 * the identity unless fixed masks are given ({@link #withMasks}).
 */
public final class ReferenceNetwork {
  private static final double H = 1e-5;
  private final NetworkSpec spec;
  /** Per layer, rows × units row-major factors applied to A, or null: no dropout there. */
  private final double[][] masks;

  public ReferenceNetwork(NetworkSpec spec) {
    this(spec, new double[spec.layers().size()][]);
  }

  private ReferenceNetwork(NetworkSpec spec, double[][] masks) {
    this.spec = spec;
    this.masks = masks;
  }

  /**
   * This network with dropout fixed to {@code masks}: per layer, null or rows × units factors
   * (0 or 1/(1 − p)) multiplying A, the layer's output as the next layer reads it.
   */
  public ReferenceNetwork withMasks(double[][] masks) {
    return new ReferenceNetwork(spec, masks.clone());
  }

  /** A of hidden layer k from its Z, times the layer's mask if it has one. */
  private double[] hiddenOutput(int k, double[] z) {
    double[] a = activate(spec.layers().get(k), z);
    if (masks[k] != null) {
      for (int i = 0; i < a.length; i++) {
        a[i] *= masks[k][i];
      }
    }
    return a;
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
    return activate(spec.layers().get(spec.layers().size() - 1), logits(w, x, rows));
  }

  /**
   * Whether some ReLU's input Z lies within {@code margin} of the kink at 0, where a central
   * difference straddles it and measures half the slope (e.g. a quantized column rounded to 0).
   */
  public boolean nearReluKink(double[] w, float[] x, int rows, double margin) {
    double[] a = new double[rows * spec.inputs()];
    for (int i = 0; i < a.length; i++) {
      a[i] = x[i];
    }
    for (int k = 0; k < spec.layers().size(); k++) {
      double[] z = affine(k, w, a, rows);
      Activation activation = spec.layers().get(k).activation();
      if (activation == Activation.RELU || activation == Activation.LEAKY_RELU) {
        for (double value : z) {
          if (Math.abs(value) < margin) {
            return true;
          }
        }
      }
      a = hiddenOutput(k, z);
    }
    return false;
  }

  /** The output layer's Z, before its activation. */
  private double[] logits(double[] w, float[] x, int rows) {
    double[] a = new double[rows * spec.inputs()];
    for (int i = 0; i < a.length; i++) {
      a[i] = x[i];
    }
    int last = spec.layers().size() - 1;
    for (int k = 0; k < last; k++) {
      a = hiddenOutput(k, affine(k, w, a, rows));
    }
    return affine(last, w, a, rows);
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

  private static double[] activate(LayerSpec layer, double[] z) {
    if (layer.activation() == Activation.SOFTMAX) {
      return softmax(z, layer.units());
    }
    double[] a = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      double v = z[i];
      a[i] = switch (layer.activation()) {
        case IDENTITY -> v;
        case SIGMOID -> 1 / (1 + Math.exp(-v));
        case TANH -> Math.tanh(v);
        case RELU -> Math.max(0, v);
        case LEAKY_RELU -> v > 0 ? v : layer.slope() * v;
        case GELU -> v * (1 + erf(v / Math.sqrt(2))) / 2;
        case SOFTPLUS -> Math.log(1 + Math.exp(v));
        case SOFTMAX -> throw new AssertionError("row-wise, above");
      };
    }
    return a;
  }

  /** Row-wise softmax of rows of width n, straight from the definition. */
  private static double[] softmax(double[] z, int n) {
    double[] p = new double[z.length];
    for (int row = 0; row < z.length; row += n) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(z[row + j]);
      }
      for (int j = 0; j < n; j++) {
        p[row + j] = Math.exp(z[row + j]) / sum;
      }
    }
    return p;
  }

  /**
   * erf(x) in double, independently of the runtime's rational approximation: the Maclaurin
   * series for |x| < 3 (terms stay below e⁹, so about 1e-12 is lost), else 1 − erfc(|x|) by its
   * continued fraction, with the sign of x.
   */
  public static double erf(double x) {
    double ax = Math.abs(x);
    if (ax < 3) {
      double term = ax;
      double sum = ax;
      for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
        term *= -ax * ax / n;
        sum += term / (2 * n + 1);
      }
      return Math.copySign(2 / Math.sqrt(Math.PI) * sum, x);
    }
    double fraction = 0;
    for (int k = 60; k >= 1; k--) {
      fraction = k / 2.0 / (ax + fraction);
    }
    double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + fraction);
    return Math.copySign(1 - erfc, x);
  }

  /** The mean loss, as documented on {@link dev.nabla.Loss}. */
  public double loss(double[] w, float[] x, float[] y, int rows) {
    if (spec.loss() == Loss.BINARY_CROSS_ENTROPY) {
      return binaryCrossEntropy(logits(w, x, rows), y, rows);
    }
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
      case MEAN_SQUARED_ERROR -> {
        for (int i = 0; i < rows * n; i++) {
          loss += (a[i] - y[i]) * (a[i] - y[i]);
        }
        return loss / (rows * n);
      }
      case MEAN_ABSOLUTE_ERROR -> {
        for (int i = 0; i < rows * n; i++) {
          loss += Math.abs(a[i] - y[i]);
        }
        return loss / (rows * n);
      }
      case HUBER -> {
        double delta = spec.huberDelta();
        for (int i = 0; i < rows * n; i++) {
          double d = Math.abs(a[i] - y[i]);
          loss += d < delta ? d * d / 2 : delta * (d - delta / 2);
        }
        return loss / (rows * n);
      }
      default -> throw new AssertionError(spec.loss());
    }
  }

  /**
   * −[y log σ(z) + (1 − y) log(1 − σ(z))] from the logits, as
   * max(z, 0) − z·y + log(1 + e^−|z|):
   * from σ(z), 1 − σ(z) cancels to nothing once |z| passes about 20, and finite differences of
   * the loss go flat there (BCE needs a sigmoid output, so the logits are the output's Z).
   */
  private double binaryCrossEntropy(double[] z, float[] y, int rows) {
    double loss = 0;
    for (int i = 0; i < z.length; i++) {
      loss += Math.max(z[i], 0) - z[i] * y[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
    }
    return loss / rows;
  }

  /**
   * What ∂L/∂W′ must be for every free parameter: finite differences through the map for
   * constrained weights, the straight-through estimate for quantized ones, 0 without estimator.
   */
  public double[] expectedGradient(NablaModel model, float[] x, float[] y, int rows) {
    double[] w = effectiveWeights(model);
    double[] expected = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      expected[i] = expectedGradient(model, w, x, y, rows, i);
    }
    return expected;
  }

  /**
   * {@link #expectedGradient(NablaModel, float[], float[], int)} of one free parameter, given the
   * model's {@link #effectiveWeights}: for checking a sample of a large model's parameters.
   */
  public double expectedGradient(NablaModel model, double[] w, float[] x, float[] y, int rows,
      int parameter) {
    int k = 0;
    while (k + 1 < spec.layers().size() && spec.weightOffset(k + 1) <= parameter) {
      k++;
    }
    LayerSpec layer = spec.layers().get(k);
    boolean isBias = parameter - spec.weightOffset(k) >= spec.in(k) * layer.units();
    float free = model.parameters()[parameter];
    Optional<MapSpec> map = layer.map().filter(m -> !isBias || m.bias());
    Optional<QuantSpec> quantizer = layer.quantizer();
    if (quantizer.isPresent() && !quantizer.get().straightThrough()) {
      return 0;
    } else if (quantizer.isPresent()) {
      double dW =
          differentiate(w, parameter, w[parameter] + H, w[parameter] - H, 2 * H, x, y, rows);
      return map.isPresent() ? dW * map.get().derivative(free) : dW * quantizer.get().step();
    } else if (map.isPresent()) {
      return differentiate(w, parameter, map.get().apply(free + H), map.get().apply(free - H),
          2 * H, x, y, rows);
    }
    return differentiate(w, parameter, w[parameter] + H, w[parameter] - H, 2 * H, x, y, rows);
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
