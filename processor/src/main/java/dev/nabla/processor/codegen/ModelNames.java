package dev.nabla.processor.codegen;

import com.palantir.javapoet.NameAllocator;
import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names the generated class declares, chosen around the members of the user's class so that
 * nothing generated hides or shadows them.
 */
final class ModelNames {
  /**
   * One layer's names: its shape constant, and in the nested core its buffers: {@code output}
   * holds Z, then A; {@code logits} Z when kept apart, for binary cross-entropy's output layer
   * and for GELU's derivative; {@code delta} dA, then dZ.
   */
  record Layer(String shape, String output, Optional<String> logits, String delta) {
    /** The buffer holding Z: the logits if kept apart, else the output. */
    String z() {
      return logits.orElse(output);
    }
  }

  final String inputs;
  final String outputs;
  final String parameterCount;
  final String maxBatchLimit;
  /**
   * A dropout layer's names in the nested core: its {@code mask} (the runtime's DropoutMask) and
   * the forward pass's local {@code kept}, the layer's output as the next layer reads it.
   */
  record Dropout(String mask, String kept) {}

  final String core;
  final String coreType;
  private final List<Layer> layers = new ArrayList<>();
  private final List<Optional<Dropout>> dropouts = new ArrayList<>();

  ModelNames(NetworkModel model) {
    NameAllocator names = new NameAllocator();
    // User members first, so nothing generated hides or shadows them.
    model.reservedNames().forEach(name -> names.newName(name, "user:" + name));
    inputs = names.newName("INPUTS");
    outputs = names.newName("OUTPUTS");
    parameterCount = names.newName("PARAMETER_COUNT");
    maxBatchLimit = names.newName("MAX_BATCH_LIMIT");
    core = names.newName("core");
    coreType = names.newName("Core");
    boolean bceOutput = model.loss() == Loss.BINARY_CROSS_ENTROPY;
    for (LayerModel layer : model.layers()) {
      // BCE's loss and GELU's derivative read Z after A has been computed
      boolean separateLogits = bceOutput && layer == model.output()
          || layer.activation() == Activation.GELU;
      layers.add(new Layer(
          names.newName(upperSnake(layer.name())),
          names.newName(layer.name() + "Out"),
          separateLogits ? Optional.of(names.newName(layer.name() + "Logits")) : Optional.empty(),
          names.newName(layer.name() + "Delta")));
    }
    for (LayerModel layer : model.layers()) {
      dropouts.add(layer.hasDropout() ? Optional.of(new Dropout(
          names.newName(layer.name() + "Dropout"), names.newName(layer.name() + "Kept")))
          : Optional.empty());
    }
  }

  /** Layer k's dropout names, if it drops outputs. */
  Optional<Dropout> dropout(int k) {
    return dropouts.get(k);
  }

  Layer layer(int k) {
    return layers.get(k);
  }

  private static String upperSnake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
