package dev.nabla.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The masks {@link DropoutMask} draws: the dropped fraction and the survivors' scale, the
 * identity outside training passes, reproducibility from the seed, fresh masks per pass and per
 * layer, and the same mask whatever the batch layout.
 */
class DropoutMaskTest {
  private static final int ROWS = 256;
  private static final int UNITS = 256;
  private static final DenseShape HIDDEN =
      new DenseShape(0, "hidden", 8, UNITS, 0, true, Activation.RELU);
  private static final DenseShape NEXT =
      new DenseShape(1, "next", UNITS, UNITS, 0, true, Activation.RELU);

  private static float[] ones() {
    float[] a = new float[ROWS * UNITS];
    Arrays.fill(a, 1f);
    return a;
  }

  /** The mask of one training pass of {@code mask}, as the factors it multiplied A by. */
  private static float[] pass(DropoutStream stream, DropoutMask mask) {
    stream.beginTraining();
    try {
      return mask.apply(ones(), ROWS).clone();
    } finally {
      stream.endTraining();
    }
  }

  @Test
  void dropsAboutPAndScalesTheRestByOneOverOneMinusP() {
    for (float p : new float[] {0.2f, 0.5f, 0.7f}) {
      DropoutStream stream = new DropoutStream();
      float[] d = pass(stream, new DropoutMask(stream, HIDDEN, p, ROWS, false));
      int dropped = 0;
      int bothDropped = 0;
      for (int i = 0; i < d.length; i++) {
        assertTrue(d[i] == 0f || d[i] == 1f / (1f - p), "factor " + d[i] + " for p = " + p);
        dropped += d[i] == 0f ? 1 : 0;
        // Neighbours independent: both dropped about p² of the time.
        bothDropped += i % 2 == 1 && d[i] == 0f && d[i - 1] == 0f ? 1 : 0;
      }
      // 65 536 units: the standard deviation of the fraction is under 0.002.
      assertEquals(p, (double) dropped / d.length, 0.01, "dropped fraction for p = " + p);
      assertEquals(p * p, (double) bothDropped / (d.length / 2), 0.015, "pairs for p = " + p);
    }
  }

  @Test
  void outsideATrainingPassTheOutputPassesUntouched() {
    DropoutStream stream = new DropoutStream();
    DropoutMask mask = new DropoutMask(stream, HIDDEN, 0.5f, ROWS, false);
    float[] a = ones();
    assertSame(a, mask.apply(a, ROWS));
    pass(stream, mask);
    assertSame(a, mask.apply(a, ROWS), "after a training pass too");
  }

  @Test
  void backwardMultipliesByTheMaskOfTheForwardPass() {
    DropoutStream stream = new DropoutStream();
    DropoutMask mask = new DropoutMask(stream, HIDDEN, 0.5f, ROWS, false);
    float[] factors = pass(stream, mask);
    float[] delta = new float[ROWS * UNITS];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = i % 7 - 3;
    }
    float[] expected = delta.clone();
    for (int i = 0; i < delta.length; i++) {
      expected[i] *= factors[i];
    }
    mask.backward(delta, ROWS);
    assertArrayEquals(expected, delta);
  }

  @Test
  void masksComeFromTheSeedThePassAndTheLayer() {
    DropoutStream stream = new DropoutStream();
    DropoutMask hidden = new DropoutMask(stream, HIDDEN, 0.5f, ROWS, false);
    DropoutMask next = new DropoutMask(stream, NEXT, 0.5f, ROWS, false);
    stream.reseed(42);
    float[] first = pass(stream, hidden);
    float[] second = pass(stream, hidden);
    assertFalse(Arrays.equals(first, second), "each pass draws a new mask");
    stream.reseed(42);
    assertArrayEquals(first, pass(stream, hidden), "the same seed gives the same masks");
    stream.reseed(42);
    assertFalse(Arrays.equals(first, pass(stream, next)), "each layer has its own mask");
    stream.reseed(43);
    assertFalse(Arrays.equals(first, pass(stream, hidden)), "another seed, other masks");
  }

  @Test
  void theMaskIsTheSameInBothLayouts() {
    int rows = 37;
    DropoutStream stream = new DropoutStream();
    DropoutMask rowMajor = new DropoutMask(stream, HIDDEN, 0.3f, ROWS, false);
    DropoutMask featureMajor = new DropoutMask(stream, HIDDEN, 0.3f, ROWS, true);
    stream.beginTraining();
    float[] a = new float[rows * UNITS];
    float[] planes = new float[rows * UNITS];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < UNITS; j++) {
        a[r * UNITS + j] = r + j / 1000f;
        planes[j * rows + r] = a[r * UNITS + j];
      }
    }
    float[] d = rowMajor.apply(a, rows);
    float[] dT = featureMajor.apply(planes, rows);
    stream.endTraining();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < UNITS; j++) {
        assertEquals(rowMajor.mask(r, j, rows), featureMajor.mask(r, j, rows));
        assertEquals(d[r * UNITS + j], dT[j * rows + r], "D at row " + r + ", unit " + j);
      }
    }
  }
}
