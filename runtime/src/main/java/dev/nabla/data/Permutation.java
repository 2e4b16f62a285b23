package dev.nabla.data;

import java.util.SplittableRandom;

/** Fisher–Yates shuffling of row indices, shared by {@link Splits} and {@link Batches}. */
final class Permutation {
  private Permutation() {}

  /** Fills {@code order} with 0, 1, …, n − 1. */
  static void identity(int[] order) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
  }

  /** Shuffles {@code order} in place, uniformly over all permutations; allocates nothing. */
  static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
