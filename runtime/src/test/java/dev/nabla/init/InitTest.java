package dev.nabla.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitTest {
  private static final int N = 200_000;

  private static float[] draw(Init init, int fanIn, int fanOut, long seed) {
    float[] values = new float[N + 2];
    init.fill(values, 1, N, fanIn, fanOut, new SplittableRandom(seed));
    assertEquals(0f, values[0], "nothing before the slice");
    assertEquals(0f, values[N + 1], "nothing after the slice");
    return values;
  }

  private static double[] meanAndStd(float[] values) {
    double sum = 0;
    double squares = 0;
    for (int i = 1; i <= N; i++) {
      sum += values[i];
      squares += (double) values[i] * values[i];
    }
    double mean = sum / N;
    return new double[] {mean, Math.sqrt(squares / N - mean * mean)};
  }

  @Test
  void uniformStaysInItsRangeWithTheRightMean() {
    float[] values = draw(Init.uniform(0, 1), 9, 5, 1);
    for (int i = 1; i <= N; i++) {
      assertTrue(values[i] >= 0 && values[i] < 1, "value " + values[i]);
    }
    assertEquals(0.5, meanAndStd(values)[0], 0.005);
  }

  @Test
  void normalHasTheRequestedStandardDeviation() {
    double[] stats = meanAndStd(draw(Init.normal(0.01), 784, 256, 2));
    assertEquals(0, stats[0], 2e-4);
    assertEquals(0.01, stats[1], 2e-4);
  }

  @Test
  void xavierAndHeScaleWithTheFans() {
    float[] xavier = draw(Init.xavierUniform(), 3, 5, 3);
    double bound = Math.sqrt(6.0 / 8);
    for (int i = 1; i <= N; i++) {
      assertTrue(Math.abs(xavier[i]) <= bound);
    }
    assertEquals(bound / Math.sqrt(3), meanAndStd(xavier)[1], 0.01);
    assertEquals(Math.sqrt(2.0 / 784), meanAndStd(draw(Init.heNormal(), 784, 256, 4))[1], 5e-4);
  }

  @Test
  void xavierNormalAndHeUniformHaveTheirVariances() {
    assertEquals(Math.sqrt(2.0 / (300 + 100)),
        meanAndStd(draw(Init.xavierNormal(), 300, 100, 5))[1], 5e-4);
    float[] he = draw(Init.heUniform(), 784, 256, 6);
    double bound = Math.sqrt(6.0 / 784);
    for (int i = 1; i <= N; i++) {
      assertTrue(Math.abs(he[i]) <= bound, "U(−a, a) with a = √(6 / fanIn)");
    }
    // The same variance as He-normal: 2 / fanIn.
    assertEquals(Math.sqrt(2.0 / 784), meanAndStd(he)[1], 5e-4);
  }

  @Test
  void theSameSeedGivesTheSameDraws() {
    assertArrayEquals(draw(Init.normal(1), 1, 1, 7), draw(Init.normal(1), 1, 1, 7));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Init.uniform(1, 1));
    assertThrows(IllegalArgumentException.class, () -> Init.normal(-1));
  }
}
