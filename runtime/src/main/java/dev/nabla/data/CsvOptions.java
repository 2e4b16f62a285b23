package dev.nabla.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * How {@link Csv#dataset(java.nio.file.Path, CsvOptions)} turns a CSV file into a
 * {@link Dataset}: which column holds the class label (or which hold regression targets), which
 * columns are features (by default every other column), the separator, whether a header line
 * names the columns, and what to do with missing (empty) cells. Immutable; each method returns a
 * new description. Columns are named by header name or by 0-based position.
 *
 * <pre>{@code
 * CsvDataset iris = Csv.dataset(Path.of("iris.csv"), CsvOptions.classLabel("species"));
 * CsvDataset cancer = Csv.dataset(file, CsvOptions.classLabel("Class")
 *     .features("Cl.thickness", "Cell.size", "Bare.nuclei")
 *     .classNames("benign", "malignant")
 *     .dropRowsWithMissingValues());
 * CsvDataset houses = Csv.dataset(file, CsvOptions.targets("price").separator(';'));
 * }</pre>
 */
public final class CsvOptions {
  /** A column named by header name ({@code name != null}) or by position. */
  record Column(String name, int index) {
    static Column named(String name) {
      return new Column(Objects.requireNonNull(name, "column name"), -1);
    }

    static Column at(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("column positions start at 0, got " + index);
      }
      return new Column(null, index);
    }

    @Override
    public String toString() {
      return name != null ? "'" + name + "'" : "at position " + index;
    }
  }

  private final List<Column> label;
  private final boolean classes;
  private final List<Column> features;
  private final List<String> classNames;
  private final char separator;
  private final boolean header;
  private final boolean dropIncomplete;

  private CsvOptions(List<Column> label, boolean classes, List<Column> features,
      List<String> classNames, char separator, boolean header, boolean dropIncomplete) {
    this.label = List.copyOf(label);
    this.classes = classes;
    this.features = features == null ? null : List.copyOf(features);
    this.classNames = classNames == null ? null : List.copyOf(classNames);
    this.separator = separator;
    this.header = header;
    this.dropIncomplete = dropIncomplete;
  }

  private static CsvOptions of(List<Column> label, boolean classes) {
    return new CsvOptions(label, classes, null, null, ',', true, false);
  }

  /**
   * Column {@code name} holds each row's class. Class names map to indices in sorted order, or in
   * the order of {@link #classNames} when given; when every label is a non-negative integer, the
   * label is the index itself.
   */
  public static CsvOptions classLabel(String name) {
    return of(List.of(Column.named(name)), true);
  }

  /** Like {@link #classLabel(String)}, the column at 0-based {@code position}. */
  public static CsvOptions classLabel(int position) {
    return of(List.of(Column.at(position)), true);
  }

  /** The named columns hold numeric regression targets, in this order. */
  public static CsvOptions targets(String... names) {
    return of(columns(names.length, i -> Column.named(names[i])), false);
  }

  /** The columns at these 0-based positions hold numeric regression targets, in this order. */
  public static CsvOptions targets(int... positions) {
    return of(columns(positions.length, i -> Column.at(positions[i])), false);
  }

  /** Only these columns, in this order, are features (default: every non-label column). */
  public CsvOptions features(String... names) {
    return withFeatures(columns(names.length, i -> Column.named(names[i])));
  }

  /** Only the columns at these 0-based positions, in this order, are features. */
  public CsvOptions features(int... positions) {
    return withFeatures(columns(positions.length, i -> Column.at(positions[i])));
  }

  private CsvOptions withFeatures(List<Column> chosen) {
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("at least one feature column is needed");
    }
    return new CsvOptions(label, classes, chosen, classNames, separator, header, dropIncomplete);
  }

  /**
   * The class names in index order: {@code names[i]} becomes label i, and any other name in the
   * label column is an error.
   *
   * @throws IllegalStateException for regression targets
   * @throws IllegalArgumentException if no names are given or one repeats
   */
  public CsvOptions classNames(String... names) {
    if (!classes) {
      throw new IllegalStateException("class names need a class label column, not targets");
    }
    List<String> list = List.of(names);
    if (list.isEmpty() || list.stream().distinct().count() != list.size()) {
      throw new IllegalArgumentException("class names must be given and distinct: " + list);
    }
    return new CsvOptions(label, classes, features, list, separator, header, dropIncomplete);
  }

  /** Fields are split by {@code separator} (default {@code ,}). */
  public CsvOptions separator(char separator) {
    return new CsvOptions(label, classes, features, classNames, separator, header,
        dropIncomplete);
  }

  /** The first line is data, not a header; columns are then named by position only. */
  public CsvOptions noHeader() {
    return new CsvOptions(label, classes, features, classNames, separator, false,
        dropIncomplete);
  }

  /**
   * Rows with an empty (or blank) cell in a used column are skipped, and counted in
   * {@link CsvDataset#droppedRows()}. By default such a cell is an error.
   */
  public CsvOptions dropRowsWithMissingValues() {
    return new CsvOptions(label, classes, features, classNames, separator, header, true);
  }

  private static List<Column> columns(int count, IntFunction<Column> column) {
    List<Column> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(column.apply(i));
    }
    if (list.stream().distinct().count() != list.size()) {
      throw new IllegalArgumentException("a column is named twice: " + list);
    }
    return list;
  }

  char separator() {
    return separator;
  }

  boolean header() {
    return header;
  }

  List<Column> label() {
    return label;
  }

  boolean classes() {
    return classes;
  }

  /** The chosen feature columns, or {@code null} for every non-label column. */
  List<Column> features() {
    return features;
  }

  /** The given class names, or {@code null} to derive them from the data. */
  List<String> classNames() {
    return classNames;
  }

  boolean dropIncomplete() {
    return dropIncomplete;
  }

  @Override
  public String toString() {
    return "CsvOptions(" + (classes ? "class label " : "targets ") + label
        + (features == null ? "" : ", features " + features)
        + (classNames == null ? "" : ", classes " + classNames)
        + ", separator '" + separator + "'" + (header ? "" : ", no header")
        + (dropIncomplete ? ", dropping incomplete rows" : "") + ")";
  }
}
