package dev.nabla.internal.kernel;

import java.util.Arrays;
import java.util.Objects;

/**
 * W in int8 with a float32 scale per output unit (see {@link dev.nabla.Precision#INT8}):
 * W[i][j] ≈ scale[j]·q[i][j], q in [−127, 127], scale[j] = max_i |W[i][j]| / 127 (1 for a
 * column of zeros), so each weight is off by at most scale[j]/2. A layer whose weights are all
 * integer multiples of a known step within ±127 steps (a {@code @Quantized} layer) is stored
 * exactly: scale = step and scale·q == W bit for bit. The product applies the scale after the
 * sum (see {@link ReducedWeights}).
 */
public final class Int8Weights extends ReducedWeights {
  static final int MAX_Q = 127;
  /** Bytes after the last row: the vector kernels read 8 bytes at a time with 4 float lanes. */
  static final int SLACK = 8;

  /** q[i·stride + j], zero-padded; {@link #SLACK} more bytes at the end. */
  final byte[] q;
  private final boolean exact;

  private Int8Weights(KernelSupport kernels, int in, int units, byte[] q, float[] scales,
      float[] bias, int biasOff, boolean exact) {
    super(kernels, in, units, kernels.reducedStride(units), scales, bias, biasOff);
    this.q = q;
    this.exact = exact;
  }

  /** {@link #quantize(float[], int, float[], int, int, int, float)} without a known step. */
  public static Int8Weights quantize(float[] w, int wOff, float[] bias, int biasOff, int in,
      int units) {
    return quantize(KernelOps.impl(), w, wOff, bias, biasOff, in, units, 0f);
  }

  /**
   * Quantizes W (in × units, row-major at wOff) and keeps b (units at biasOff, or null).
   * {@code exactStep}: the layer's {@code @Quantized} step, or 0 for none; when every W[i][j] is
   * step·q with an integer q in [−127, 127] (as float32 computes it), that step is every unit's
   * scale and W is stored exactly ({@link #exact()}); otherwise the scales come from the column
   * maxima. Throws IllegalArgumentException naming the first non-finite weight or bias.
   */
  public static Int8Weights quantize(float[] w, int wOff, float[] bias, int biasOff, int in,
      int units, float exactStep) {
    return quantize(KernelOps.impl(), w, wOff, bias, biasOff, in, units, exactStep);
  }

  static Int8Weights quantize(KernelSupport kernels, float[] w, int wOff, float[] bias,
      int biasOff, int in, int units, float exactStep) {
    checkShape(in, units);
    checkFinite(w, wOff, bias, biasOff, in, units);
    if (!(exactStep >= 0f) || Float.isInfinite(exactStep)) {
      throw new IllegalArgumentException("exactStep must be finite and ≥ 0, got " + exactStep);
    }
    boolean exact = exactStep > 0f && multiplesOf(exactStep, w, wOff, in, units);
    float[] scales = new float[units];
    for (int j = 0; j < units; j++) {
      float max = 0f;
      for (int i = 0; i < in; i++) {
        max = Math.max(max, Math.abs(w[wOff + i * units + j]));
      }
      scales[j] = exact ? exactStep : max > 0f ? max / MAX_Q : 1f;
    }
    int stride = kernels.reducedStride(units);
    byte[] q = new byte[in * stride + SLACK];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        float steps = (float) Math.rint(w[wOff + i * units + j] / scales[j]);
        q[i * stride + j] = (byte) Math.max(-MAX_Q, Math.min(MAX_Q, steps));
      }
    }
    return new Int8Weights(kernels, in, units, q, scales, bias, biasOff, exact);
  }

  /** Whether every weight is step·q exactly, with an integer q in [−127, 127]. */
  private static boolean multiplesOf(float step, float[] w, int wOff, int in, int units) {
    for (int i = 0; i < in * units; i++) {
      float steps = (float) Math.rint(w[wOff + i] / step);
      if (Math.abs(steps) > MAX_Q || step * steps != w[wOff + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Rebuilds the weights from their raw form (as {@link #quantized()}, {@link #scales()} and
   * {@link #bias()} return it, e.g. read from a weights file): q in × units row-major with
   * values in [−127, 127], finite positive scales, finite bias or null. Throws
   * IllegalArgumentException naming the first bad length or value.
   */
  public static Int8Weights of(byte[] quantized, float[] scales, float[] bias, int in,
      int units) {
    return of(KernelOps.impl(), quantized, scales, bias, in, units);
  }

  static Int8Weights of(KernelSupport kernels, byte[] quantized, float[] scales, float[] bias,
      int in, int units) {
    checkShape(in, units);
    Objects.requireNonNull(quantized, "quantized");
    Objects.requireNonNull(scales, "scales");
    checkLength(quantized.length, (long) in * units, "quantized");
    checkLength(scales.length, units, "scales");
    if (bias != null) {
      checkLength(bias.length, units, "bias");
    }
    for (int j = 0; j < units; j++) {
      if (!(scales[j] > 0f) || Float.isInfinite(scales[j])) {
        throw new IllegalArgumentException("scales[" + j + "] is " + scales[j]
            + ", not finite and positive");
      }
    }
    checkBias(bias, 0, units);
    int stride = kernels.reducedStride(units);
    byte[] q = new byte[in * stride + SLACK];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        byte v = quantized[i * units + j];
        if (v < -MAX_Q) {
          throw new IllegalArgumentException("quantized[" + i + "][" + j + "] is " + v
              + ", outside [−127, 127]");
        }
        q[i * stride + j] = v;
      }
    }
    return new Int8Weights(kernels, in, units, q, scales.clone(), bias, 0, false);
  }

  /** q as in × units row-major bytes (a copy). */
  public byte[] quantized() {
    byte[] out = new byte[in * units];
    for (int i = 0; i < in; i++) {
      System.arraycopy(q, i * stride, out, i * units, units);
    }
    return out;
  }

  /** The scale of each output unit (a copy). */
  public float[] scales() {
    return Arrays.copyOf(scales, units);
  }

  /** Whether W was stored exactly with a {@code @Quantized} step as every scale. */
  public boolean exact() {
    return exact;
  }

  @Override
  long storedWeightBytes() {
    return q.length;
  }

  @Override
  float widened(int index) {
    return q[index];
  }
}
