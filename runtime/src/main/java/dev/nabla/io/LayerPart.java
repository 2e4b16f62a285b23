package dev.nabla.io;

import dev.nabla.internal.DenseShape;
import dev.nabla.internal.WeightConstraint;
import java.util.Arrays;
import java.util.List;

/**
 * One tensor of a weights file and where it lives in the flat parameter layout (W in × units
 * row-major, as Nabla keeps it, and b after it). How the file holds it follows the PyTorch module
 * the layer corresponds to: {@code nn.Linear}'s W as [units, in], an {@code nn.Embedding}'s table
 * as [vocabulary, dimension], and {@code nn.RNN}/{@code nn.LSTM}'s second bias, which Nabla does
 * not have: it is written as zeros and added into the one bias when read.
 */
record LayerPart(DenseShape layer, Kind kind, String tensorName) {
  static final String FREE = "nabla.free.";

  enum Kind {
    /** W, in the file as [units, in]. */
    WEIGHT,
    /** b, [units]. */
    BIAS,
    /** An embedding's E (vocabulary × dimension), in the file as it is. */
    TABLE,
    /** A recurrent cell's b_hh, [units]: not a parameter; PyTorch adds it to b_ih, so does Nabla. */
    ADDED_BIAS
  }

  /** {@code nn.Linear}'s parts of {@code layer}: {@code <layer>.weight} and {@code <layer>.bias}. */
  static List<LayerPart> linear(DenseShape layer) {
    LayerPart weight = new LayerPart(layer, Kind.WEIGHT, layer.name() + ".weight");
    return layer.hasBias()
        ? List.of(weight, new LayerPart(layer, Kind.BIAS, layer.name() + ".bias"))
        : List.of(weight);
  }

  /** Whether this part holds model parameters, so that training state exists for it too. */
  boolean parameter() {
    return kind != Kind.ADDED_BIAS;
  }

  private boolean bias() {
    return kind == Kind.BIAS || kind == Kind.ADDED_BIAS;
  }

  /** The file's shape. */
  int[] fileShape() {
    return switch (kind) {
      case WEIGHT -> new int[] {layer.units(), layer.in()};
      case TABLE -> new int[] {layer.in(), layer.units()};
      case BIAS, ADDED_BIAS -> new int[] {layer.units()};
    };
  }

  private int length() {
    return bias() ? layer.units() : layer.in() * layer.units();
  }

  /** Whether the forward pass reads this part from the effective weights, W = map(W′). */
  boolean mapped() {
    return switch (kind) {
      case WEIGHT, TABLE -> layer.effectiveWeights();
      case BIAS -> layer.effectiveBias();
      case ADDED_BIAS -> false;
    };
  }

  /** The constraint that maps this part, or null. */
  WeightConstraint constraint() {
    WeightConstraint constraint = layer.constraint();
    return bias() && constraint != null && !constraint.bias() ? null : constraint;
  }

  /** What this part is, for messages. */
  String role() {
    return switch (kind) {
      case WEIGHT, TABLE -> "weights";
      case BIAS -> "a bias";
      case ADDED_BIAS -> "PyTorch's second bias b_hh, which Nabla adds into its one bias";
    };
  }

  /** This part of the flat buffer {@code flat}, in the file's order. */
  float[] toFile(float[] flat) {
    return switch (kind) {
      case WEIGHT -> toFileOrder(flat, layer.weightOffset(), layer.in(), layer.units());
      case TABLE -> Arrays.copyOfRange(flat, layer.weightOffset(), layer.weightOffset() + length());
      case BIAS -> Arrays.copyOfRange(flat, layer.biasOffset(), layer.biasOffset() + length());
      case ADDED_BIAS -> new float[length()]; // zeros: Nabla's one bias holds the sum
    };
  }

  /** W (in × units, row-major from {@code wOff} of {@code w}) in the file's [units, in] order. */
  static float[] toFileOrder(float[] w, int wOff, int in, int units) {
    float[] values = new float[in * units];
    for (int i = 0; i < in; i++) {
      for (int u = 0; u < units; u++) {
        values[u * in + i] = w[wOff + i * units + u];
      }
    }
    return values;
  }

  /**
   * Writes {@code values}, in the file's order, into this part of the flat buffer; an added bias
   * adds into the bias, which must have been written first.
   */
  void fromFile(float[] values, float[] flat) {
    switch (kind) {
      case WEIGHT -> fromFileOrder(values, flat, layer.weightOffset(), layer.in(), layer.units());
      case TABLE -> System.arraycopy(values, 0, flat, layer.weightOffset(), values.length);
      case BIAS -> System.arraycopy(values, 0, flat, layer.biasOffset(), values.length);
      case ADDED_BIAS -> {
        for (int u = 0; u < values.length; u++) {
          flat[layer.biasOffset() + u] += values[u];
        }
      }
    }
  }

  /** W in the file's [units, in] order written in × units row-major into {@code w} at wOff. */
  static void fromFileOrder(float[] values, float[] w, int wOff, int in, int units) {
    for (int i = 0; i < in; i++) {
      for (int u = 0; u < units; u++) {
        w[wOff + i * units + u] = values[u * in + i];
      }
    }
  }
}
