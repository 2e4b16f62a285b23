package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * {@link HalfFloats} against an independent decoding of every half (sign, exponent and
 * significand scaled in double) and the round-to-nearest-even rule at every midpoint between
 * adjacent halves; on JDK 20+ also against {@code Float.floatToFloat16} / {@code float16ToFloat}.
 */
class HalfFloatsTest {
  /** The value of a half's bits, for exponents 0 … 31 (31: 2^16·(1 + m/1024), not ∞). */
  private static double reference(int bits) {
    int exponent = (bits >>> 10) & 0x1F;
    int significand = bits & 0x3FF;
    double magnitude = exponent == 0 ? significand * 0x1p-24
        : (1024 + significand) * Math.scalb(1.0, exponent - 25);
    return (bits & 0x8000) != 0 ? -magnitude : magnitude;
  }

  private static boolean finite(int bits) {
    return (bits & 0x7C00) != 0x7C00;
  }

  @Test
  void widensEveryFiniteHalfExactly() {
    for (int bits = 0; bits < 0x10000; bits++) {
      if (finite(bits)) {
        float widened = HalfFloats.toFloat((short) bits);
        assertEquals(Float.floatToRawIntBits((float) reference(bits)),
            Float.floatToRawIntBits(widened), "half 0x" + Integer.toHexString(bits));
      }
    }
  }

  @Test
  void everyHalfRoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      if (finite(bits)) {
        assertEquals((short) bits, HalfFloats.toHalf(HalfFloats.toFloat((short) bits)),
            "half 0x" + Integer.toHexString(bits));
      }
    }
    assertEquals((short) 0x7C00, HalfFloats.toHalf(Float.POSITIVE_INFINITY));
    assertEquals((short) 0xFC00, HalfFloats.toHalf(Float.NEGATIVE_INFINITY));
  }

  /**
   * Between every two adjacent non-negative halves (the last pair being 65504 and ∞, whose
   * midpoint is 65520): the midpoint goes to the even one, a float above it up, below it down;
   * the same with both signs negated.
   */
  @Test
  void roundsToNearestEvenAtEveryMidpoint() {
    for (int low = 0; low < 0x7C00; low++) {
      int high = low + 1;
      float mid = (float) ((reference(low) + reference(high)) / 2); // 12 bits: exact in float
      int even = (low & 1) == 0 ? low : high;
      for (int sign : new int[] {0, 0x8000}) {
        float s = sign == 0 ? 1f : -1f;
        String where = "between 0x" + Integer.toHexString(sign | low) + " and 0x"
            + Integer.toHexString(sign | high);
        assertEquals((short) (sign | even), HalfFloats.toHalf(s * mid), "midpoint " + where);
        assertEquals((short) (sign | high), HalfFloats.toHalf(s * Math.nextUp(mid)),
            "above the midpoint " + where);
        assertEquals((short) (sign | low), HalfFloats.toHalf(s * Math.nextDown(mid)),
            "below the midpoint " + where);
      }
    }
    assertEquals((short) 0x7C00, HalfFloats.toHalf(1e10f));
    assertEquals((short) 0x7BFF, HalfFloats.toHalf(65519.996f));
    assertEquals((short) 0, HalfFloats.toHalf(Float.MIN_VALUE));
    assertEquals((short) 0x8000, HalfFloats.toHalf(-0f));
  }

  /** JDK 20+ only, an extra oracle: the main tests above stand on their own on JDK 17. */
  @Test
  void agreesWithTheJdkOnEveryHalfAndASweepOfFloats() throws Exception {
    Method toHalf;
    Method toFloat;
    try {
      toHalf = Float.class.getMethod("floatToFloat16", float.class);
      toFloat = Float.class.getMethod("float16ToFloat", short.class);
    } catch (NoSuchMethodException e) {
      assumeTrue(false, "Float.floatToFloat16 needs JDK 20+; this is JDK "
          + Runtime.version().feature());
      return;
    }
    for (int bits = 0; bits < 0x10000; bits++) {
      if (finite(bits)) {
        assertEquals(toFloat.invoke(null, (short) bits), HalfFloats.toFloat((short) bits));
      }
    }
    // every 1009th float bit pattern (an odd step, so every exponent and low-bit pattern is visited)
    for (long b = 0; b <= 0xFFFF_FFFFL; b += 1009) {
      float f = Float.intBitsToFloat((int) b);
      if (!Float.isNaN(f)) {
        short expected = (short) toHalf.invoke(null, f);
        assertEquals(expected, HalfFloats.toHalf(f), () -> "float " + f);
      }
    }
  }
}
