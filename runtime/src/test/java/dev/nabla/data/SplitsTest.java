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

  /** 80 rows of class 0, then 20 of class 1. */
  private static Dataset imbalanced() {
    float[] features = new float[100];
    int[] labels = new int[100];
    for (int i = 0; i < 100; i++) {
      features[i] = i;
      labels[i] = i < 80 ? 0 : 1;
    }
    return Dataset.withLabels(features, 1, labels);
  }

  private static int[] classCounts(Dataset part) {
    int[] counts = new int[2];
    for (int label : part.labels()) {
      counts[label]++;
    }
    return counts;
  }

  @Test
  void stratifiedPartsKeepTheClassProportionsAndCoverEveryRowOnce() {
    Dataset data = imbalanced();
    for (long seed = 0; seed < 5; seed++) {
      List<Dataset> parts = Splits.stratified(data, seed, 0.7, 0.2, 0.1);
      assertArrayEquals(new int[] {56, 14}, classCounts(parts.get(0)), "seed " + seed);
      assertArrayEquals(new int[] {16, 4}, classCounts(parts.get(1)), "seed " + seed);
      assertArrayEquals(new int[] {8, 2}, classCounts(parts.get(2)), "seed " + seed);
      boolean[] seen = new boolean[100];
      for (Dataset part : parts) {
        for (float row : part.features()) {
          assertFalse(seen[(int) row], "row " + row + " twice");
          seen[(int) row] = true;
        }
      }
    }
  }

  @Test
  void stratifiedIsReproducibleAndShufflesWithinParts() {
    Dataset data = imbalanced();
    float[] first = Splits.stratified(data, 3, 0.5, 0.5).get(0).features();
    assertArrayEquals(first, Splits.stratified(data, 3, 0.5, 0.5).get(0).features());
    assertFalse(Arrays.equals(first, Splits.stratified(data, 4, 0.5, 0.5).get(0).features()));
    // Classes are interleaved, not all of class 0 first.
    int[] labels = Splits.stratified(data, 3, 0.5, 0.5).get(0).labels();
    assertTrue(Arrays.stream(labels, 0, 40).anyMatch(label -> label == 1));
  }

  @Test
  void stratifiedRejectsUnlabelledDataBadFractionsAndEmptyParts() {
    Dataset targetsOnly = Dataset.withTargets(new float[4], 1, new float[4], 1);
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Splits.stratified(targetsOnly, 0, 0.5, 0.5)).getMessage().contains("needs labels"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Splits.stratified(imbalanced(), 0, 0.5, 0.4)).getMessage().contains("sum to 1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Splits.stratified(numbered(3), 0, 0.9, 0.1)).getMessage()
        .contains("leaves part 1 empty"));
  }
}
