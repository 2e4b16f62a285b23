package dev.nabla.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.NablaModel;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * The setters write W′ and b′ where the layer's offsets say, re-materialise through
 * {@link NablaModel#parametersChanged()} once per call (so filling a layer in bulk costs one
 * materialisation, not one per value), and leave everything untouched on bad input.
 */
class DenseLayerTest {
  private static final int IN = 3;
  private static final int UNITS = 4;
  private static final int OFFSET = 5;

  /** A model owning {@code parameters}, counting its parametersChanged calls. */
  private static final class Owner {
    final float[] parameters = new float[OFFSET + IN * UNITS + UNITS + 2];
    int parametersChangedCalls;
    final NablaModel model = (NablaModel) Proxy.newProxyInstance(
        NablaModel.class.getClassLoader(), new Class<?>[] {NablaModel.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "parameters" -> parameters;
          case "parametersChanged" -> {
            parametersChangedCalls++;
            yield null;
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
    final Dense layer = new DenseLayer(model,
        new DenseShape(0, "hidden", IN, UNITS, OFFSET, true, Activation.IDENTITY), parameters,
        parameters);
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
  void bulkSettersWriteEveryValueAndMaterialiseOncePerCall() {
    Owner owner = new Owner();
    owner.layer.setFreeWeights(weights(IN, UNITS));
    owner.layer.setFreeBiases(new float[] {-1, -2, -3, -4});

    assertEquals(2, owner.parametersChangedCalls);
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
  void singleSettersWriteOneValueAndMaterialise() {
    Owner owner = new Owner();
    owner.layer.setFreeWeight(2, 1, 7f);
    owner.layer.setFreeBias(3, -7f);
    assertEquals(7f, owner.parameters[OFFSET + 2 * UNITS + 1]);
    assertEquals(-7f, owner.parameters[OFFSET + IN * UNITS + 3]);
    assertEquals(7f, owner.layer.freeWeight(2, 1));
    assertEquals(-7f, owner.layer.freeBias(3));
    assertEquals(2, owner.parametersChangedCalls);
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
    assertEquals(0, owner.parametersChangedCalls);
  }
}
