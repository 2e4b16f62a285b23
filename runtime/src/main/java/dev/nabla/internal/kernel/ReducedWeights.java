package dev.nabla.internal.kernel;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense layer's W (in × units) stored in fewer bits than float32 ({@link Int8Weights},
 * {@link Float16Weights}), with its bias in float32. Each stored weight widens to a float w̃;
 * int8 also has a scale per output unit, applied after the sum:
 * Z[r][j] = (Σ_i X[r][i]·w̃[i][j])·scale[j] + b[j] (scale 1 for float16). Rows of the stored W
 * are {@link #stride} apart, zero-padded beyond {@code units} so that the vector kernels read
 * whole vectors. Immutable; the kernels that multiply it keep their working memory per thread.
 */
abstract class ReducedWeights implements FrozenWeights {
  final KernelSupport kernels;
  final int in;
  final int units;
  /** Stored elements from one row of W to the next: units, or more for whole vectors. */
  final int stride;
  /** Per-unit scales padded with ones to {@link #stride}, or null (float16: scale 1). */
  final float[] scales;
  /** b padded with zeros to {@link #stride}; zeros when the layer has no bias. */
  final float[] bias;
  private final boolean hasBias;

  ReducedWeights(KernelSupport kernels, int in, int units, int stride, float[] scales,
      float[] bias, int biasOff) {
    this.kernels = kernels;
    this.in = in;
    this.units = units;
    this.stride = stride;
    this.scales = scales == null ? null : padded(scales, 0, units, stride, 1f);
    this.bias = bias == null ? new float[stride] : padded(bias, biasOff, units, stride, 0f);
    this.hasBias = bias != null;
  }

  @Override
  public final int in() {
    return in;
  }

  @Override
  public final int units() {
    return units;
  }

  @Override
  public final void multiply(float[] x, int xOff, int rows, float[] z, int zOff) {
    if (rows < 0) {
      throw new IllegalArgumentException("negative row count " + rows);
    }
    checkSlice(x, xOff, (long) rows * in, "X");
    checkSlice(z, zOff, (long) rows * units, "Z");
    kernels.reducedProduct(this, x, xOff, rows, z, zOff);
  }

  @Override
  public final float[] weights() {
    float[] w = new float[in * units];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        w[i * units + j] = weight(i, j);
      }
    }
    return w;
  }

  /** The bias as given (a copy), or null if the layer has none. */
  @Override
  public final float[] bias() {
    return hasBias ? Arrays.copyOf(bias, units) : null;
  }

  /** Bytes of the stored W, scales and bias (padding included). */
  @Override
  public final long bytes() {
    return storedWeightBytes() + 4L * bias.length + (scales == null ? 0 : 4L * scales.length);
  }

  abstract long storedWeightBytes();

  /** The widened stored weight at {@code index} = i·stride + j (before the scale). */
  abstract float widened(int index);

  /** The weight this storage stands for: w̃[i][j]·scale[j]. */
  final float weight(int i, int j) {
    float w = widened(i * stride + j);
    return scales == null ? w : w * scales[j];
  }

  /**
   * The scalar twin of the vector kernels, and the product of the scalar kernels: the sum over i
   * ascending, then the scale and the bias.
   */
  static void scalarProduct(ReducedWeights w, float[] x, int xOff, int rows, float[] z,
      int zOff) {
    int in = w.in;
    int units = w.units;
    for (int r = 0; r < rows; r++) {
      int zr = zOff + r * units;
      int xr = xOff + r * in;
      Arrays.fill(z, zr, zr + units, 0f);
      for (int p = 0; p < in; p++) {
        float xp = x[xr + p];
        int wp = p * w.stride;
        for (int j = 0; j < units; j++) {
          z[zr + j] += xp * w.widened(wp + j);
        }
      }
      for (int j = 0; j < units; j++) {
        float sum = w.scales == null ? z[zr + j] : z[zr + j] * w.scales[j];
        z[zr + j] = sum + w.bias[j];
      }
    }
  }

  static void checkShape(int in, int units) {
    if (in < 1 || units < 1) {
      throw new IllegalArgumentException("a layer needs in ≥ 1 and units ≥ 1, got " + in + "×"
          + units);
    }
    if ((long) in * units > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("W of " + in + "×" + units + " is too large");
    }
  }

  static void checkSlice(float[] array, int off, long length, String what) {
    Objects.requireNonNull(array, what);
    if (off < 0 || off + length > array.length) {
      throw new IndexOutOfBoundsException(what + ": " + length + " floats at offset " + off
          + " do not fit an array of length " + array.length);
    }
  }

  /** Checks that W (in × units at wOff) and b (units at biasOff, may be null) are finite. */
  static void checkFinite(float[] w, int wOff, float[] bias, int biasOff, int in, int units) {
    checkSlice(w, wOff, (long) in * units, "W");
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        float v = w[wOff + i * units + j];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("W[" + i + "][" + j + "] is " + v);
        }
      }
    }
    checkBias(bias, biasOff, units);
  }

  static void checkBias(float[] bias, int biasOff, int units) {
    if (bias != null) {
      checkSlice(bias, biasOff, units, "bias");
      for (int j = 0; j < units; j++) {
        if (!Float.isFinite(bias[biasOff + j])) {
          throw new IllegalArgumentException("bias[" + j + "] is " + bias[biasOff + j]);
        }
      }
    }
  }

  static void checkLength(int actual, long expected, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " has " + actual + " elements, expected "
          + expected);
    }
  }

  private static float[] padded(float[] values, int off, int length, int size, float fill) {
    float[] out = new float[size];
    System.arraycopy(values, off, out, 0, length);
    Arrays.fill(out, length, size, fill);
    return out;
  }
}
