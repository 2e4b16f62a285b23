package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StandardizerTest {
  /** Column 0: 1, 2, 3 (mean 2, std √(2/3)); column 1: constant 5. */
  private static final Dataset TRAIN =
      Dataset.withLabels(new float[] {1, 5, 2, 5, 3, 5}, 2, new int[] {0, 1, 0});

  @Test
  void fitsPopulationMeanAndStdPerColumn() {
    Standardizer standardizer = Standardizer.fit(TRAIN);
    assertEquals(2, standardizer.width());
    assertArrayEquals(new float[] {2, 5}, standardizer.mean());
    assertEquals((float) Math.sqrt(2.0 / 3), standardizer.std()[0], 1e-7f);
  }

  @Test
  void constantColumnIsCentredWithStdOne() {
    Standardizer standardizer = Standardizer.fit(TRAIN);
    assertEquals(1f, standardizer.std()[1]);
    Dataset standardised = standardizer.apply(TRAIN);
    for (int row = 0; row < 3; row++) {
      assertEquals(0f, standardised.features()[row * 2 + 1]);
    }
  }

  @Test
  void trainingDataGetsZeroMeanAndUnitStd() {
    Dataset standardised = Standardizer.fit(TRAIN).apply(TRAIN);
    float[] x = standardised.features();
    float s = (float) Math.sqrt(1.5);
    assertArrayEquals(new float[] {-s, 0, 0, 0, s, 0}, x, 1e-6f);
    assertSame(TRAIN.labels(), standardised.labels());
    assertArrayEquals(new float[] {1, 5, 2, 5, 3, 5}, TRAIN.features(), "input left unchanged");
  }

  @Test
  void appliesTrainingStatisticsToOtherData() {
    Standardizer standardizer = Standardizer.fit(TRAIN);
    Dataset test = Dataset.withLabels(new float[] {4, 7}, 2, new int[] {1});
    float[] x = standardizer.apply(test).features();
    assertEquals((4 - 2) / (float) Math.sqrt(2.0 / 3), x[0], 1e-6f);
    assertEquals(2f, x[1]);
    float[] row = {2, 5};
    standardizer.applyInPlace(row, 1);
    assertArrayEquals(new float[] {0, 0}, row);
  }

  @Test
  void rejectsWrongWidthShortArraysAndEmptyData() {
    Standardizer standardizer = Standardizer.fit(TRAIN);
    Dataset wide = Dataset.withLabels(new float[] {1, 2, 3}, 3, new int[] {0});
    String message =
        assertThrows(IllegalArgumentException.class, () -> standardizer.apply(wide)).getMessage();
    assertTrue(message.contains("width 3") && message.contains("width 2"), message);
    assertThrows(IllegalArgumentException.class, () -> standardizer.applyInPlace(new float[3], 2));
    assertThrows(IllegalArgumentException.class, () -> standardizer.applyInPlace(new float[3], -1));
    Dataset empty = TRAIN.subset(new int[0]);
    assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(empty));
  }
}
