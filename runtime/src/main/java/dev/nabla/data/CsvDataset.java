package dev.nabla.data;

import dev.nabla.data.CsvOptions.Column;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@link Dataset} read from CSV by {@link Csv#dataset(java.nio.file.Path, CsvOptions)}, with
 * the names of its feature columns, its class names ({@code classNames().get(label)}; empty for
 * regression targets) and the number of rows skipped for missing values.
 */
public record CsvDataset(Dataset dataset, List<String> featureNames, List<String> classNames,
    int droppedRows) {
  /** A decimal number as written in CSV files; Java's suffixes (1f, 1d) and hex are refused. */
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity)");
  private static final Pattern INDEX = Pattern.compile("\\d{1,9}");

  public CsvDataset {
    featureNames = List.copyOf(featureNames);
    classNames = List.copyOf(classNames);
  }

  /** Converts the records of {@code table} as {@code options} say. */
  static CsvDataset from(Csv.Table table, CsvOptions options) {
    List<String> header = table.header();
    List<List<String>> records = table.rows();
    if (!options.header()) {
      records = new ArrayList<>(records.size() + 1);
      records.add(header);
      records.addAll(table.rows());
    }
    if (records.isEmpty()) {
      throw new IllegalArgumentException("the CSV text has a header but no data rows");
    }
    int width = header.size();
    int[] labelColumns = resolve(options.label(), header, options.header());
    int[] featureColumns = options.features() != null
        ? resolve(options.features(), header, options.header())
        : others(labelColumns, width);
    for (int feature : featureColumns) {
      for (int label : labelColumns) {
        if (feature == label) {
          throw new IllegalArgumentException("column " + name(header, options.header(), label)
              + " is both a feature and the " + (options.classes() ? "label" : "target"));
        }
      }
    }
    if (featureColumns.length == 0) {
      throw new IllegalArgumentException("no column is left for features");
    }

    List<List<String>> kept = new ArrayList<>(records.size());
    List<Integer> rowNumbers = new ArrayList<>(records.size());
    int dropped = 0;
    for (int r = 0; r < records.size(); r++) {
      List<String> record = records.get(r);
      int missing = firstMissing(record, labelColumns, featureColumns);
      if (missing < 0) {
        kept.add(record);
        rowNumbers.add(r + 1);
      } else if (options.dropIncomplete()) {
        dropped++;
      } else {
        throw new IllegalArgumentException("row " + (r + 1) + ", column "
            + name(header, options.header(), missing) + " is empty; use "
            + "CsvOptions.dropRowsWithMissingValues() to skip such rows");
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("all " + records.size()
          + " rows have a missing value; none is left");
    }

    float[] features = new float[Math.multiplyExact(kept.size(), featureColumns.length)];
    for (int r = 0; r < kept.size(); r++) {
      for (int c = 0; c < featureColumns.length; c++) {
        features[r * featureColumns.length + c] = number(kept.get(r), featureColumns[c],
            rowNumbers.get(r), header, options.header());
      }
    }
    List<String> featureNames = new ArrayList<>();
    for (int column : featureColumns) {
      featureNames.add(options.header() ? header.get(column) : "column " + column);
    }
    if (!options.classes()) {
      float[] targets = new float[Math.multiplyExact(kept.size(), labelColumns.length)];
      for (int r = 0; r < kept.size(); r++) {
        for (int c = 0; c < labelColumns.length; c++) {
          targets[r * labelColumns.length + c] = number(kept.get(r), labelColumns[c],
              rowNumbers.get(r), header, options.header());
        }
      }
      return new CsvDataset(Dataset.withTargets(features, featureColumns.length, targets,
          labelColumns.length), featureNames, List.of(), dropped);
    }
    int labelColumn = labelColumns[0];
    List<String> names = new ArrayList<>(kept.size());
    for (List<String> record : kept) {
      names.add(record.get(labelColumn).strip());
    }
    List<String> classNames = options.classNames() != null ? options.classNames()
        : classNamesOf(names);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classNames.size(); i++) {
      index.put(classNames.get(i), i);
    }
    int[] labels = new int[kept.size()];
    for (int r = 0; r < labels.length; r++) {
      Integer label = index.get(names.get(r));
      if (label == null) {
        throw new IllegalArgumentException("row " + rowNumbers.get(r) + ", column "
            + name(header, options.header(), labelColumn) + ": class '" + names.get(r)
            + "' is not one of " + classNames);
      }
      labels[r] = label;
    }
    return new CsvDataset(Dataset.withLabels(features, featureColumns.length, labels),
        featureNames, classNames, dropped);
  }

  /** "0".."max" when every name is a small non-negative integer, else the sorted names. */
  private static List<String> classNamesOf(List<String> names) {
    if (names.stream().allMatch(name -> INDEX.matcher(name).matches())) {
      int max = names.stream().mapToInt(Integer::parseInt).max().orElseThrow();
      List<String> indices = new ArrayList<>(max + 1);
      for (int i = 0; i <= max; i++) {
        indices.add(Integer.toString(i));
      }
      if (names.stream().allMatch(indices::contains)) {
        return indices;
      }
    }
    return new ArrayList<>(new TreeSet<>(names));
  }

  private static float number(List<String> record, int column, int row, List<String> header,
      boolean named) {
    String text = record.get(column).strip();
    if (!NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException("row " + row + ", column " + name(header, named, column)
          + ": '" + text + "' is not a number");
    }
    float value = Float.parseFloat(text);
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("row " + row + ", column " + name(header, named, column)
          + ": '" + text + "' is not a finite float");
    }
    return value;
  }

  /** The first used column whose cell is blank, or -1. */
  private static int firstMissing(List<String> record, int[] labels, int[] features) {
    for (int[] columns : new int[][] {labels, features}) {
      for (int column : columns) {
        if (record.get(column).isBlank()) {
          return column;
        }
      }
    }
    return -1;
  }

  private static int[] others(int[] excluded, int width) {
    int[] columns = new int[width - excluded.length];
    int next = 0;
    outer:
    for (int column = 0; column < width; column++) {
      for (int skip : excluded) {
        if (skip == column) {
          continue outer;
        }
      }
      columns[next++] = column;
    }
    return columns;
  }

  private static int[] resolve(List<Column> columns, List<String> header, boolean named) {
    int[] positions = new int[columns.size()];
    for (int i = 0; i < positions.length; i++) {
      Column column = columns.get(i);
      if (column.name() == null) {
        if (column.index() >= header.size()) {
          throw new IllegalArgumentException("column " + column + " does not exist; the rows have "
              + header.size() + " columns");
        }
        positions[i] = column.index();
      } else if (!named) {
        throw new IllegalArgumentException("column " + column
            + " is named, but the file has no header; name columns by position");
      } else {
        positions[i] = new Csv.Table(header, List.of()).column(column.name());
      }
    }
    return positions;
  }

  private static String name(List<String> header, boolean named, int column) {
    return named ? "'" + header.get(column) + "' (" + column + ")" : Integer.toString(column);
  }
}
