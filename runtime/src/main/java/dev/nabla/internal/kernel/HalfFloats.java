package dev.nabla.internal.kernel;

/**
 * IEEE 754 binary16 ("half") conversions for --release 17, which has no
 * {@code Float.floatToFloat16}: rounding to nearest even when weights are stored, and a
 * branch-free widening that the vector kernels repeat lane by lane.
 */
final class HalfFloats {
  /** Largest finite half, 65504. */
  static final float MAX = 65504f;
  /**
   * Bits of a half widened into a float's place: sign (from the sign-extended bit 15) to bit 31,
   * exponent and significand shifted left by 13, the copies of the sign in between cleared.
   */
  static final int WIDENED_BITS = 0x8FFF_E000;
  /** The exponent bias difference, 127 − 15: the widened bits times 2^112 are the half's value. */
  static final float REBIAS = 0x1p112f;

  private HalfFloats() {}

  /**
   * The value of a finite half, exactly (subnormals included): its bits in a float's place read as
   * a float, then scaled by 2^112. Infinities and NaNs come out as large finite values, so
   * callers store only finite halves.
   */
  static float toFloat(short half) {
    return Float.intBitsToFloat((half << 13) & WIDENED_BITS) * REBIAS;
  }

  /**
   * {@code f} rounded to the nearest half, ties to even, as {@code Float.floatToFloat16} does:
   * magnitudes from 65520 on become infinity. NaN is not supported (weights never are).
   */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7FFF_FFFF;
    if (abs >= 0x477F_F000) { // 65520 = 65504 + half an ulp: rounds (ties to even) to infinity
      return (short) (sign | 0x7C00);
    }
    if (abs >= 0x3880_0000) { // 2^-14 and up: a normal half; rebias, round the 13 dropped bits
      int rebiased = abs - 0x3800_0000;
      int roundedUp = rebiased + 0x0FFF + ((rebiased >>> 13) & 1);
      return (short) (sign | (roundedUp >>> 13));
    }
    // Subnormal half (or zero): counted in units of 2^-24; scaling by 2^24 is exact, and rint
    // rounds ties to even (1024 units is the smallest normal half, bits 0x0400, as wanted).
    return (short) (sign | (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f));
  }
}
