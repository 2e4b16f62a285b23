package dev.nabla.io;

import dev.nabla.Dense;
import dev.nabla.NablaInference;
import dev.nabla.NablaModel;
import dev.nabla.Precision;
import dev.nabla.SequenceModel;
import dev.nabla.internal.DenseLayer;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.InferenceCore;
import dev.nabla.internal.kernel.FrozenWeights;
import dev.nabla.internal.kernel.Int8Weights;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Saves and loads the weights of a generated model as a safetensors file that PyTorch reads.
 *
 * <p><b>Layout.</b> Each layer {@code f} (its field name) is stored as PyTorch's
 * {@code nn.Linear} stores it: {@code f.weight}, F32 [units, in], and {@code f.bias}, F32
 * [units], holding the <em>effective</em> weights W the forward pass uses. So
 * {@code load_state_dict} of an {@code nn.Module} with submodules named like the fields (or a
 * {@code safetensors.torch.load_file} of the file) gives the same network. A
 * {@link SequenceModel}'s file holds PyTorch's state_dict of {@code nn.Embedding} ({@code
 * embed.weight} [vocabulary, dimension]), {@code nn.RNN} or {@code nn.LSTM} ({@code
 * cell.weight_ih_l0} [units, in], {@code cell.weight_hh_l0}, {@code cell.bias_ih_l0} and
 * {@code cell.bias_hh_l0}: PyTorch's second bias, written as zeros, added into Nabla's one bias
 * when read) and {@code nn.Linear}, under the fields' names; its description records the
 * recurrent module ({@code nabla.sequence}) and not the steps, which the weights do not depend on.
 *
 * <p><b>Metadata.</b> {@code __metadata__} holds {@code format: pt}, {@code nabla.format} (the
 * format version, 1), {@code nabla.model} (the model class) and the architecture:
 * {@code nabla.inputs}, {@code nabla.layers} (names in order), per layer
 * {@code nabla.layer.f.in}, {@code .units}, {@code .activation}, {@code .bias},
 * {@code .constraint}, {@code .quantizer} (and {@code .slope} of a LEAKY_RELU), and
 * {@code nabla.loss} (not a Huber loss's δ, which only training uses). Loading compares them with the
 * model's attribute by attribute and names the first that differs, e.g. {@code layer 'hidden':
 * file has 784 -> 128 relu, model has 784 -> 256 relu (they differ in units)}; the model class may
 * differ. A file without the description (e.g. one PyTorch wrote) is checked by its tensors'
 * names and shapes only.
 *
 * <p><b>Training state</b>, written only by {@link #save(NablaModel, Path, Optimizer)}: the free
 * parameters W′ of each constrained or quantized part as {@code nabla.free.f.weight} /
 * {@code nabla.free.f.bias} (same shapes), and the optimizer's buffers, one value per parameter,
 * each under its own prefix: for {@link Adam} the moments as {@code nabla.adam.m.f.weight},
 * {@code nabla.adam.v.f.weight}, … with {@code nabla.optimizer}, {@code nabla.adam.steps},
 * {@code nabla.adam.beta1} and {@code nabla.adam.beta2} in the metadata; for SGD with momentum
 * the velocity as {@code nabla.sgd.momentum_buffer.f.weight}, …; for RMSprop
 * {@code nabla.rmsprop.square_avg.} and {@code nabla.rmsprop.momentum_buffer.} tensors, their
 * settings ({@code nabla.sgd.momentum}, {@code nabla.sgd.nesterov}, {@code nabla.rmsprop.alpha},
 * {@code nabla.rmsprop.momentum}) and the buffers present ({@code nabla.optimizer.buffers}) in
 * the metadata. PyTorch's {@code load_state_dict} wants a file
 * without them (or {@code strict=False}).
 *
 * <p><b>Constrained and quantized layers.</b> Loading effective weights W sets W′ so that the
 * model's map gives W back, map(W′) = W (within 2 ulps; bit for bit for a file Nabla wrote):
 * a quantized value must lie on the step grid and loads as its count of steps; a constrained
 * value loads as the W′ whose map is nearest it. <b>At a bound</b> of the constraint's range,
 * where the map saturates in float (tanh(W′) = 1f for W′ above about 9.01), the value loads as the
 * W′ nearest 0 that reaches it; a value beyond the range is refused, naming it. With training
 * state in the file its W′ are loaded as they are, after checking that they map to the stored W.
 *
 * <p><b>Safety.</b> Loading reads and checks the whole file first (see {@link SafeTensors}; then
 * architecture, names, shapes and every inverse map) and changes the model, and the optimizer,
 * only when everything is right: any error throws an {@link IllegalArgumentException} naming it
 * and leaves both unchanged. Saving writes a temporary file in the target's directory and moves
 * it over the target atomically. Like every call on a model, saving and loading must not overlap
 * another call on the same model.
 */
public final class Weights {
  /** The precision an inference object stored its weights in; absent for a trainable model. */
  static final String PRECISION = "nabla.precision";
  /** Suffix of an int8 layer's per-unit scales, [units], beside its I8 {@code .weight}. */
  static final String SCALE = ".weight_scale";

  private Weights() {}

  /** Saves the effective weights of {@code model} and its architecture to {@code file}. */
  public static void save(NablaModel model, Path file) throws IOException {
    write(model, file, null);
  }

  /**
   * Saves as {@link #save(NablaModel, Path)} does plus the training state: the free parameters
   * of constrained or quantized layers and {@code optimizer}'s state ({@link Adam}'s moments and
   * step count, SGD's momentum velocity, RMSprop's square averages and momentum buffer), so that
   * training can resume exactly.
   */
  public static void save(NablaModel model, Path file, Optimizer optimizer) throws IOException {
    write(model, file, Objects.requireNonNull(optimizer, "optimizer"));
  }

  /**
   * Loads the weights in {@code file} into {@code model}: W′ from the file's free parameters
   * where it has them, else from the effective weights through the inverse maps. Optimizer state
   * in the file is checked and left unused.
   */
  public static void load(NablaModel model, Path file) throws IOException {
    read(model, file, null);
  }

  /**
   * Loads as {@link #load(NablaModel, Path)} does and restores {@code optimizer} from the
   * training state in the file, which must be that of an optimizer of the same kind with the
   * same settings its state depends on (Adam's β1 and β2, SGD's momentum and Nesterov flag,
   * RMSprop's α and momentum; the learning rate may differ).
   */
  public static void load(NablaModel model, Path file, Optimizer optimizer) throws IOException {
    read(model, file, Objects.requireNonNull(optimizer, "optimizer"));
  }

  /**
   * Saves the weights of a generated inference object as it stores them: float32 as F32, float16
   * as F16, int8 as I8 with the per-unit scales as F32 {@code <layer>.weight_scale} [units]; each
   * W [units, in] and b as F32. {@code <Name>Inference.of(Weights.read(file).layerWeights(),
   * precision)} rebuilds an object that predicts bit for bit as this one.
   *
   * @throws IllegalArgumentException if {@code inference} is not a generated inference object
   */
  public static void save(NablaInference inference, Path file) throws IOException {
    Objects.requireNonNull(inference, "inference");
    if (!(inference instanceof InferenceCore core)) {
      throw new IllegalArgumentException("not a generated inference object: " + inference);
    }
    List<DenseShape> layers = core.shapes();
    Map<String, String> metadata = Architecture.describe(inference.getClass().getName(),
        inference.inputs(), core.loss(), layers);
    metadata.put(PRECISION, inference.precision().name());
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (DenseShape layer : layers) {
      FrozenWeights stored = core.frozenWeights(layer.index());
      int[] shape = {layer.units(), layer.in()};
      String weight = layer.name() + ".weight";
      switch (inference.precision()) {
        case FLOAT32 -> tensors.put(weight,
            Tensor.ofFloats(LayerPart.toFileOrder(stored.weights(), 0, layer.in(),
                layer.units()), shape));
        // The stored halves widen exactly, so F16 rounding gives them back.
        case FLOAT16 -> tensors.put(weight,
            Tensor.ofFloat16(LayerPart.toFileOrder(stored.weights(), 0, layer.in(),
                layer.units()), shape));
        case INT8 -> {
          Int8Weights int8 = (Int8Weights) stored;
          tensors.put(weight, Tensor.ofInt8(toFileOrder(int8.quantized(), layer.in(),
              layer.units()), shape));
          tensors.put(layer.name() + SCALE, Tensor.ofFloats(int8.scales(), layer.units()));
        }
      }
      float[] bias = stored.bias();
      if (bias != null) {
        tensors.put(layer.name() + ".bias", Tensor.ofFloats(bias, layer.units()));
      }
    }
    SafeTensors.write(file, tensors, metadata);
  }

  /** Int8 W (in × units, row-major) in the file's [units, in] order. */
  private static byte[] toFileOrder(byte[] q, int in, int units) {
    byte[] values = new byte[q.length];
    for (int i = 0; i < in; i++) {
      for (int u = 0; u < units; u++) {
        values[u * in + i] = q[i * units + u];
      }
    }
    return values;
  }

  /** Reads and checks {@code file} for its effective weights alone, layer by layer. */
  public static WeightsFile read(Path file) throws IOException {
    SafeTensors tensors = SafeTensors.read(file);
    try {
      return WeightsFile.of(tensors);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ saving

  private static void write(NablaModel model, Path file, Optimizer optimizer)
      throws IOException {
    List<DenseShape> layers = shapesOf(model);
    List<LayerPart> parts = partsOf(model, layers);
    Map<String, String> metadata = Architecture.describe(model, layers);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    float[] parameters = model.parameters();
    // The effective weights in the parameters' layout, from the public views of the layers.
    float[] effective = new float[model.parameterCount()];
    for (DenseShape layer : layers) {
      Dense view = model.layers().get(layer.index());
      float[][] w = view.weights();
      for (int i = 0; i < layer.in(); i++) {
        System.arraycopy(w[i], 0, effective, layer.weightOffset() + i * layer.units(),
            layer.units());
      }
      float[] b = view.biases();
      System.arraycopy(b, 0, effective, layer.biasOffset(), b.length);
    }
    for (LayerPart part : parts) {
      tensors.put(part.tensorName(), Tensor.ofFloats(part.toFile(effective), part.fileShape()));
    }
    if (optimizer != null) {
      metadata.put(OptimizerState.OPTIMIZER, OptimizerState.kind(optimizer));
      for (LayerPart part : parts) {
        if (part.mapped()) {
          tensors.put(LayerPart.FREE + part.tensorName(),
              Tensor.ofFloats(part.toFile(parameters), part.fileShape()));
        }
      }
      writeOptimizer(optimizer, model, parts, metadata, tensors);
    }
    SafeTensors.write(file, tensors, metadata);
  }

  /** The optimizer's settings, Adam's step count and each buffer it holds, per layer part. */
  private static void writeOptimizer(Optimizer optimizer, NablaModel model,
      List<LayerPart> parts, Map<String, String> metadata, Map<String, Tensor> tensors) {
    metadata.putAll(OptimizerState.settings(optimizer));
    if (optimizer instanceof Adam adam) {
      metadata.put(OptimizerState.ADAM_STEPS, Integer.toString(adam.steps()));
    }
    List<String> saved = new ArrayList<>();
    for (Map.Entry<String, float[]> buffer : OptimizerState.buffers(optimizer).entrySet()) {
      float[] values = buffer.getValue();
      if (values.length == 0) {
        continue;
      }
      if (values.length != model.parameterCount()) {
        throw new IllegalArgumentException("this " + OptimizerState.kind(optimizer)
            + " instance holds state for " + values.length + " parameters, the model has "
            + model.parameterCount());
      }
      saved.add(buffer.getKey());
      for (LayerPart part : parts) {
        if (part.parameter()) {
          tensors.put(buffer.getKey() + part.tensorName(),
              Tensor.ofFloats(part.toFile(values), part.fileShape()));
        }
      }
    }
    if (!(optimizer instanceof Adam)) {
      metadata.put(OptimizerState.BUFFERS, String.join(",", saved));
    }
  }

  // ------------------------------------------------------------------ loading

  private static void read(NablaModel model, Path file, Optimizer optimizer) throws IOException {
    List<DenseShape> layers = shapesOf(model);
    List<LayerPart> parts = partsOf(model, layers);
    SafeTensors stored = SafeTensors.read(file);
    Runnable restore;
    float[] parameters;
    try {
      Map<String, Tensor> tensors = stored.tensors();
      Map<String, String> metadata = stored.metadata();
      if (!(model instanceof SequenceModel)
          && WeightsFile.of(stored).precision() == Precision.INT8) {
        throw new IllegalArgumentException("the file holds an int8 inference object's weights;"
            + " build an inference object from it (<Name>Inference.of(Weights.read(file)"
            + ".layerWeights(), Precision.INT8)), not a trainable model");
      }
      if (Architecture.described(metadata)) {
        Architecture.check(metadata, Architecture.describe(model, layers));
      }
      String savedOptimizer = metadata.get(OptimizerState.OPTIMIZER);
      int adamSteps = "Adam".equals(savedOptimizer) ? adamSteps(metadata) : 0;
      List<String> buffers = savedOptimizer == null ? List.of()
          : OptimizerState.savedBuffers(savedOptimizer, adamSteps, metadata);
      Set<String> expected = new HashSet<>();
      for (LayerPart part : parts) {
        expected.add(part.tensorName());
        if (savedOptimizer != null && part.mapped()) {
          expected.add(LayerPart.FREE + part.tensorName());
        }
        for (String buffer : part.parameter() ? buffers : List.<String>of()) {
          expected.add(buffer + part.tensorName());
        }
      }
      checkNames(tensors, expected, parts);
      parameters = model.parameters().clone();
      for (LayerPart part : parts) {
        loadPart(part, tensors, parameters);
      }
      restore = optimizerRestore(optimizer, savedOptimizer, adamSteps, buffers, metadata,
          tensors, parts, model.parameterCount());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    System.arraycopy(parameters, 0, model.parameters(), 0, parameters.length);
    model.parametersChanged();
    restore.run();
  }

  /** Every expected tensor present with the right shape and no other. */
  private static void checkNames(Map<String, Tensor> tensors, Set<String> expected,
      List<LayerPart> parts) {
    List<String> prefixes = new ArrayList<>(List.of("", LayerPart.FREE));
    prefixes.addAll(OptimizerState.PREFIXES);
    for (LayerPart part : parts) {
      for (String prefix : prefixes) {
        String name = prefix + part.tensorName();
        Tensor tensor = tensors.get(name);
        if (tensor == null && expected.contains(name)) {
          throw new IllegalArgumentException("the file has no tensor '" + name + "'"
              + (prefix.isEmpty() ? " (layer '" + part.layer().name() + "' has " + part.role()
                  + ")" : ", part of its training state"));
        }
        if (tensor != null && !Arrays.equals(tensor.shape(), part.fileShape())) {
          throw new IllegalArgumentException("tensor '" + name + "': file has shape "
              + Arrays.toString(tensor.shape()) + ", model has "
              + Arrays.toString(part.fileShape()));
        }
      }
    }
    for (String name : tensors.keySet()) {
      if (!expected.contains(name)) {
        throw new IllegalArgumentException("the file has tensor '" + name
            + "', which the model has no place for");
      }
    }
  }

  /** W′ of {@code part} into {@code parameters}: the saved free values, or inverted W. */
  private static void loadPart(LayerPart part, Map<String, Tensor> tensors, float[] parameters) {
    Tensor stored = tensors.get(part.tensorName());
    float[] effective = stored.toFloats();
    if (!part.mapped()) {
      part.fromFile(effective, parameters);
      return;
    }
    DenseShape layer = part.layer();
    WeightInverse inverse = new WeightInverse(part.constraint(), layer.quantizer());
    Tensor saved = tensors.get(LayerPart.FREE + part.tensorName());
    float[] free;
    if (saved == null) {
      free = inverse.invert(stored, part.tensorName(), effective);
    } else {
      free = saved.toFloats();
      for (int k = 0; k < free.length; k++) {
        if (!inverse.close(inverse.forward(free[k]), effective[k])) {
          throw new IllegalArgumentException("tensor '" + LayerPart.FREE + part.tensorName()
              + "' at " + Arrays.toString(saved.indexOf(k)) + " holds " + free[k] + ", which maps"
              + " to " + inverse.forward(free[k]) + ", but '" + part.tensorName() + "' holds "
              + effective[k]);
        }
      }
    }
    part.fromFile(free, parameters);
  }

  /** What restores {@code optimizer} once all is checked; checks everything now. */
  private static Runnable optimizerRestore(Optimizer optimizer, String savedOptimizer,
      int steps, List<String> saved, Map<String, String> metadata, Map<String, Tensor> tensors,
      List<LayerPart> parts, int parameterCount) {
    if (optimizer == null) {
      return () -> { };
    }
    if (savedOptimizer == null) {
      throw new IllegalArgumentException("the file holds no training state; load(model, file)"
          + " loads its weights alone");
    }
    String kind = OptimizerState.kind(optimizer);
    if (!kind.equals(savedOptimizer)) {
      throw new IllegalArgumentException("the file holds the state of " + savedOptimizer
          + ", the optimizer is " + kind);
    }
    OptimizerState.checkSettings(optimizer, metadata);
    Map<String, float[]> buffers = new LinkedHashMap<>();
    for (String prefix : OptimizerState.buffers(optimizer).keySet()) {
      float[] values = new float[saved.contains(prefix) ? parameterCount : 0];
      for (LayerPart part : values.length > 0 ? parts : List.<LayerPart>of()) {
        if (part.parameter()) {
          part.fromFile(stateValues(prefix, part, tensors), values);
        }
      }
      buffers.put(prefix, values);
    }
    return () -> OptimizerState.restore(optimizer, steps, buffers);
  }

  /** One part's values of the buffer {@code prefix}, refused if it must be >= 0 and is not. */
  private static float[] stateValues(String prefix, LayerPart part, Map<String, Tensor> tensors) {
    Tensor tensor = tensors.get(prefix + part.tensorName());
    float[] values = tensor.toFloats();
    for (int k = 0; OptimizerState.nonNegative(prefix) && k < values.length; k++) {
      if (values[k] < 0) {
        throw new IllegalArgumentException("tensor '" + prefix + part.tensorName() + "' holds "
            + values[k] + " at " + Arrays.toString(tensor.indexOf(k)) + "; "
            + (prefix.equals(OptimizerState.ADAM_SECOND) ? "a second moment"
                : "a square average") + " is >= 0");
      }
    }
    return values;
  }

  private static int adamSteps(Map<String, String> metadata) {
    String steps = metadata.get(OptimizerState.ADAM_STEPS);
    try {
      int count = Integer.parseInt(steps == null ? "" : steps);
      if (count >= 0) {
        return count;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException(OptimizerState.ADAM_STEPS + " must be a step count >= 0, got " + steps);
  }

  // ------------------------------------------------------------------ model structure

  /** The layers of a generated model as it declared them. */
  private static List<DenseShape> shapesOf(NablaModel model) {
    List<DenseShape> shapes = new ArrayList<>();
    for (Dense layer : model.layers()) {
      if (!(layer instanceof DenseLayer generated)) {
        throw new IllegalArgumentException("layer '" + layer.name() + "' of "
            + model.getClass().getName() + " is not a generated layer; Weights saves and loads"
            + " models the Nabla processor generated");
      }
      shapes.add(generated.shape());
    }
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException(model.getClass().getName() + " has no layers");
    }
    return shapes;
  }

  /**
   * The file's tensors for {@code layers}, in order: {@code nn.Linear}'s for a {@code @Model}
   * network; for a sequence model the state_dict names of {@code nn.Embedding}, {@code nn.RNN}
   * or {@code nn.LSTM} (one layer, {@code batch_first} or not alike) and {@code nn.Linear}.
   */
  private static List<LayerPart> partsOf(NablaModel model, List<DenseShape> layers) {
    if (!(model instanceof SequenceModel)) {
      return layers.stream().flatMap(layer -> LayerPart.linear(layer).stream()).toList();
    }
    DenseShape embedding = layers.get(0);
    List<LayerPart> parts = new ArrayList<>();
    parts.add(new LayerPart(embedding, LayerPart.Kind.TABLE, embedding.name() + ".weight"));
    if (layers.size() == 4) {
      DenseShape input = layers.get(1);
      DenseShape hidden = layers.get(2);
      String cell = input.name().substring(0, input.name().lastIndexOf('.')) + ".";
      parts.add(new LayerPart(input, LayerPart.Kind.WEIGHT, cell + "weight_ih_l0"));
      parts.add(new LayerPart(hidden, LayerPart.Kind.WEIGHT, cell + "weight_hh_l0"));
      parts.add(new LayerPart(input, LayerPart.Kind.BIAS, cell + "bias_ih_l0"));
      parts.add(new LayerPart(input, LayerPart.Kind.ADDED_BIAS, cell + "bias_hh_l0"));
    }
    parts.addAll(LayerPart.linear(layers.get(layers.size() - 1)));
    return parts;
  }
}
