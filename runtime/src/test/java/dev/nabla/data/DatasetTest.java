package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {
  private static final float[] SIX = {1, 2, 3, 4, 5, 6};

  private static String rejection(Runnable construction) {
    return assertThrows(IllegalArgumentException.class, construction::run).getMessage();
  }

  @Test
  void labelledDatasetReportsItsShape() {
    Dataset data = Dataset.withLabels(SIX, 2, new int[] {0, 3, 1});
    assertEquals(3, data.rows());
    assertEquals(2, data.width());
    assertEquals(4, data.classCount());
    assertTrue(data.hasLabels());
    assertFalse(data.hasTargets());
    assertNull(data.targets());
    assertEquals(0, data.targetWidth());
  }

  @Test
  void targetDatasetReportsItsShape() {
    Dataset data = Dataset.withTargets(SIX, 3, new float[] {1, 2, 3, 4}, 2);
    assertEquals(2, data.rows());
    assertEquals(2, data.targetWidth());
    assertFalse(data.hasLabels());
    assertEquals(0, data.classCount());
  }

  @Test
  void rejectsFeaturesThatAreNotWholeRows() {
    assertTrue(rejection(() -> Dataset.withLabels(SIX, 4, new int[] {0})).contains("width 4"));
    assertTrue(rejection(() -> Dataset.withLabels(SIX, 0, new int[] {0})).contains("width"));
  }

  @Test
  void rejectsLabelCountThatDisagreesWithRows() {
    String message = rejection(() -> Dataset.withLabels(SIX, 2, new int[] {0, 1}));
    assertTrue(message.contains("labels has length 2") && message.contains("3 rows"), message);
  }

  @Test
  void rejectsNegativeLabelNamingTheRow() {
    String message = rejection(() -> Dataset.withLabels(SIX, 2, new int[] {0, 1, -1}));
    assertTrue(message.contains("row 2") && message.contains("-1"), message);
  }

  @Test
  void rejectsNanFeatureNamingRowAndColumn() {
    float[] features = {1, 2, 3, 4, 5, Float.NaN};
    String message = rejection(() -> Dataset.withLabels(features, 3, new int[] {0, 1}));
    assertEquals("features row 1, column 2 is NaN", message);
  }

  @Test
  void rejectsInfiniteTarget() {
    float[] targets = {0, Float.POSITIVE_INFINITY, 0};
    String message = rejection(() -> Dataset.withTargets(SIX, 2, targets, 1));
    assertEquals("targets row 1, column 0 is Infinity", message);
  }

  @Test
  void rejectsTargetLengthThatDisagreesWithRows() {
    String message = rejection(() -> Dataset.withTargets(SIX, 2, new float[] {1, 2, 3, 4}, 2));
    assertTrue(message.contains("targets has length 4") && message.contains("need 6"), message);
    String zeroWidth = rejection(() -> Dataset.withTargets(SIX, 2, new float[3], 0));
    assertTrue(zeroWidth.contains("targetWidth"), zeroWidth);
  }

  @Test
  void rejectsDatasetWithoutLabelsOrTargets() {
    assertTrue(rejection(() -> Dataset.of(SIX, 2, null, null, 0)).contains("labels, targets"));
  }

  @Test
  void subsetCopiesTheChosenRowsInOrderAllowingRepeats() {
    Dataset data = Dataset.of(SIX, 2, new int[] {0, 1, 2}, new float[] {10, 20, 30}, 1);
    Dataset subset = data.subset(new int[] {2, 0, 2});
    assertEquals(3, subset.rows());
    assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, subset.features());
    assertArrayEquals(new int[] {2, 0, 2}, subset.labels());
    assertArrayEquals(new float[] {30, 10, 30}, subset.targets());
    assertEquals(3, subset.classCount());
    assertEquals(1, data.subset(new int[] {0}).classCount());
  }

  @Test
  void emptySubsetHasNoRows() {
    Dataset empty = Dataset.withLabels(SIX, 2, new int[] {0, 1, 2}).subset(new int[0]);
    assertEquals(0, empty.rows());
    assertEquals(2, empty.width());
  }

  @Test
  void subsetRejectsIndexOutOfRange() {
    Dataset data = Dataset.withLabels(SIX, 2, new int[] {0, 1, 2});
    String message = rejection(() -> data.subset(new int[] {0, 3}));
    assertTrue(message.contains("rowIndices[1] is 3"), message);
    assertThrows(IllegalArgumentException.class, () -> data.subset(new int[] {-1}));
  }

  @Test
  void oneHotTargetsKeepFeaturesAndLabels() {
    Dataset data = Dataset.withLabels(SIX, 2, new int[] {2, 0, 1});
    Dataset oneHot = data.oneHotTargets(3);
    assertSame(data.features(), oneHot.features());
    assertSame(data.labels(), oneHot.labels());
    assertEquals(3, oneHot.targetWidth());
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, oneHot.targets());
  }

  @Test
  void oneHotTargetsRejectLabelOutsideTheClasses() {
    Dataset data = Dataset.withLabels(SIX, 2, new int[] {0, 4, 1});
    String message = rejection(() -> data.oneHotTargets(4));
    assertTrue(message.contains("row 1") && message.contains("4 classes"), message);
    Dataset noLabels = Dataset.withTargets(SIX, 2, new float[3], 1);
    assertThrows(IllegalArgumentException.class, () -> noLabels.oneHotTargets(2));
  }
}
