package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Float32 frozen weights multiply as {@link KernelOps#matmul} does from a model's flat parameters
 * ([W; b] and what follows), bit for bit, for every row count and the shapes of every GEMM path;
 * their packed panels never change, and their copies do not follow the caller's arrays.
 */
class Float32WeightsTest {
  /** (k, n): packed, dot-product, narrower than a vector, tiny, and the Fashion MLP's layers. */
  private static final int[][] SHAPES = {{40, 70}, {64, 24}, {33, 10}, {5, 3}, {784, 256},
      {256, 10}, {1, 1}};

  @Test
  void productsEqualTheModelsBitForBit() {
    SplittableRandom random = new SplittableRandom(5);
    for (int[] shape : SHAPES) {
      int k = shape[0];
      int n = shape[1];
      for (int following : new int[] {0, 3, 40}) {
        // a model's parameters: W, b, then the later layers' parameters
        float[] parameters = gaussian(random, k * n + n + following);
        float[] w = Arrays.copyOf(parameters, k * n);
        float[] b = Arrays.copyOfRange(parameters, k * n, k * n + n);
        FrozenWeights frozen = KernelOps.float32Weights(w, b, k, n, n + following);
        PackedWeights packed = KernelOps.packedWeights(k, n);
        for (int rows : new int[] {1, 2, 3, 4, 7, 8, 9, 31, 130}) {
          float[] x = gaussian(random, rows * k + 3);
          float[] expected = new float[rows * n];
          for (int call = 0; call < 3; call++) { // the model packs W at its second product
            KernelOps.matmul(x, 3, parameters, 0, packed, parameters, k * n, expected, 0, rows, k,
                n);
          }
          float[] z = new float[rows * n + 2];
          z[rows * n + 1] = 99f;
          frozen.multiply(x, 3, rows, z, 1);
          assertArrayEquals(expected, Arrays.copyOfRange(z, 1, rows * n + 1),
              k + "×" + n + ", " + following + " floats after b, " + rows + " rows");
          assertEquals(99f, z[rows * n + 1]);
        }
        assertTrue(frozen.bytes() >= 4L * (k * n + n), "bytes " + frozen.bytes());
      }
    }
  }

  @Test
  void theWeightsAreCopied() {
    float[] w = {1, 2, 3, 4};
    float[] b = {0.5f, 0.25f};
    FrozenWeights frozen = KernelOps.float32Weights(w, b, 2, 2, 0);
    Arrays.fill(w, 9f);
    Arrays.fill(b, 9f);
    float[] z = new float[2];
    frozen.multiply(new float[] {1, 1}, 0, 1, z, 0);
    assertArrayEquals(new float[] {4.5f, 6.25f}, z);
    assertEquals(4L * 6, frozen.bytes());
    assertThrows(IndexOutOfBoundsException.class,
        () -> frozen.multiply(new float[3], 0, 2, z, 0));
  }

  @Test
  void frozenPanelsRefuseToChange() {
    float[] w = new float[784 * 256];
    PackedWeights frozen = PackedWeights.frozen(w, 784, 256, new float[784 * 256]);
    assertTrue(frozen.holds(w, 0));
    IllegalStateException e = assertThrows(IllegalStateException.class, frozen::invalidate);
    assertEquals("frozen packed weights never change", e.getMessage());
    assertThrows(IllegalStateException.class, () -> frozen.seen(w, 0));
    assertThrows(IllegalStateException.class, () -> frozen.filled(w, 0));
  }

  private static float[] gaussian(SplittableRandom random, int length) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextInt(4) == 0 ? 0f : (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }
}
