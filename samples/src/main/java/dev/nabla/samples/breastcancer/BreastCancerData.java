package dev.nabla.samples.breastcancer;

import dev.nabla.data.Csv;
import dev.nabla.data.CsvDataset;
import dev.nabla.data.CsvOptions;
import dev.nabla.data.Dataset;
import dev.nabla.data.Splits;
import dev.nabla.data.Standardizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Wisconsin (original) breast-cancer data shipped with the samples: 699 rows, of which the
 * 16 with a missing Bare.nuclei are dropped (683 left); class benign → 0, malignant → 1. Split
 * 60/20/20 (410/137/136) and standardized with the training split's mean and std.
 *
 * <p>By default the split is the PyTorch reference's own row order (a shipped permutation), so
 * the two sides train and test on identical rows; {@link #load(long)} shuffles with a seed
 * instead.
 */
record BreastCancerData(Dataset train, Dataset valid, Dataset test, int rowsInFile,
    String split) {
  static final String RESOURCE = "/dev/nabla/samples/breast-cancer-wisconsin.csv";
  static final String REFERENCE_SPLIT = "/dev/nabla/samples/breast-cancer-reference-split.txt";
  static final int ROWS_IN_FILE = 699;
  static final List<String> FEATURES = List.of("Cl.thickness", "Cell.size", "Cell.shape",
      "Marg.adhesion", "Epith.c.size", "Bare.nuclei", "Bl.cromatin", "Normal.nucleoli",
      "Mitoses");

  /** The split of the PyTorch reference. */
  static BreastCancerData loadReferenceSplit() {
    Dataset all = loadAll();
    String text = read(REFERENCE_SPLIT);
    int[] order = text.lines().filter(line -> !line.startsWith("#"))
        .flatMap(line -> Arrays.stream(line.split(","))).mapToInt(Integer::parseInt).toArray();
    if (order.length != all.rows()) {
      throw new IllegalStateException(REFERENCE_SPLIT + " has " + order.length
          + " indices for " + all.rows() + " rows");
    }
    int train = (int) Math.round(0.6 * order.length);
    int valid = (int) Math.round(0.2 * order.length);
    return standardized(List.of(all.subset(Arrays.copyOfRange(order, 0, train)),
        all.subset(Arrays.copyOfRange(order, train, train + valid)),
        all.subset(Arrays.copyOfRange(order, train + valid, order.length))), "the reference's");
  }

  /** A 60/20/20 split shuffled with {@code splitSeed}. */
  static BreastCancerData load(long splitSeed) {
    return standardized(Splits.split(loadAll(), splitSeed, 0.6, 0.2, 0.2), "seed " + splitSeed);
  }

  private static BreastCancerData standardized(List<Dataset> parts, String split) {
    Standardizer standardizer = Standardizer.fit(parts.get(0));
    return new BreastCancerData(standardizer.apply(parts.get(0)),
        standardizer.apply(parts.get(1)), standardizer.apply(parts.get(2)), ROWS_IN_FILE, split);
  }

  private static String read(String resource) {
    try (InputStream in = BreastCancerData.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The 683 complete rows in file order. */
  private static Dataset loadAll() {
    CsvDataset csv;
    try (Reader reader = new StringReader(read(RESOURCE))) {
      csv = Csv.dataset(reader, CsvOptions.classLabel("Class")
          .features(FEATURES.toArray(String[]::new))
          .classNames("benign", "malignant")
          .dropRowsWithMissingValues());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + RESOURCE, e);
    }
    int rows = csv.dataset().rows() + csv.droppedRows();
    if (rows != ROWS_IN_FILE) {
      throw new IllegalStateException(RESOURCE + " has " + rows + " rows, expected "
          + ROWS_IN_FILE);
    }
    return csv.dataset();
  }

  int rows() {
    return train.rows() + valid.rows() + test.rows();
  }
}
