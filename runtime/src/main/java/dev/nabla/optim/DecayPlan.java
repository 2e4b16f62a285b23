package dev.nabla.optim;

import java.util.Arrays;

/**
 * A {@link WeightDecay} resolved against one model: consecutive stretches of the flat parameter
 * buffer, each with its λ, covering it from 0 in order. Adjacent stretches with the same λ are
 * merged, so a uniform decay is one stretch and the update loops stay long.
 */
final class DecayPlan {
  final int[] offsets;
  final int[] lengths;
  final float[] lambdas;
  /** Parameters covered: the end of the last stretch. */
  final int parameterCount;

  private DecayPlan(int[] offsets, int[] lengths, float[] lambdas) {
    this.offsets = offsets;
    this.lengths = lengths;
    this.lambdas = lambdas;
    int last = offsets.length - 1;
    this.parameterCount = last < 0 ? 0 : offsets[last] + lengths[last];
  }

  static DecayPlan uniform(int length, float lambda) {
    return new DecayPlan(new int[] {0}, new int[] {length}, new float[] {lambda});
  }

  int stretches() {
    return offsets.length;
  }

  /** Collects stretches in order of their offsets. */
  static final class Builder {
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private float[] lambdas = new float[8];
    private int count;

    void add(int offset, int length, float lambda) {
      if (count > 0 && lambdas[count - 1] == lambda) {
        lengths[count - 1] += length;
        return;
      }
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, 2 * count);
        lengths = Arrays.copyOf(lengths, 2 * count);
        lambdas = Arrays.copyOf(lambdas, 2 * count);
      }
      offsets[count] = offset;
      lengths[count] = length;
      lambdas[count] = lambda;
      count++;
    }

    DecayPlan build() {
      return new DecayPlan(Arrays.copyOf(offsets, count), Arrays.copyOf(lengths, count),
          Arrays.copyOf(lambdas, count));
    }
  }
}
