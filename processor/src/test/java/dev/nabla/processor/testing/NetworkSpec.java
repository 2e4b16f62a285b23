package dev.nabla.processor.testing;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A network declaration for tests: renders its Java source and knows, independently of the
 * processor, which parameters are mapped or quantized.
 */
public record NetworkSpec(String name, int inputs, Loss loss, List<LayerSpec> layers,
    double huberDelta) {
  public static final String PACKAGE = "test.nets";

  public NetworkSpec {
    layers = List.copyOf(layers);
  }

  /** With the default Huber δ. */
  public NetworkSpec(String name, int inputs, Loss loss, List<LayerSpec> layers) {
    this(name, inputs, loss, layers, Model.DEFAULT_HUBER_DELTA);
  }

  /** A constraint: the map, its bounds for RANGE, and whether it covers the bias. */
  public record MapSpec(Constraint constraint, double lo, double hi, boolean bias) {
    public double apply(double free) {
      return switch (constraint) {
        case TANH -> Math.tanh(free);
        case SIGMOID -> 1 / (1 + Math.exp(-free));
        case UNIT_TANH -> (Math.tanh(free) + 1) / 2;
        case RANGE -> lo + (hi - lo) * (Math.tanh(free) + 1) / 2;
      };
    }

    public double derivative(double free) {
      double h = 1e-6;
      return (apply(free + h) - apply(free - h)) / (2 * h);
    }

    String annotation() {
      String bounds = constraint == Constraint.RANGE ? ", lo = " + lo + ", hi = " + hi : "";
      return "@Constrained(value = Constraint." + constraint + bounds
          + (bias ? "" : ", bias = false") + ")";
    }
  }

  public record QuantSpec(double step, boolean straightThrough) {
    String annotation() {
      return "@Quantized(step = " + step + (straightThrough ? "" : ", straightThrough = false")
          + ")";
    }
  }

  /**
   * A layer; {@code slope} is a LEAKY_RELU's, 0 with other activations; {@code dropout} its
   * {@code @Dropout} rate, 0 for none.
   */
  public record LayerSpec(int units, Activation activation, boolean bias, Optional<MapSpec> map,
      Optional<QuantSpec> quantizer, double slope, double dropout) {
    /** Without dropout. */
    public LayerSpec(int units, Activation activation, boolean bias, Optional<MapSpec> map,
        Optional<QuantSpec> quantizer, double slope) {
      this(units, activation, bias, map, quantizer, slope, 0);
    }

    /** With the default slope for a LEAKY_RELU, without dropout. */
    public LayerSpec(int units, Activation activation, boolean bias, Optional<MapSpec> map,
        Optional<QuantSpec> quantizer) {
      this(units, activation, bias, map, quantizer,
          activation == Activation.LEAKY_RELU ? Layer.DEFAULT_SLOPE : 0);
    }

    /** This layer with {@code @Dropout(rate)}. */
    public LayerSpec withDropout(double rate) {
      return new LayerSpec(units, activation, bias, map, quantizer, slope, rate);
    }

    public static LayerSpec plain(int units, Activation activation, boolean bias) {
      return new LayerSpec(units, activation, bias, Optional.empty(), Optional.empty());
    }
  }

  public String qualifiedName() {
    return PACKAGE + "." + name;
  }

  public int outputs() {
    return layers.get(layers.size() - 1).units();
  }

  /** Inputs of layer k. */
  public int in(int k) {
    return k == 0 ? inputs : layers.get(k - 1).units();
  }

  public int weightOffset(int k) {
    int offset = 0;
    for (int i = 0; i < k; i++) {
      offset += parameterCount(i);
    }
    return offset;
  }

  public int parameterCount(int k) {
    LayerSpec layer = layers.get(k);
    return in(k) * layer.units() + (layer.bias() ? layer.units() : 0);
  }

  public int parameterCount() {
    return weightOffset(layers.size());
  }

  /** The processor warns for softmax over an activation and for a quantizer without estimator. */
  public boolean expectsWarning() {
    boolean softmaxOverActivation = loss == Loss.SOFTMAX_CROSS_ENTROPY
        && layers.get(layers.size() - 1).activation() != Activation.IDENTITY
        && layers.get(layers.size() - 1).activation() != Activation.SOFTMAX;
    boolean frozen = layers.stream()
        .anyMatch(l -> l.quantizer().map(q -> !q.straightThrough()).orElse(false));
    return softmaxOverActivation || frozen;
  }

  public String source() {
    StringBuilder out = new StringBuilder()
        .append("package ").append(PACKAGE).append(";\n\n")
        .append("import dev.nabla.*;\n\n")
        .append("@Model(inputs = ").append(inputs).append(", loss = Loss.").append(loss)
        .append(huberDelta != Model.DEFAULT_HUBER_DELTA ? ", huberDelta = " + huberDelta : "")
        .append(")\n")
        .append("abstract class ").append(name).append(" {\n");
    for (int k = 0; k < layers.size(); k++) {
      LayerSpec layer = layers.get(k);
      out.append("  ");
      layer.map().ifPresent(m -> out.append(m.annotation()).append(' '));
      layer.quantizer().ifPresent(q -> out.append(q.annotation()).append(' '));
      if (layer.dropout() > 0) {
        out.append("@Dropout(").append(layer.dropout()).append(") ");
      }
      out.append("@Layer(in = ").append(in(k)).append(", units = ").append(layer.units())
          .append(", activation = Activation.").append(layer.activation())
          .append(layer.bias() ? "" : ", bias = false")
          .append(layer.activation() == Activation.LEAKY_RELU
              && layer.slope() != Layer.DEFAULT_SLOPE ? ", slope = " + layer.slope() : "")
          .append(") Dense layer").append(k)
          .append(";\n");
    }
    return out.append("}\n").toString();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name).append('[').append(inputs);
    for (LayerSpec layer : layers) {
      text.append('-').append(layer.units())
          .append(layer.activation().name().substring(0, Math.min(5, layer.activation().name()
              .length())).toLowerCase(Locale.ROOT))
          .append(layer.bias() ? "+b" : "");
      layer.map().ifPresent(m -> text.append('/').append(m.constraint())
          .append(m.bias() ? "" : "(W)"));
      layer.quantizer().ifPresent(q -> text.append("/q").append(q.step())
          .append(q.straightThrough() ? "" : "!ste"));
      if (layer.dropout() > 0) {
        text.append("/drop").append(layer.dropout());
      }
    }
    return text.append(", ").append(loss).append(']').toString();
  }
}
