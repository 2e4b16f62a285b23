package dev.nabla.internal.kernel;

import java.util.Objects;

/**
 * W in IEEE 754 binary16, rounded to nearest even (see {@link dev.nabla.Precision#FLOAT16}):
 * each weight's relative error is at most 2^-11 (for magnitudes from 2^-14, the smallest normal
 * half; below it the error is at most 2^-25 absolute). The bias stays float32.
 *
 * <p>Stored two halves to an int: in each run of 2·G columns (G = the kernels'
 * {@link KernelSupport#halfPairLanes}, the float lanes of the vector kernels), int t holds column
 * t in its low half and column G + t in its high half. A vector kernel then loads G ints and
 * widens both halves with shifts of int lanes, with no short-to-int conversion (JDK 17's C2 left
 * that conversion uncompiled in some runs, boxing every vector). Rows are padded with zero
 * columns to a multiple of 2·G.
 *
 * <p>A layer with subnormal halves (magnitudes below 2^-14, nonzero) stores them all times
 * 2^{@link #LIFT} (fewer if its largest half would then pass 65504), an exact scaling that makes
 * them normal, and undoes it with a per-unit scale of 2^-LIFT after the sum (see
 * {@link ReducedWeights}): a widened subnormal half is a subnormal float, which costs this
 * core's vector multiply a microcode assist (658 of the Fashion MLP's 200 704 first-layer
 * halves took its batch-1 product from 2.8 to 4.1 µs). Sums scaled by a power of two round as
 * the unscaled ones, so the products change only where a sum comes within 2^LIFT of the float
 * range's ends.
 */
public final class Float16Weights extends ReducedWeights {
  /** The largest power of two by which subnormal halves are scaled: it lifts all to normal. */
  static final int LIFT = 10;

  /** The paired halves, {@code stride / 2} ints per row, times 2^{@link #lift}. */
  final int[] pairs;
  private final int lanes;
  /** The exponent of the stored halves' scale, 0 … {@link #LIFT}. */
  private final int lift;

  /** From halves in × units row-major, all finite (their values as given, not yet lifted). */
  private Float16Weights(KernelSupport kernels, int in, int units, short[] halves, float[] bias,
      int biasOff) {
    this(kernels, in, units, halves, lift(halves), bias, biasOff);
  }

  private Float16Weights(KernelSupport kernels, int in, int units, short[] halves, int lift,
      float[] bias, int biasOff) {
    super(kernels, in, units, stride(kernels, units), lift == 0 ? null
        : filled(units, Math.scalb(1f, -lift)), bias, biasOff);
    this.lanes = kernels.halfPairLanes();
    this.lift = lift;
    this.pairs = new int[in * stride / 2];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        put(pairs, stride, lanes, i, j, scaled(halves[i * units + j], lift));
      }
    }
  }

  /**
   * The exponent to scale these halves by: 0 without nonzero subnormal halves, else
   * {@link #LIFT}, or less if the largest magnitude would pass 65504.
   */
  private static int lift(short[] halves) {
    int largest = 0;
    boolean subnormal = false;
    for (short half : halves) {
      int magnitude = half & 0x7FFF;
      largest = Math.max(largest, magnitude);
      subnormal |= magnitude != 0 && magnitude < 0x0400;
    }
    int lift = 0;
    // exponent field of the largest + lift stays ≤ 30 (65504's)
    while (subnormal && lift < LIFT && (largest >>> 10) + lift < 30) {
      lift++;
    }
    return lift;
  }

  /** half × 2^shift as a half (exact: a finite result, subnormal or not, needs no rounding). */
  private static short scaled(short half, int shift) {
    return shift == 0 ? half : HalfFloats.toHalf(Math.scalb(HalfFloats.toFloat(half), shift));
  }

  private static float[] filled(int length, float value) {
    float[] array = new float[length];
    java.util.Arrays.fill(array, value);
    return array;
  }

  private static int stride(KernelSupport kernels, int units) {
    int run = 2 * kernels.halfPairLanes();
    return (units + run - 1) / run * run;
  }

  /** Index into pairs of element j of row i, and (bit 31) whether it is the high half. */
  private static int slot(int stride, int lanes, int i, int j) {
    int run = j / (2 * lanes);
    int t = j - run * 2 * lanes;
    int index = i * (stride / 2) + run * lanes + t % lanes;
    return t < lanes ? index : index | Integer.MIN_VALUE;
  }

  private static void put(int[] pairs, int stride, int lanes, int i, int j, short half) {
    int slot = slot(stride, lanes, i, j);
    int bits = half & 0xFFFF;
    pairs[slot & Integer.MAX_VALUE] |= slot < 0 ? bits << 16 : bits;
  }

  private short half(int i, int j) {
    int slot = slot(stride, lanes, i, j);
    int v = pairs[slot & Integer.MAX_VALUE];
    return (short) (slot < 0 ? v >>> 16 : v);
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
    short[] halves = new short[in * units];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        float v = w[wOff + i * units + j];
        short half = HalfFloats.toHalf(v);
        if (!finite(half)) {
          throw new IllegalArgumentException("W[" + i + "][" + j + "] = " + v
              + " is beyond the float16 range (largest " + HalfFloats.MAX + ")");
        }
        halves[i * units + j] = half;
      }
    }
    return new Float16Weights(kernels, in, units, halves, bias, biasOff);
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
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        short half = halves[i * units + j];
        if (!finite(half)) {
          throw new IllegalArgumentException("halves[" + i + "][" + j + "] = 0x"
              + Integer.toHexString(half & 0xFFFF) + " is not a finite float16");
        }
      }
    }
    return new Float16Weights(kernels, in, units, halves.clone(), bias, 0);
  }

  /** W as in × units row-major half bits, as given or rounded (a copy). */
  public short[] halves() {
    short[] out = new short[in * units];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        out[i * units + j] = scaled(half(i, j), -lift);
      }
    }
    return out;
  }

  private static boolean finite(short half) {
    return (half & 0x7C00) != 0x7C00;
  }

  @Override
  long storedWeightBytes() {
    return 4L * pairs.length;
  }

  @Override
  float widened(int index) {
    return HalfFloats.toFloat(half(index / stride, index % stride));
  }
}
