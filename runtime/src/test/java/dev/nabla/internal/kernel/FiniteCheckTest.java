package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector finite check against its scalar twin: every position, every tail length. */
class FiniteCheckTest {
  private static final float[] NON_FINITE =
      {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

  @Test
  void vectorAndScalarAgreeOnEveryPositionAndLength() {
    KernelSupport vector = VectorSupport.panama(1, Long.MAX_VALUE);
    Random random = new Random(3);
    for (int length = 0; length <= 3 * VectorLanes.L + 1; length++) {
      float[] values = new float[length + 1];
      for (int i = 0; i < length; i++) {
        values[i] = (float) (random.nextGaussian() * 1e30);
      }
      values[length] = Float.NaN; // past the checked range: must be ignored
      values[0] = length > 0 ? Float.MAX_VALUE : values[0];
      assertTrue(vector.allFinite(values, length), "finite, length " + length);
      for (int at = 0; at < length; at++) {
        for (float bad : NON_FINITE) {
          float saved = values[at];
          values[at] = bad;
          assertEquals(ScalarKernels.INSTANCE.allFinite(values, length),
              vector.allFinite(values, length));
          assertFalse(vector.allFinite(values, length), bad + " at " + at + " of " + length);
          values[at] = saved;
        }
      }
    }
  }
}
