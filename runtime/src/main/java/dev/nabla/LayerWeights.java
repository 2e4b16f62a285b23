package dev.nabla;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One dense layer's effective weights, what an inference object is built from: W (in × units,
 * row-major, so W[i][j] at {@code weights[i·units + j]}) and b ({@code units} floats, or null for
 * a layer without bias). The arrays are not copied here; an inference object copies them when it
 * is built, so they may be reused afterwards.
 *
 * @param name the layer's field name, as in {@link Dense#name()}
 */
public record LayerWeights(String name, int in, int units, float[] weights, float[] bias) {
  /** Checks the names and that the lengths fit the shape; values are checked when used. */
  public LayerWeights {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(weights, "weights of layer '" + name + "'");
    if (in < 1 || units < 1) {
      throw new IllegalArgumentException("layer '" + name + "' has shape " + in + "×" + units
          + "; both must be at least 1");
    }
    if (weights.length != (long) in * units) {
      throw new IllegalArgumentException("layer '" + name + "' is " + in + "×" + units
          + ", so W needs " + (long) in * units + " floats, got " + weights.length);
    }
    if (bias != null && bias.length != units) {
      throw new IllegalArgumentException("layer '" + name + "' has " + units
          + " units, so b needs " + units + " floats, got " + bias.length);
    }
  }

  /** The effective weights W = map(W′) and b of every layer of {@code model}, copied, in order. */
  public static List<LayerWeights> of(NablaModel model) {
    Objects.requireNonNull(model, "model");
    List<LayerWeights> layers = new ArrayList<>();
    for (Dense layer : model.layers()) {
      float[][] rows = layer.weights();
      float[] w = new float[layer.in() * layer.units()];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, w, i * layer.units(), layer.units());
      }
      layers.add(new LayerWeights(layer.name(), layer.in(), layer.units(), w,
          layer.hasBias() ? layer.biases() : null));
    }
    return List.copyOf(layers);
  }
}
