package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {
  /** Row i has feature i and label i, so every row can be traced through a split. */
  static Dataset numbered(int rows) {
    float[] features = new float[rows];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      features[i] = i;
      labels[i] = i;
    }
    return Dataset.withLabels(features, 1, labels);
  }

  @Test
  void partsHaveTheRequestedSizesAndCoverEveryRowOnce() {
    List<Dataset> parts = Splits.split(numbered(10), 7, 0.6, 0.2, 0.2);
    assertEquals(3, parts.size());
    assertEquals(6, parts.get(0).rows());
    assertEquals(2, parts.get(1).rows());
    assertEquals(2, parts.get(2).rows());
    int[] seen = new int[10];
    for (Dataset part : parts) {
      for (int row = 0; row < part.rows(); row++) {
        assertEquals(part.labels()[row], (int) part.features()[row], "rows stay whole");
        seen[part.labels()[row]]++;
      }
    }
    int[] once = new int[10];
    Arrays.fill(once, 1);
    assertArrayEquals(once, seen);
  }

  @Test
  void sizesRoundAtCumulativeBoundariesAndAddUp() {
    List<Dataset> parts = Splits.split(numbered(683), 1, 0.6, 0.2, 0.2);
    assertEquals(410, parts.get(0).rows());
    // Boundaries round(0.6·683) = 410 and round(0.8·683) = 546.
    assertEquals(136, parts.get(1).rows());
    assertEquals(137, parts.get(2).rows());
  }

  @Test
  void sameSeedGivesSamePartsAndAnotherSeedShuffledDifferently() {
    Dataset data = numbered(50);
    int[] first = Splits.split(data, 42, 0.5, 0.5).get(0).labels();
    int[] again = Splits.split(data, 42, 0.5, 0.5).get(0).labels();
    int[] other = Splits.split(data, 43, 0.5, 0.5).get(0).labels();
    assertArrayEquals(first, again);
    assertFalse(Arrays.equals(first, other));
    int[] unshuffled = new int[25];
    Arrays.setAll(unshuffled, i -> i);
    assertFalse(Arrays.equals(unshuffled, first), "rows are shuffled before splitting");
  }

  @Test
  void rejectsBadFractions() {
    Dataset data = numbered(10);
    assertTrue(rejection(data, 0.5).contains("at least two"));
    assertTrue(rejection(data, 0.5, 0.4).contains("sum to 1"));
    assertTrue(rejection(data, 0.7, 0.7, -0.4).contains("(0, 1]"));
    assertTrue(rejection(data, Double.NaN, 0.5).contains("(0, 1]"));
    assertTrue(rejection(numbered(3), 0.9, 0.1).contains("part 1 empty"));
  }

  private static String rejection(Dataset data, double... fractions) {
    return assertThrows(IllegalArgumentException.class, () -> Splits.split(data, 0, fractions))
        .getMessage();
  }
}
