package dev.nabla.processor.model;

import dev.nabla.Loss;
import java.util.List;
import java.util.Objects;

/**
 * A validated network declaration: everything code generation needs, nothing it must check.
 *
 * @param packageName package of the declaring class and the generated class
 * @param declaringClass the user's class name relative to its package, e.g. {@code Outer.Net}
 * @param generatedName simple name of the generated class, e.g. {@code Outer_NetModel}
 * @param reservedNames names of the members in scope in the generated class (fields, methods and
 *     member types of the declaring class, declared or inherited): generated names must not
 *     shadow them, nor may they shadow the generated code's references to runtime types
 * @param featureMajorLimit the largest layer (in weights) of a network evaluated feature-major
 * @param suppressedWarnings lint categories the generated class suppresses, because the user's
 *     declaration causes them there and the generated code cannot avoid them (e.g. {@code
 *     deprecation} when the model class is deprecated)
 */
public record NetworkModel(String packageName, String declaringClass, String generatedName,
    int inputs, Loss loss, List<LayerModel> layers, List<String> reservedNames,
    int featureMajorLimit, List<String> suppressedWarnings, double huberDelta) {
  /**
   * The longest array every JVM allocates: HotSpot refuses lengths within a few words of
   * {@code Integer.MAX_VALUE} ("Requested array size exceeds VM limit"), so the JDK's own
   * growable collections stop at {@code Integer.MAX_VALUE - 8}, and so does Nabla.
   */
  public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  /**
   * The most layers a model may have. The largest generated method is the backward pass, and it
   * grows by at most 123 bytes of bytecode per layer: measured with javap on 1 and 101 layers of
   * the costliest kind (200 × 200, RANGE-constrained W and quantized b, so two weight segments,
   * every constant a 3-byte push; the feature-major equivalent grows by 122). 400 such layers take
   * about 49.3 KB of the JVM's 65 535-byte limit per method, which leaves a quarter for changes
   * to the generator; {@code LargeModelTest} compiles 400 of them and sees 401 refused.
   */
  public static final int MAX_LAYERS = 400;

  public NetworkModel {
    Objects.requireNonNull(packageName);
    Objects.requireNonNull(declaringClass);
    Objects.requireNonNull(generatedName);
    Objects.requireNonNull(loss);
    layers = List.copyOf(layers);
    reservedNames = List.copyOf(reservedNames);
    suppressedWarnings = List.copyOf(suppressedWarnings);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs a layer");
    }
  }

  /** Simple name of the generated inference class, e.g. {@code Outer_NetInference}. */
  public String inferenceName() {
    return declaringClass.replace('.', '_') + "Inference";
  }

  public LayerModel output() {
    return layers.get(layers.size() - 1);
  }

  public int outputs() {
    return output().units();
  }

  /** The most floats one row of a batch takes in any buffer: the widest layer, or the inputs. */
  public int widestRow() {
    int widest = featureMajor() ? inputs : 1;
    for (LayerModel layer : layers) {
      widest = Math.max(widest, layer.units());
    }
    return widest;
  }

  /** The largest batch whose every buffer fits a Java array. */
  public int maxBatchLimit() {
    return MAX_ARRAY_LENGTH / widestRow();
  }

  public int parameterCount() {
    LayerModel last = output();
    return last.weightOffset() + last.parameterCount();
  }

  /**
   * Whether every layer is small enough for the feature-major layout, where each feature of a
   * batch is one contiguous row of samples and the kernels put samples in the vector lanes.
   */
  public boolean featureMajor() {
    return layers.stream().allMatch(layer -> layer.weightCount() <= featureMajorLimit);
  }

  /** Whether any layer's effective weights differ from its free parameters. */
  public boolean hasEffectiveWeights() {
    return layers.stream().anyMatch(layer -> !layer.segments().isEmpty());
  }
}
