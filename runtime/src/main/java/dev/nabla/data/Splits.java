package dev.nabla.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/** Random, reproducible partitions of a data set's rows. */
public final class Splits {
  /** How far the fractions may sum from 1, to allow for decimal fractions like 0.7 + 0.2 + 0.1. */
  private static final double SUM_TOLERANCE = 1e-9;

  private Splits() {}

  /**
   * Shuffles the rows with a generator seeded by {@code seed}, then cuts them into consecutive
   * parts of the given fractions, e.g. {@code split(data, 42, 0.6, 0.2, 0.2)} for training,
   * validation and test sets. The same data, seed and fractions always give the same parts. Part
   * sizes are rounded at the cumulative boundaries, so they always add up to {@code rows}.
   *
   * @throws IllegalArgumentException if fewer than two fractions are given, a fraction is not
   *     positive, they do not sum to 1, or a part would be empty
   */
  public static List<Dataset> split(Dataset data, long seed, double... fractions) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(fractions, "fractions");
    if (fractions.length < 2) {
      throw new IllegalArgumentException(
          "a split needs at least two fractions, got " + Arrays.toString(fractions));
    }
    double total = 0;
    for (double fraction : fractions) {
      if (!(fraction > 0) || fraction > 1) {
        throw new IllegalArgumentException("each fraction must lie in (0, 1], got " + fraction
            + " in " + Arrays.toString(fractions));
      }
      total += fraction;
    }
    if (Math.abs(total - 1) > SUM_TOLERANCE) {
      throw new IllegalArgumentException(
          "fractions must sum to 1, but " + Arrays.toString(fractions) + " sum to " + total);
    }
    int rows = data.rows();
    int[] order = new int[rows];
    Permutation.identity(order);
    Permutation.shuffle(order, new SplittableRandom(seed));

    List<Dataset> parts = new ArrayList<>(fractions.length);
    double cumulative = 0;
    int start = 0;
    for (int part = 0; part < fractions.length; part++) {
      cumulative += fractions[part];
      int end = part == fractions.length - 1 ? rows : (int) Math.round(cumulative * rows);
      if (end <= start) {
        throw new IllegalArgumentException("fraction " + fractions[part] + " of " + rows
            + " rows leaves part " + part + " empty");
      }
      parts.add(data.subset(Arrays.copyOfRange(order, start, end)));
      start = end;
    }
    return parts;
  }
}
