package dev.nabla.train;

import dev.nabla.NablaModel;
import dev.nabla.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * Counts of (actual, predicted) class pairs, and the classifier metrics taken from them: accuracy,
 * per-class precision, recall and F1, and their macro averages (unweighted means over the
 * classes, as scikit-learn's {@code average="macro"}).
 *
 * <p>A ratio whose denominator is 0 (precision of a class never predicted, recall of a class that
 * never occurs) is 0, as scikit-learn reports it by default.
 *
 * <p>Counting allocates nothing, so a matrix can be {@link #clear() cleared} and refilled after
 * every epoch. {@link #toString()} prints the matrix and a per-class report.
 */
public final class ConfusionMatrix {
  private final List<String> classNames;
  private final int classes;
  private final long[] counts;

  /** A matrix for classes 0 … {@code classes − 1}, named by their numbers. */
  public ConfusionMatrix(int classes) {
    this(numbered(classes));
  }

  /**
   * A matrix for the classes named, in label order.
   *
   * @throws IllegalArgumentException if there are fewer than 2 names, or a name is blank or
   *     repeated
   */
  public ConfusionMatrix(List<String> classNames) {
    this.classNames = List.copyOf(classNames);
    if (this.classNames.size() < 2) {
      throw new IllegalArgumentException("a confusion matrix needs at least 2 classes, got "
          + this.classNames.size());
    }
    for (int c = 0; c < this.classNames.size(); c++) {
      String name = this.classNames.get(c);
      if (name.isBlank()) {
        throw new IllegalArgumentException("class " + c + " has a blank name");
      }
      if (this.classNames.indexOf(name) != c) {
        throw new IllegalArgumentException("classes " + this.classNames.indexOf(name) + " and "
            + c + " are both named \"" + name + "\"");
      }
    }
    this.classes = this.classNames.size();
    this.counts = new long[classes * classes];
  }

  /**
   * The confusion matrix of {@code model}'s predictions on {@code data}, with the model's outputs
   * as classes.
   *
   * @throws IllegalArgumentException if the data set has no labels or does not fit the model
   */
  public static ConfusionMatrix of(NablaModel model, Dataset data) {
    ConfusionMatrix matrix = new ConfusionMatrix(model.outputs());
    new Evaluator(model, data).addPredictionsTo(matrix);
    return matrix;
  }

  private static List<String> numbered(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("a confusion matrix needs at least 2 classes, got "
          + classes);
    }
    String[] names = new String[classes];
    for (int c = 0; c < classes; c++) {
      names[c] = Integer.toString(c);
    }
    return List.of(names);
  }

  public int classes() {
    return classes;
  }

  public List<String> classNames() {
    return classNames;
  }

  /**
   * Counts one example.
   *
   * @throws IllegalArgumentException if a class is outside [0, classes)
   */
  public void add(int actual, int predicted) {
    requireClass("actual", actual, 0);
    requireClass("predicted", predicted, 0);
    counts[actual * classes + predicted]++;
  }

  /**
   * Counts the first {@code rows} pairs {@code (actual[i], predicted[i])}. Every pair is checked
   * before any is counted, so a bad one leaves the matrix as it was.
   *
   * @throws IllegalArgumentException if {@code rows} exceeds an array's length or a class is
   *     outside [0, classes) (the message names the row)
   */
  public void add(int[] actual, int[] predicted, int rows) {
    if (rows < 0 || rows > actual.length || rows > predicted.length) {
      throw new IllegalArgumentException("rows must be between 0 and the arrays' lengths ("
          + actual.length + " actual, " + predicted.length + " predicted), got " + rows);
    }
    for (int i = 0; i < rows; i++) {
      requireClass("actual", actual[i], i);
      requireClass("predicted", predicted[i], i);
    }
    for (int i = 0; i < rows; i++) {
      counts[actual[i] * classes + predicted[i]]++;
    }
  }

  private void requireClass(String role, int value, int row) {
    if (value < 0 || value >= classes) {
      throw new IllegalArgumentException(role + " class " + value + " in row " + row
          + " is outside [0, " + classes + ")");
    }
  }

  /** Forgets every count. */
  public void clear() {
    Arrays.fill(counts, 0);
  }

  /** Examples of class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    Objects.checkIndex(actual, classes);
    Objects.checkIndex(predicted, classes);
    return counts[actual * classes + predicted];
  }

  /** All examples counted. */
  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /** Examples whose actual class is {@code c}. */
  public long support(int c) {
    Objects.checkIndex(c, classes);
    long support = 0;
    for (int predicted = 0; predicted < classes; predicted++) {
      support += counts[c * classes + predicted];
    }
    return support;
  }

  /** Examples predicted as class {@code c}. */
  public long predictedAs(int c) {
    Objects.checkIndex(c, classes);
    long predicted = 0;
    for (int actual = 0; actual < classes; actual++) {
      predicted += counts[actual * classes + c];
    }
    return predicted;
  }

  /** Fraction of examples predicted correctly (0 when none are counted). */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < classes; c++) {
      correct += counts[c * classes + c];
    }
    return ratio(correct, total());
  }

  /** Of the examples predicted as {@code c}, the fraction that are {@code c}. */
  public double precision(int c) {
    return ratio(count(c, c), predictedAs(c));
  }

  /** Of the examples of class {@code c}, the fraction predicted as {@code c}. */
  public double recall(int c) {
    return ratio(count(c, c), support(c));
  }

  /** Harmonic mean of precision and recall: 2·TP / (2·TP + FP + FN). */
  public double f1(int c) {
    long truePositives = count(c, c);
    return ratio(2 * truePositives, predictedAs(c) + support(c));
  }

  public double macroPrecision() {
    return mean(this::precision);
  }

  public double macroRecall() {
    return mean(this::recall);
  }

  /** Mean of the per-class F1 scores (not the F1 of the macro precision and recall). */
  public double macroF1() {
    return mean(this::f1);
  }

  private double mean(IntToDoubleFunction perClass) {
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += perClass.applyAsDouble(c);
    }
    return sum / classes;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }

  /**
   * The matrix (rows actual, columns predicted, columns numbered by class to stay narrow), then
   * precision, recall, F1 and support per class, the macro averages and the accuracy.
   */
  @Override
  public String toString() {
    int nameWidth = "macro avg".length();
    for (int c = 0; c < classes; c++) {
      nameWidth = Math.max(nameWidth, rowLabel(c).length());
    }
    int countWidth = Math.max(Long.toString(total()).length(), Integer.toString(classes).length());
    String label = "%-" + nameWidth + "s";
    String count = " %" + countWidth + "d";
    StringBuilder text = new StringBuilder("rows: actual class, columns: predicted class\n");
    text.append(String.format(Locale.ROOT, label, ""));
    for (int predicted = 0; predicted < classes; predicted++) {
      text.append(String.format(Locale.ROOT, count, predicted));
    }
    text.append('\n');
    for (int actual = 0; actual < classes; actual++) {
      text.append(String.format(Locale.ROOT, label, rowLabel(actual)));
      for (int predicted = 0; predicted < classes; predicted++) {
        text.append(String.format(Locale.ROOT, count, counts[actual * classes + predicted]));
      }
      text.append('\n');
    }
    String numbers = label + " %9.4f %9.4f %9.4f %9d%n";
    text.append('\n').append(String.format(Locale.ROOT, label + " %9s %9s %9s %9s%n", "",
        "precision", "recall", "f1", "support"));
    for (int c = 0; c < classes; c++) {
      text.append(String.format(Locale.ROOT, numbers, rowLabel(c), precision(c), recall(c),
          f1(c), support(c)));
    }
    text.append(String.format(Locale.ROOT, numbers, "macro avg", macroPrecision(), macroRecall(),
        macroF1(), total()));
    text.append(String.format(Locale.ROOT, label + " %29.4f %9d%n", "accuracy", accuracy(),
        total()));
    return text.toString();
  }

  /** A class's number and, when it has one of its own, its name. */
  private String rowLabel(int c) {
    String number = Integer.toString(c);
    return classNames.get(c).equals(number) ? number : number + " " + classNames.get(c);
  }
}
