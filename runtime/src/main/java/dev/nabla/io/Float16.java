package dev.nabla.io;

/** IEEE 754 binary16 conversions (Java 17 has no {@code Float.floatToFloat16}). */
final class Float16 {
  private Float16() {}

  /** The binary16 nearest {@code value}, ties to even; overflow gives an infinity. */
  static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (exponent == 0xff) {
      return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
    }
    int halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (halfExponent <= 0) {
      // Subnormal (or zero): shift the mantissa with its implicit 1 into place, rounding.
      if (halfExponent < -10) {
        return (short) sign;
      }
      int full = mantissa | 0x800000;
      int shift = 14 - halfExponent;
      return (short) (sign | roundShift(full, shift));
    }
    // The rounding carry may ripple into the exponent, which is the right result (up to inf).
    int rounded = roundShift((halfExponent << 23) | mantissa, 13);
    return (short) (sign | rounded);
  }

  /** {@code value >> shift} rounded to nearest, ties to even. */
  private static int roundShift(int value, int shift) {
    int kept = value >>> shift;
    int rest = value & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rest > half || rest == half && (kept & 1) == 1) {
      kept++;
    }
    return kept;
  }

  /** The float equal to binary16 {@code half}. */
  static float toFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  static boolean isFinite(short half) {
    return (half & 0x7c00) != 0x7c00;
  }
}
