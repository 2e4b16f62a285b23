package dev.nabla.samples.breastcancer;

import dev.nabla.data.Csv;
import dev.nabla.data.Dataset;
import dev.nabla.data.Splits;
import dev.nabla.data.Standardizer;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Wisconsin (original) breast-cancer data shipped with the samples: 699 rows, of which the
 * 16 with a missing Bare.nuclei are dropped (683 left); class benign → 0, malignant → 1. Split
 * 60/20/20 with a fixed seed and standardized with the training split's mean and std.
 */
record BreastCancerData(Dataset train, Dataset valid, Dataset test, int rowsInFile) {
  static final String RESOURCE = "/dev/nabla/samples/breast-cancer-wisconsin.csv";
  static final List<String> FEATURES = List.of("Cl.thickness", "Cell.size", "Cell.shape",
      "Marg.adhesion", "Epith.c.size", "Bare.nuclei", "Bl.cromatin", "Normal.nucleoli",
      "Mitoses");

  static BreastCancerData load(long splitSeed) {
    Csv.Table table;
    try (Reader reader = new InputStreamReader(
        BreastCancerData.class.getResourceAsStream(RESOURCE), StandardCharsets.UTF_8)) {
      table = Csv.read(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    int[] columns = FEATURES.stream().mapToInt(table::column).toArray();
    int classColumn = table.column("Class");
    List<List<String>> complete = table.rows().stream()
        .filter(row -> FEATURES.stream().noneMatch(f -> row.get(table.column(f)).isEmpty()))
        .toList();
    float[] features = new float[complete.size() * columns.length];
    int[] labels = new int[complete.size()];
    for (int r = 0; r < complete.size(); r++) {
      List<String> row = complete.get(r);
      for (int c = 0; c < columns.length; c++) {
        features[r * columns.length + c] = Float.parseFloat(row.get(columns[c]));
      }
      String label = row.get(classColumn);
      labels[r] = switch (label) {
        case "benign" -> 0;
        case "malignant" -> 1;
        default -> throw new IllegalArgumentException("unknown class '" + label + "' in row " + r);
      };
    }
    List<Dataset> parts = Splits.split(Dataset.withLabels(features, columns.length, labels),
        splitSeed, 0.6, 0.2, 0.2);
    Standardizer standardizer = Standardizer.fit(parts.get(0));
    return new BreastCancerData(standardizer.apply(parts.get(0)),
        standardizer.apply(parts.get(1)), standardizer.apply(parts.get(2)), table.rows().size());
  }

  int rows() {
    return train.rows() + valid.rows() + test.rows();
  }
}
