package dev.nabla.bench;

import dev.nabla.Dense;
import dev.nabla.internal.kernel.Float16Weights;
import dev.nabla.internal.kernel.FrozenWeights;
import dev.nabla.internal.kernel.Int8Weights;
import dev.nabla.internal.kernel.KernelOps;
import dev.nabla.internal.kernel.PackedWeights;
import dev.nabla.samples.fashion.FashionMlpModel;
import java.util.List;

/**
 * The Fashion MLP's inference (784 → 256 ReLU → 10, softmax or class) on one weight storage:
 * the trainable model itself (float32, the reference the targets name), the same pipeline on the
 * float GEMM with packed W ({@code float32Gemm}), or int8 / float16 {@link FrozenWeights}.
 */
final class FashionForward {
  static final int PIXELS = 784;
  static final int HIDDEN = 256;
  static final int CLASSES = 10;

  /** The variants, in the order the benchmarks report them. */
  static final List<String> VARIANTS = List.of("float32Model", "float32Gemm", "int8", "float16");

  private final String variant;
  private final FashionMlpModel model;
  private final Layer first;
  private final Layer second;
  private final float[] hidden;
  private final float[] logits;
  private final float[] probabilities;

  /** One layer's product Z = X·W + b in the chosen storage. */
  private interface Layer {
    void multiply(float[] x, int rows, float[] z);
  }

  FashionForward(String variant, FashionMlpModel model, int batch) {
    this.variant = variant;
    this.model = model;
    List<Dense> layers = model.layers();
    this.first = layer(variant, layers.get(0));
    this.second = layer(variant, layers.get(1));
    hidden = new float[batch * HIDDEN];
    logits = new float[batch * CLASSES];
    probabilities = new float[batch * CLASSES];
  }

  String variant() {
    return variant;
  }

  private static Layer layer(String variant, Dense dense) {
    if (variant.equals("float32Model")) {
      return null;
    }
    int in = dense.in();
    int units = dense.units();
    float[] w = new float[in * units];
    float[][] rows = dense.weights();
    for (int i = 0; i < in; i++) {
      System.arraycopy(rows[i], 0, w, i * units, units);
    }
    float[] b = dense.biases();
    switch (variant) {
      case "float32Gemm": {
        PackedWeights packed = KernelOps.packedWeights(in, units);
        return (x, n, z) -> KernelOps.matmul(x, 0, w, 0, packed, b, 0, z, 0, n, in, units);
      }
      case "int8": {
        FrozenWeights f = Int8Weights.quantize(w, 0, b, 0, in, units);
        return (x, n, z) -> f.multiply(x, 0, n, z, 0);
      }
      case "float16": {
        FrozenWeights f = Float16Weights.round(w, 0, b, 0, in, units);
        return (x, n, z) -> f.multiply(x, 0, n, z, 0);
      }
      default:
        throw new IllegalArgumentException("unknown variant " + variant + "; one of " + VARIANTS);
    }
  }

  /** Softmax probabilities of {@code rows} images. */
  float[] predict(float[] images, int rows) {
    if (first == null) {
      return model.predict(images, rows);
    }
    logits(images, rows);
    KernelOps.softmax(logits, probabilities, rows, CLASSES);
    return probabilities;
  }

  /** The class of one image (784 pixels). */
  int predictClass(float[] image) {
    if (first == null) {
      return model.predictClass(image);
    }
    logits(image, 1);
    int best = 0;
    for (int j = 1; j < CLASSES; j++) {
      best = logits[j] > logits[best] ? j : best;
    }
    return best;
  }

  private void logits(float[] images, int rows) {
    first.multiply(images, rows, hidden);
    KernelOps.relu(hidden, hidden, rows * HIDDEN);
    second.multiply(hidden, rows, logits);
  }
}
