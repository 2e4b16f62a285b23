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
    requireFractions(fractions);
    int rows = data.rows();
    int[] order = new int[rows];
    Permutation.identity(order);
    Permutation.shuffle(order, new SplittableRandom(seed));

    int[] ends = ends(rows, fractions);
    List<Dataset> parts = new ArrayList<>(fractions.length);
    int start = 0;
    for (int part = 0; part < fractions.length; part++) {
      if (ends[part] <= start) {
        throw new IllegalArgumentException("fraction " + fractions[part] + " of " + rows
            + " rows leaves part " + part + " empty");
      }
      parts.add(data.subset(Arrays.copyOfRange(order, start, ends[part])));
      start = ends[part];
    }
    return parts;
  }

  /**
   * Like {@link #split}, but cuts each class's rows separately, so every part keeps the class
   * proportions of the whole (up to rounding per class): {@code stratified(iris, 42, 0.8, 0.2)}
   * puts 40 rows of each of iris's 3 classes into the first part and 10 into the second. Rows
   * within a part are in shuffled order, not grouped by class.
   *
   * @throws IllegalArgumentException if the data set has no labels, the fractions are bad (as for
   *     {@link #split}), or a part would be empty
   */
  public static List<Dataset> stratified(Dataset data, long seed, double... fractions) {
    Objects.requireNonNull(data, "data");
    if (!data.hasLabels()) {
      throw new IllegalArgumentException("a stratified split needs labels; " + data + " has none");
    }
    requireFractions(fractions);
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = new int[data.rows()];
    Permutation.identity(order);
    Permutation.shuffle(order, random);

    int[] labels = data.labels();
    int[] classSizes = new int[data.classCount()];
    for (int label : labels) {
      classSizes[label]++;
    }
    int[][] partRows = new int[fractions.length][];
    int[] partSizes = new int[fractions.length];
    int[][] classEnds = new int[classSizes.length][];
    for (int label = 0; label < classSizes.length; label++) {
      classEnds[label] = ends(classSizes[label], fractions);
      int start = 0;
      for (int part = 0; part < fractions.length; part++) {
        partSizes[part] += classEnds[label][part] - start;
        start = classEnds[label][part];
      }
    }
    for (int part = 0; part < fractions.length; part++) {
      if (partSizes[part] == 0) {
        throw new IllegalArgumentException("fraction " + fractions[part] + " of each class of "
            + data + " leaves part " + part + " empty");
      }
      partRows[part] = new int[partSizes[part]];
    }
    // Walking the shuffled order, a row's rank within its class decides its part.
    int[] seenOfClass = new int[classSizes.length];
    int[] filled = new int[fractions.length];
    for (int row : order) {
      int label = labels[row];
      int rank = seenOfClass[label]++;
      int part = 0;
      while (rank >= classEnds[label][part]) {
        part++;
      }
      partRows[part][filled[part]++] = row;
    }
    List<Dataset> parts = new ArrayList<>(fractions.length);
    for (int[] rows : partRows) {
      parts.add(data.subset(rows));
    }
    return parts;
  }

  private static void requireFractions(double[] fractions) {
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
  }

  /** End (exclusive) of each part of {@code rows} rows, rounded at the cumulative boundaries. */
  private static int[] ends(int rows, double[] fractions) {
    int[] ends = new int[fractions.length];
    double cumulative = 0;
    for (int part = 0; part < fractions.length; part++) {
      cumulative += fractions[part];
      ends[part] = part == fractions.length - 1 ? rows : (int) Math.round(cumulative * rows);
    }
    return ends;
  }
}
