package dev.nabla.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Dense;
import org.junit.jupiter.api.Test;

/**
 * The setters write W′ and b′ where the layer's offsets say and only mark W stale, the reads of W
 * and b bring it up to date first (so filling a layer value by value costs one
 * materialisation, not one per value), and bad input leaves everything untouched.
 */
class DenseLayerTest {
  private static final int IN = 3;
  private static final int UNITS = 4;
  private static final int OFFSET = 5;

  /**
   * A model owning {@code parameters} whose effective weights are 2·W′, counting its
   * materialisations.
   */
  private static final class Owner implements DenseLayer.Owner {
    final float[] parameters = new float[OFFSET + IN * UNITS + UNITS + 2];
    final float[] effective = new float[parameters.length];
    boolean stale;
    int materialisations;
    final Dense layer = new DenseLayer(this,
        new DenseShape(0, "hidden", IN, UNITS, OFFSET, true, Activation.RELU), effective,
        effective);

    @Override
    public float[] parameters() {
      return parameters;
    }

    @Override
    public float[] gradients() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void markWeightsStale() {
      stale = true;
    }

    @Override
    public void refreshStaleWeights() {
      if (stale) {
        stale = false;
        materialisations++;
        for (int i = 0; i < parameters.length; i++) {
          effective[i] = 2 * parameters[i];
        }
      }
    }
  }

  private static float[][] weights(int in, int units) {
    float[][] w = new float[in][units];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < units; j++) {
        w[i][j] = 10 * i + j + 0.5f;
      }
    }
    return w;
  }

  @Test
  void bulkSettersWriteEveryValueAndMarkWStale() {
    Owner owner = new Owner();
    owner.layer.setFreeWeights(weights(IN, UNITS));
    owner.layer.setFreeBiases(new float[] {-1, -2, -3, -4});

    assertTrue(owner.stale);
    assertEquals(0, owner.materialisations);
    float[] expected = new float[owner.parameters.length];
    for (int i = 0; i < IN; i++) {
      for (int j = 0; j < UNITS; j++) {
        expected[OFFSET + i * UNITS + j] = 10 * i + j + 0.5f;
      }
    }
    for (int j = 0; j < UNITS; j++) {
      expected[OFFSET + IN * UNITS + j] = -1 - j;
    }
    assertArrayEquals(expected, owner.parameters);
  }

  @Test
  void fillingALayerValueByValueMaterialisesOnceAtTheFirstReadOfW() {
    Owner owner = new Owner();
    for (int i = 0; i < IN; i++) {
      for (int j = 0; j < UNITS; j++) {
        owner.layer.setFreeWeight(i, j, 10 * i + j);
      }
    }
    for (int j = 0; j < UNITS; j++) {
      owner.layer.setFreeBias(j, -j);
    }
    assertEquals(0, owner.materialisations);
    assertEquals(12f, owner.layer.freeWeight(1, 2));
    assertEquals(-3f, owner.layer.freeBias(3));
    assertEquals(0, owner.materialisations, "reading W′ needs no materialisation");

    assertEquals(24f, owner.layer.weight(1, 2));
    assertEquals(-6f, owner.layer.bias(3));
    assertArrayEquals(new float[] {40, 42, 44, 46}, owner.layer.weights()[2]);
    assertArrayEquals(new float[] {0, -2, -4, -6}, owner.layer.biases());
    assertEquals(1, owner.materialisations);
  }

  @Test
  void everyReadOfWSeesTheLatestWrite() {
    Owner owner = new Owner();
    owner.layer.setFreeWeight(0, 0, 1f);
    assertEquals(2f, owner.layer.weight(0, 0));
    owner.layer.setFreeBias(0, 3f);
    assertEquals(6f, owner.layer.bias(0));
    owner.layer.setFreeWeight(0, 0, 5f);
    assertEquals(10f, owner.layer.weights()[0][0]);
    owner.layer.setFreeBias(0, 4f);
    assertArrayEquals(new float[] {8, 0, 0, 0}, owner.layer.biases());
  }

  @Test
  void badInputIsRefusedBeforeAnythingChanges() {
    Owner owner = new Owner();
    float[][] nanLast = weights(IN, UNITS);
    nanLast[IN - 1][UNITS - 1] = Float.NaN;
    assertEquals("W′[2][3] of layer 'hidden' must be finite, got NaN",
        assertThrows(IllegalArgumentException.class,
            () -> owner.layer.setFreeWeights(nanLast)).getMessage());
    assertEquals("layer 'hidden' has 3 input rows, got 2 rows of weights",
        assertThrows(IllegalArgumentException.class,
            () -> owner.layer.setFreeWeights(weights(2, UNITS))).getMessage());
    float[][] shortRow = weights(IN, UNITS);
    shortRow[1] = new float[UNITS - 1];
    assertEquals("layer 'hidden' has 4 units, got 3 weights in row 1",
        assertThrows(IllegalArgumentException.class,
            () -> owner.layer.setFreeWeights(shortRow)).getMessage());
    assertEquals("layer 'hidden' has 4 units, got 5 biases",
        assertThrows(IllegalArgumentException.class,
            () -> owner.layer.setFreeBiases(new float[UNITS + 1])).getMessage());
    assertEquals("b′[1] of layer 'hidden' must be finite, got Infinity",
        assertThrows(IllegalArgumentException.class,
            () -> owner.layer.setFreeBias(1, Float.POSITIVE_INFINITY)).getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> owner.layer.setFreeWeight(IN, 0, 1f));

    assertArrayEquals(new float[owner.parameters.length], owner.parameters);
    assertFalse(owner.stale);
  }
}
