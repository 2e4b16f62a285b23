package dev.nabla.internal.kernel;

import java.util.Objects;

/**
 * W in IEEE 754 binary16, rounded to nearest even (see {@link dev.nabla.Precision#FLOAT16}):
 * each weight's relative error is at most 2^-11 (for magnitudes from 2^-14, the smallest normal
 * half; below it the error is at most 2^-25 absolute). The bias stays float32.
 */
public final class Float16Weights extends ReducedWeights {
  /** h[i·stride + j] as half bits, zero-padded. */
  final short[] h;

  private Float16Weights(KernelSupport kernels, int in, int units, short[] h, float[] bias,
      int biasOff) {
    super(kernels, in, units, null, bias, biasOff);
    this.h = h;
  }

  /**
   * Rounds W (in × units, row-major at wOff) to halves and keeps b (units at biasOff, or null).
   * Throws IllegalArgumentException naming the first weight that is not finite or whose
   * magnitude rounds beyond the largest half (65504), or the first non-finite bias.
   */
  public static Float16Weights round(float[] w, int wOff, float[] bias, int biasOff, int in,
      int units) {
    return round(KernelOps.impl(), w, wOff, bias, biasOff, in, units);
  }

  static Float16Weights round(KernelSupport kernels, float[] w, int wOff, float[] bias,
      int biasOff, int in, int units) {
    checkShape(in, units);
    checkFinite(w, wOff, bias, biasOff, in, units);
    int stride = kernels.reducedStride(units);
    short[] h = new short[in * stride];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        float v = w[wOff + i * units + j];
        short half = HalfFloats.toHalf(v);
        if (!finite(half)) {
          throw new IllegalArgumentException("W[" + i + "][" + j + "] = " + v
              + " is beyond the float16 range (largest " + HalfFloats.MAX + ")");
        }
        h[i * stride + j] = half;
      }
    }
    return new Float16Weights(kernels, in, units, h, bias, biasOff);
  }

  /**
   * Rebuilds the weights from their raw form (as {@link #halves()} and {@link #bias()} return
   * it, e.g. read from a weights file): half bits in × units row-major, all finite, and a finite
   * bias or null. Throws IllegalArgumentException naming the first bad length or value.
   */
  public static Float16Weights of(short[] halves, float[] bias, int in, int units) {
    return of(KernelOps.impl(), halves, bias, in, units);
  }

  static Float16Weights of(KernelSupport kernels, short[] halves, float[] bias, int in,
      int units) {
    checkShape(in, units);
    Objects.requireNonNull(halves, "halves");
    checkLength(halves.length, (long) in * units, "halves");
    if (bias != null) {
      checkLength(bias.length, units, "bias");
    }
    checkBias(bias, 0, units);
    int stride = kernels.reducedStride(units);
    short[] h = new short[in * stride];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        short half = halves[i * units + j];
        if (!finite(half)) {
          throw new IllegalArgumentException("halves[" + i + "][" + j + "] = 0x"
              + Integer.toHexString(half & 0xFFFF) + " is not a finite float16");
        }
        h[i * stride + j] = half;
      }
    }
    return new Float16Weights(kernels, in, units, h, bias, 0);
  }

  /** W as in × units row-major half bits (a copy). */
  public short[] halves() {
    short[] out = new short[in * units];
    for (int i = 0; i < in; i++) {
      System.arraycopy(h, i * stride, out, i * units, units);
    }
    return out;
  }

  private static boolean finite(short half) {
    return (half & 0x7C00) != 0x7C00;
  }

  @Override
  long storedWeightBytes() {
    return 2L * h.length;
  }

  @Override
  float widened(int index) {
    return HalfFloats.toFloat(h[index]);
  }
}
