package dev.nabla.spark;

import dev.nabla.LayerWeights;
import dev.nabla.NablaInference;
import dev.nabla.Precision;
import dev.nabla.io.Weights;
import dev.nabla.io.WeightsFile;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Spark job ships of an inference object: its generated class, precision and stored
 * weights, from which each JVM rebuilds the object once ({@link #inference()}) and shares it
 * between its task threads (an inference object is thread-safe).
 */
final class InferenceWeights implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String inferenceClass;
  private final Precision precision;
  private final Layer[] layers;
  private transient volatile NablaInference inference;

  /** One layer as {@link LayerWeights} holds it; records of the runtime are not Serializable. */
  private record Layer(String name, int in, int units, float[] weights, float[] bias)
      implements Serializable {}

  private InferenceWeights(NablaInference inference, List<LayerWeights> layers) {
    this.inferenceClass = inference.getClass().getName();
    this.precision = inference.precision();
    this.layers = layers.stream()
        .map(l -> new Layer(l.name(), l.in(), l.units(), l.weights(), l.bias()))
        .toArray(Layer[]::new);
    this.inference = inference;
  }

  /** The stored weights of {@code inference}, read back from the weights file it saves. */
  static InferenceWeights of(NablaInference inference) {
    Path file = null;
    try {
      file = Files.createTempFile("nabla-spark", ".safetensors");
      Weights.save(inference, file);
      return new InferenceWeights(inference, Weights.read(file).layerWeights());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(file);
    }
  }

  /**
   * An inference object of {@code inferenceClass} (a generated {@code <Name>Inference}) from a
   * weights file, in the file's precision: that of the inference object that saved it, float32
   * for a trainable model's file.
   */
  static InferenceWeights read(Path file, Class<? extends NablaInference> inferenceClass)
      throws IOException {
    WeightsFile weights = Weights.read(file);
    return new InferenceWeights(build(inferenceClass, weights.layerWeights(), weights.precision()),
        weights.layerWeights());
  }

  /** A weights file that {@link Weights#save(NablaInference, Path)} wrote, naming its class. */
  static InferenceWeights read(Path file) throws IOException {
    WeightsFile weights = Weights.read(file);
    String name = weights.metadata().get("nabla.model");
    if (name == null) {
      throw new IllegalArgumentException(file + " does not name the inference class that saved it");
    }
    Class<?> type;
    try {
      type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(file + " was saved by " + name
          + ", which is not on the class path", e);
    }
    if (!NablaInference.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(file + " was saved by " + name
          + ", which is not a generated inference class");
    }
    return read(file, type.asSubclass(NablaInference.class));
  }

  /** Saves the weights as {@link Weights#save(NablaInference, Path)} does. */
  void save(Path file) throws IOException {
    Weights.save(inference(), file);
  }

  /** The inference object, rebuilt at the first call in this JVM. */
  NablaInference inference() {
    NablaInference built = inference;
    if (built == null) {
      synchronized (this) {
        built = inference;
        if (built == null) {
          built = build(loadClass(), layerWeights(), precision);
          inference = built;
        }
      }
    }
    return built;
  }

  private Class<? extends NablaInference> loadClass() {
    try {
      return Class.forName(inferenceClass, true, Thread.currentThread().getContextClassLoader())
          .asSubclass(NablaInference.class);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(inferenceClass + " is not on this JVM's class path;"
          + " ship the generated model classes with the job (--jars)", e);
    }
  }

  private List<LayerWeights> layerWeights() {
    List<LayerWeights> list = new ArrayList<>();
    for (Layer l : layers) {
      list.add(new LayerWeights(l.name(), l.in(), l.units(), l.weights(), l.bias()));
    }
    return list;
  }

  /** Calls the generated {@code static of(List<LayerWeights>, Precision)} of {@code type}. */
  private static NablaInference build(Class<? extends NablaInference> type,
      List<LayerWeights> weights, Precision precision) {
    Method of;
    try {
      of = type.getMethod("of", List.class, Precision.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName()
          + " is not a generated inference class: it has no of(List<LayerWeights>, Precision)", e);
    }
    if (!Modifier.isStatic(of.getModifiers()) || !type.isAssignableFrom(of.getReturnType())) {
      throw new IllegalArgumentException(type.getName() + ".of(List, Precision) is not its"
          + " static factory; not a generated inference class");
    }
    try {
      return (NablaInference) of.invoke(null, weights, precision);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(type.getName() + ".of is not accessible", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A temporary file left behind is harmless.
      }
    }
  }
}
