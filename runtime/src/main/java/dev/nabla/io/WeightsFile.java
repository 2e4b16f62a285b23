package dev.nabla.io;

import dev.nabla.Activation;
import dev.nabla.LayerWeights;
import dev.nabla.Precision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The effective weights a weights file holds, layer by layer, without a trainable model: what an
 * inference object is built from. Read with {@link Weights#read}; the file has been checked in
 * full (see {@link SafeTensors}), and so has every layer: {@code <layer>.weight} a 2-D F32 or
 * F16 tensor [units, in], {@code <layer>.bias}, when present, a 1-D one [units], and in a file
 * Nabla wrote, every layer of its architecture description present with the widths it states.
 * Tensors under {@code nabla.} are training state and not layers.
 */
public final class WeightsFile {
  private final SafeTensors file;
  private final List<String> layers;

  private WeightsFile(SafeTensors file, List<String> layers) {
    this.file = file;
    this.layers = List.copyOf(layers);
  }

  static WeightsFile of(SafeTensors file) {
    Map<String, String> metadata = file.metadata();
    String recurrent = metadata.get(Architecture.SEQUENCE);
    if (recurrent != null) {
      throw new IllegalArgumentException("the file holds the weights of a sequence model (recurrent"
          + " module " + recurrent + "); Weights.load reads them into its SequenceModel, inference"
          + " objects are built for @Model networks");
    }
    TreeSet<String> found = new TreeSet<>();
    for (Map.Entry<String, Tensor> entry : file.tensors().entrySet()) {
      String name = entry.getKey();
      if (name.startsWith("nabla.")) {
        continue;
      }
      int dot = name.lastIndexOf('.');
      String part = dot < 0 ? "" : name.substring(dot + 1);
      if (!part.equals("weight") && !part.equals("bias") && !part.equals("weight_scale")) {
        throw new IllegalArgumentException("tensor '" + name + "' is neither a '<layer>.weight'"
            + " nor a '<layer>.bias' nor a '<layer>.weight_scale'");
      }
      if (entry.getValue().dtype() == Tensor.DType.I8 && !part.equals("weight")) {
        throw new IllegalArgumentException("tensor '" + name + "' is I8; only an int8 layer's"
            + " weight is");
      }
      if (part.equals("weight")) {
        found.add(name.substring(0, dot));
      }
    }
    List<String> layers = Architecture.described(metadata)
        ? Architecture.layerNames(metadata) : new ArrayList<>(found);
    for (String tensor : file.tensors().keySet()) {
      if (!tensor.startsWith("nabla.")
          && !layers.contains(tensor.substring(0, tensor.lastIndexOf('.')))) {
        throw new IllegalArgumentException("tensor '" + tensor + "' belongs to none of the"
            + " layers " + layers);
      }
    }
    WeightsFile weights = new WeightsFile(file, layers);
    for (String layer : layers) {
      weights.checkLayer(layer);
    }
    return weights;
  }

  private void checkLayer(String layer) {
    Tensor weight = file.tensors().get(layer + ".weight");
    if (weight == null) {
      throw new IllegalArgumentException("layer '" + layer + "' has no tensor '" + layer
          + ".weight'");
    }
    int[] shape = weight.shape();
    if (shape.length != 2) {
      throw new IllegalArgumentException("tensor '" + layer + ".weight' has shape "
          + Arrays.toString(shape) + "; a layer's weight is [units, in]");
    }
    Tensor scale = file.tensors().get(layer + Weights.SCALE);
    if ((weight.dtype() == Tensor.DType.I8) != (scale != null)) {
      throw new IllegalArgumentException("layer '" + layer + "': an I8 weight needs its F32 '"
          + layer + Weights.SCALE + "' [units], and only an I8 weight has one");
    }
    if (scale != null) {
      if (scale.dtype() != Tensor.DType.F32
          || !Arrays.equals(scale.shape(), new int[] {shape[0]})) {
        throw new IllegalArgumentException("tensor '" + layer + Weights.SCALE + "' is "
            + scale.dtype() + " " + Arrays.toString(scale.shape()) + "; it must be F32 ["
            + shape[0] + "]");
      }
      float[] scales = scale.toFloats();
      for (int u = 0; u < scales.length; u++) {
        if (!(scales[u] > 0) || Float.isInfinite(scales[u])) {
          throw new IllegalArgumentException("tensor '" + layer + Weights.SCALE + "' ["
              + u + "] is " + scales[u] + "; scales are finite and positive");
        }
      }
    }
    Tensor bias = file.tensors().get(layer + ".bias");
    if (bias != null && !Arrays.equals(bias.shape(), new int[] {shape[0]})) {
      throw new IllegalArgumentException("tensor '" + layer + ".bias' has shape "
          + Arrays.toString(bias.shape()) + "; the layer's weight " + Arrays.toString(shape)
          + " gives " + shape[0] + " units");
    }
    Map<String, String> metadata = file.metadata();
    if (Architecture.described(metadata)) {
      Map<String, String> actual = new LinkedHashMap<>();
      actual.put("in", Integer.toString(shape[1]));
      actual.put("units", Integer.toString(shape[0]));
      actual.put("bias", Boolean.toString(bias != null));
      for (Map.Entry<String, String> entry : actual.entrySet()) {
        String declared = Architecture.attribute(metadata, layer, entry.getKey());
        if (!entry.getValue().equals(declared)) {
          throw new IllegalArgumentException("layer '" + layer + "': the file's architecture"
              + " says " + entry.getKey() + " " + declared + ", its tensors give "
              + entry.getValue());
        }
      }
      String activation = Architecture.attribute(metadata, layer, "activation");
      if (Arrays.stream(Activation.values()).noneMatch(a -> a.name().equals(activation))) {
        throw new IllegalArgumentException("layer '" + layer + "': unknown activation "
            + activation);
      }
      if (activation.equals(Activation.LEAKY_RELU.name())) {
        checkSlope(layer, Architecture.attribute(metadata, layer, "slope"));
      }
    }
  }

  private static void checkSlope(String layer, String slope) {
    double value;
    try {
      value = slope == null ? Double.NaN : Double.parseDouble(slope);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException("layer '" + layer + "': LEAKY_RELU needs a slope in"
          + " [0, 1), the file's architecture says " + slope);
    }
  }

  /** The low-level file: every tensor, training state included, and the metadata. */
  public SafeTensors tensors() {
    return file;
  }

  /** The {@code __metadata__} map, with Nabla's architecture description if Nabla wrote it. */
  public Map<String, String> metadata() {
    return file.metadata();
  }

  /**
   * The layer names: in the model's order for a file Nabla wrote, else sorted (a file from
   * elsewhere does not say the order).
   */
  public List<String> layers() {
    return layers;
  }

  /** Layer {@code layer}'s input width. */
  public int in(String layer) {
    return weightTensor(layer).shape()[1];
  }

  /** Layer {@code layer}'s number of units. */
  public int units(String layer) {
    return weightTensor(layer).shape()[0];
  }

  public boolean hasBias(String layer) {
    weightTensor(layer);
    return file.tensors().containsKey(layer + ".bias");
  }

  /** The activation the file's architecture description states, if Nabla wrote the file. */
  public Optional<Activation> activation(String layer) {
    weightTensor(layer);
    return Optional.ofNullable(Architecture.attribute(metadata(), layer, "activation"))
        .map(Activation::valueOf);
  }

  /**
   * The precision the weights were stored in: as the inference object that saved them had it,
   * FLOAT32 for a trainable model's file or one from elsewhere.
   */
  public Precision precision() {
    String stored = metadata().get(Weights.PRECISION);
    return stored == null ? Precision.FLOAT32 : Precision.valueOf(stored);
  }

  /**
   * Effective W of {@code layer} as a fresh [units][in] array: one row per output unit; int8
   * weights times their unit's scale.
   */
  public float[][] weight(String layer) {
    int in = in(layer);
    float[] values = weightValues(layer);
    float[][] rows = new float[units(layer)][];
    for (int u = 0; u < rows.length; u++) {
      rows[u] = Arrays.copyOfRange(values, u * in, (u + 1) * in);
    }
    return rows;
  }

  /** Effective b of {@code layer} as a fresh [units] array; empty without a bias. */
  public float[] bias(String layer) {
    weightTensor(layer);
    Tensor bias = file.tensors().get(layer + ".bias");
    return bias == null ? new float[0] : bias.toFloats();
  }

  /**
   * Every layer's effective W (transposed to Nabla's in × units) and b, in {@link #layers()}
   * order: what {@code <Name>Inference.of(List, Precision)} builds an inference object from,
   * without a trainable model.
   */
  public List<LayerWeights> layerWeights() {
    List<LayerWeights> result = new ArrayList<>();
    for (String layer : layers) {
      int in = in(layer);
      int units = units(layer);
      float[] w = new float[in * units];
      LayerPart.fromFileOrder(weightValues(layer), w, 0, in, units);
      result.add(new LayerWeights(layer, in, units, w, hasBias(layer) ? bias(layer) : null));
    }
    return List.copyOf(result);
  }

  /** W in the file's [units, in] order, int8 values times their unit's scale. */
  private float[] weightValues(String layer) {
    float[] values = weightTensor(layer).toFloats();
    Tensor scale = file.tensors().get(layer + Weights.SCALE);
    if (scale != null) {
      float[] scales = scale.toFloats();
      int in = in(layer);
      for (int k = 0; k < values.length; k++) {
        values[k] *= scales[k / in];
      }
    }
    return values;
  }

  private Tensor weightTensor(String layer) {
    if (!layers.contains(layer)) {
      throw new IllegalArgumentException("no layer '" + layer + "'; the file has " + layers);
    }
    return file.tensors().get(layer + ".weight");
  }

  @Override
  public String toString() {
    return "WeightsFile" + layers;
  }
}
