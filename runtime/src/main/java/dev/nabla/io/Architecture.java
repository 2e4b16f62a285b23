package dev.nabla.io;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.SequenceModel;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.WeightConstraint;
import dev.nabla.internal.WeightQuantizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The architecture description a weights file's {@code __metadata__} records, one attribute per
 * key, and its comparison with a model's, attribute by attribute in declaration order.
 *
 * <p>{@code @Dropout} is not part of it: it has no parameters and is the identity at inference,
 * so it does not change the function the weights compute (PyTorch's state_dict has no entry for
 * nn.Dropout either). Weights trained with dropout 0.5 load into the same layers with another
 * rate or none, and into inference objects, which never drop.
 */
final class Architecture {
  static final String FORMAT = "nabla.format";
  static final String FORMAT_VERSION = "1";
  static final String MODEL = "nabla.model";
  static final String INPUTS = "nabla.inputs";
  static final String LAYERS = "nabla.layers";
  static final String LOSS = "nabla.loss";
  /** A sequence model's recurrent module: RNN, LSTM, or none for an embedding alone. */
  static final String SEQUENCE = "nabla.sequence";
  private static final String LAYER = "nabla.layer.";
  private static final String SLOPE = "slope";
  private static final List<String> LAYER_ATTRIBUTES =
      List.of("in", "units", "activation", "bias", "constraint", "quantizer");

  private Architecture() {}

  /**
   * The description of {@code model}, whose layers are {@code layers}. A sequence model's leaves
   * out its steps: its weights serve sequences of any length, as PyTorch's recurrent modules'.
   */
  static Map<String, String> describe(NablaModel model, List<DenseShape> layers) {
    Map<String, String> description =
        describe(model.getClass().getName(), model.inputs(), model.loss(), layers);
    if (model instanceof SequenceModel) {
      description.remove(INPUTS);
      description.put(SEQUENCE, recurrentModule(layers));
    }
    return description;
  }

  /** The embedding alone, or with a cell whose W_hh is H × H (RNN) or H × 4H (LSTM's gates). */
  private static String recurrentModule(List<DenseShape> layers) {
    if (layers.size() == 2) {
      return "none";
    }
    DenseShape hidden = layers.get(2);
    return hidden.units() == hidden.in() ? "RNN" : "LSTM";
  }

  /** The description of the network of class {@code className}. */
  static Map<String, String> describe(String className, int inputs, Loss loss,
      List<DenseShape> layers) {
    Map<String, String> description = new LinkedHashMap<>();
    description.put("format", "pt");
    description.put(FORMAT, FORMAT_VERSION);
    description.put(MODEL, className);
    description.put(INPUTS, Integer.toString(inputs));
    description.put(LAYERS, layers.stream().map(DenseShape::name)
        .collect(Collectors.joining(",")));
    for (DenseShape layer : layers) {
      String key = LAYER + layer.name() + ".";
      description.put(key + "in", Integer.toString(layer.in()));
      description.put(key + "units", Integer.toString(layer.units()));
      description.put(key + "activation", layer.activation().name());
      if (layer.activation() == Activation.LEAKY_RELU) {
        // only there, so that the descriptions of files written before slopes existed still match
        description.put(key + SLOPE, Double.toString(layer.slope()));
      }
      description.put(key + "bias", Boolean.toString(layer.hasBias()));
      description.put(key + "constraint", describe(layer.constraint()));
      description.put(key + "quantizer", describe(layer.quantizer()));
    }
    description.put(LOSS, loss.name());
    return description;
  }

  private static String describe(WeightConstraint constraint) {
    return constraint == null ? "none" : constraint.kind() + " [" + constraint.lo() + ", "
        + constraint.hi() + "] on " + (constraint.bias() ? "W and b" : "W");
  }

  private static String describe(WeightQuantizer quantizer) {
    return quantizer == null ? "none" : "step " + quantizer.step()
        + (quantizer.straightThrough() ? " straight-through" : " true gradient");
  }

  /** Whether {@code metadata} holds a Nabla description; refuses one of another version. */
  static boolean described(Map<String, String> metadata) {
    String version = metadata.get(FORMAT);
    if (version != null && !version.equals(FORMAT_VERSION)) {
      throw new IllegalArgumentException("weights format version " + version
          + " is not the one this runtime reads (" + FORMAT_VERSION + ")");
    }
    return version != null;
  }

  /** The layer names a description lists, in order. */
  static List<String> layerNames(Map<String, String> metadata) {
    String layers = metadata.getOrDefault(LAYERS, "");
    return layers.isEmpty() ? List.of() : List.of(layers.split(",", -1));
  }

  /** The declared value of {@code attribute} of layer {@code layer}, or null. */
  static String attribute(Map<String, String> metadata, String layer, String attribute) {
    return metadata.get(LAYER + layer + "." + attribute);
  }

  /**
   * Refuses a file whose description differs from the model's, naming the first attribute that
   * differs; the model class may differ.
   */
  static void check(Map<String, String> file, Map<String, String> model) {
    for (Map.Entry<String, String> entry : model.entrySet()) {
      String key = entry.getKey();
      String fileValue = file.get(key);
      if (key.equals(MODEL) || key.equals("format") || entry.getValue().equals(fileValue)) {
        continue;
      }
      if (key.startsWith(LAYER)) {
        String rest = key.substring(LAYER.length());
        String layer = rest.substring(0, rest.lastIndexOf('.'));
        String attribute = rest.substring(rest.lastIndexOf('.') + 1);
        throw new IllegalArgumentException("layer '" + layer + "': file has "
            + summary(file, layer) + ", model has " + summary(model, layer) + " (they differ in "
            + attribute + ")");
      }
      String what = key.substring("nabla.".length());
      throw new IllegalArgumentException(what + ": file has " + (fileValue == null ? "none"
          : fileValue) + ", model has " + entry.getValue());
    }
  }

  /** E.g. {@code 784 -> 128 relu} or {@code 9 -> 5 sigmoid, constrained TANH [-1.0, 1.0] on W and b}. */
  static String summary(Map<String, String> description, String layer) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String attribute : LAYER_ATTRIBUTES) {
      values.put(attribute, String.valueOf(attribute(description, layer, attribute)));
    }
    StringBuilder text = new StringBuilder(values.get("in")).append(" -> ")
        .append(values.get("units")).append(' ')
        .append(values.get("activation").toLowerCase(Locale.ROOT));
    String slope = attribute(description, layer, SLOPE);
    if (slope != null) {
      text.append(" slope ").append(slope);
    }
    if (!values.get("bias").equals("true")) {
      text.append(", bias ").append(values.get("bias"));
    }
    if (!values.get("constraint").equals("none")) {
      text.append(", constrained ").append(values.get("constraint"));
    }
    if (!values.get("quantizer").equals("none")) {
      text.append(", quantized ").append(values.get("quantizer"));
    }
    return text.toString();
  }
}
