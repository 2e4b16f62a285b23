package dev.nabla.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelInputsTest {
  @Test
  void rowsMustBeBetweenOneAndMaxBatch() {
    ModelInputs.checkRows(1, 4);
    ModelInputs.checkRows(4, 4);
    assertEquals("rows must be between 1 and the model's maxBatch 4, got 5",
        assertThrows(IllegalArgumentException.class, () -> ModelInputs.checkRows(5, 4))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelInputs.checkRows(0, 4));
  }

  @Test
  void matrixMustBeLongEnough() {
    assertEquals("x has length 5 but 2 rows of width 3 need 6",
        assertThrows(IllegalArgumentException.class,
            () -> ModelInputs.checkMatrix("x", new float[5], 2, 3)).getMessage());
  }

  @Test
  void everyNonFiniteValueIsNamedByRowAndColumn() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (int at = 0; at < 36; at++) {
        float[] x = new float[36];
        x[at] = bad;
        int index = at;
        assertEquals("x row " + index / 4 + ", column " + index % 4 + " is " + bad,
            assertThrows(IllegalArgumentException.class,
                () -> ModelInputs.checkMatrix("x", x, 9, 4)).getMessage(),
            "at " + at);
      }
    }
  }

  @Test
  void extremeFiniteValuesPass() {
    ModelInputs.checkMatrix("x", new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE,
        -0f, Float.MIN_NORMAL, 1e-40f}, 2, 3);
  }

  @Test
  void valuesPastTheCheckedRowsAreIgnored() {
    ModelInputs.checkMatrix("x", new float[] {1, 2, Float.NaN}, 1, 2);
  }

  @Test
  void aBadLabelIsRejectedBeforeAnythingIsWritten() {
    float[] oneHot = {7, 7, 7, 7, 7, 7};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelInputs.oneHot(new int[] {1, 3}, 2, 3, oneHot));
    assertEquals("label of row 1 is 3, outside the model's 3 classes [0, 3)", e.getMessage());
    assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7}, oneHot);
    ModelInputs.oneHot(new int[] {1, 2}, 2, 3, oneHot);
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, oneHot);
  }

  @Test
  void argMaxTakesTheFirstOfTiedValues() {
    assertEquals(1, ModelInputs.argMax(new float[] {9, 0, 5, 5, 1}, 1, 4));
    assertEquals(0, ModelInputs.argMax(new float[] {2, 2}, 0, 2));
  }
}
