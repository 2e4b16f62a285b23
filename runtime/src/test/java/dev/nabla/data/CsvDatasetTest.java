package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
  private static final String HEADER =
      "sepal_length,sepal_width,petal_length,petal_width,species\n";

  private static CsvDataset read(String text, CsvOptions options) throws IOException {
    return Csv.dataset(new StringReader(text), options);
  }

  private static String rejection(String text, CsvOptions options) {
    return assertThrows(IllegalArgumentException.class, () -> read(text, options)).getMessage();
  }

  private static Path iris() throws URISyntaxException {
    return Path.of(CsvDatasetTest.class.getResource("iris-sample.csv").toURI());
  }

  @Test
  void readsIrisWithSortedClassNamesAndEveryOtherColumnAsFeatures() throws Exception {
    CsvDataset iris = Csv.dataset(iris(), CsvOptions.classLabel("species"));
    Dataset data = iris.dataset();
    assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
    assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
        iris.featureNames());
    assertEquals(9, data.rows());
    assertEquals(4, data.width());
    assertArrayEquals(new int[] {1, 0, 2, 1, 0, 2, 1, 0, 2}, data.labels());
    assertArrayEquals(new float[] {7.0f, 3.2f, 4.7f, 1.4f, 5.1f, 3.5f, 1.4f, 0.2f},
        Arrays.copyOf(data.features(), 8));
    assertEquals(0, iris.droppedRows());
    assertFalse(data.hasTargets());
  }

  @Test
  void givenClassNamesFixTheIndicesAndAnUnknownClassIsAnError() throws Exception {
    CsvDataset iris = Csv.dataset(iris(),
        CsvOptions.classLabel(4).classNames("virginica", "versicolor", "setosa"));
    assertArrayEquals(new int[] {1, 2, 0, 1, 2, 0, 1, 2, 0}, iris.dataset().labels());
    String message = assertThrows(IllegalArgumentException.class, () -> Csv.dataset(iris(),
        CsvOptions.classLabel("species").classNames("setosa", "versicolor"))).getMessage();
    assertEquals(iris() + ": row 3, column 'species' (4): class 'virginica' is not one of "
        + "[setosa, versicolor]", message);
  }

  @Test
  void chosenFeaturesComeInTheGivenOrder() throws IOException {
    CsvDataset data = read(HEADER + "5.1,3.5,1.4,0.2,setosa\n",
        CsvOptions.classLabel("species").features("petal_width", "sepal_length"));
    assertEquals(List.of("petal_width", "sepal_length"), data.featureNames());
    assertArrayEquals(new float[] {0.2f, 5.1f}, data.dataset().features());
  }

  @Test
  void readsRegressionTargetsByPositionWithoutHeaderAndAnotherSeparator() throws IOException {
    CsvDataset data = read("1;2;10;-1e-1\n3;4;20;+.5\n",
        CsvOptions.targets(2, 3).noHeader().separator(';'));
    Dataset set = data.dataset();
    assertEquals(2, set.targetWidth());
    assertArrayEquals(new float[] {10, -0.1f, 20, 0.5f}, set.targets());
    assertArrayEquals(new float[] {1, 2, 3, 4}, set.features());
    assertEquals(List.of("column 0", "column 1"), data.featureNames());
    assertEquals(List.of(), data.classNames());
    assertFalse(set.hasLabels());
  }

  @Test
  void integerLabelsAreTheirOwnIndices() throws IOException {
    CsvDataset data = read("x,digit\n1,2\n2,0\n3,10\n4,1\n5,3\n6,4\n7,5\n8,6\n9,7\n10,8\n11,9\n",
        CsvOptions.classLabel("digit"));
    assertArrayEquals(new int[] {2, 0, 10, 1, 3, 4, 5, 6, 7, 8, 9}, data.dataset().labels());
    assertEquals(11, data.classNames().size());
  }

  @Test
  void aNonNumericCellIsAnErrorNamingRowAndColumn() {
    assertEquals("row 2, column 'sepal_width' (1): 'abc' is not a number",
        rejection(HEADER + "5.1,3.5,1.4,0.2,setosa\n4.9,abc,1.4,0.2,setosa\n",
            CsvOptions.classLabel("species")));
    assertEquals("row 1, column 'petal_length' (2): '1f' is not a number",
        rejection(HEADER + "5.1,3.5,1f,0.2,setosa\n", CsvOptions.classLabel("species")));
    assertEquals("row 1, column 'petal_width' (3): 'NaN' is not a finite float",
        rejection(HEADER + "5.1,3.5,1,NaN,setosa\n", CsvOptions.classLabel("species")));
    assertEquals("row 1, column 'petal_width' (3): '1e39' is not a finite float",
        rejection(HEADER + "5.1,3.5,1,1e39,setosa\n", CsvOptions.classLabel("species")));
    assertEquals("row 1, column 1: 'x' is not a number",
        rejection("1,x,3\n", CsvOptions.targets(2).noHeader()));
  }

  @Test
  void missingCellsAreAnErrorUnlessRowsAreDropped() throws IOException {
    String text = HEADER + "5.1,3.5,1.4,0.2,setosa\n4.9, ,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,\n"
        + "6.4,3.2,4.5,1.5,versicolor\n";
    assertEquals("row 2, column 'sepal_width' (1) is empty; use "
        + "CsvOptions.dropRowsWithMissingValues() to skip such rows",
        rejection(text, CsvOptions.classLabel("species")));
    CsvDataset kept = read(text, CsvOptions.classLabel("species").dropRowsWithMissingValues());
    assertEquals(2, kept.droppedRows());
    assertArrayEquals(new int[] {0, 1}, kept.dataset().labels());
    // Only the label is missing once when sepal_width is not used.
    assertEquals(1, read(text, CsvOptions.classLabel("species").features("sepal_length")
        .dropRowsWithMissingValues()).droppedRows());
    assertEquals("all 1 rows have a missing value; none is left", rejection(HEADER
        + "1,2,3,,a\n", CsvOptions.classLabel("species").dropRowsWithMissingValues()));
  }

  @Test
  void raggedEmptyAndHeaderOnlyFilesAreErrorsNamingTheFile(@TempDir Path dir) throws IOException {
    Path ragged = Files.writeString(dir.resolve("ragged.csv"), HEADER + "5.1,3.5,1.4,setosa\n");
    assertEquals(ragged + ": line 2 has 4 fields but the header has 5",
        assertThrows(IllegalArgumentException.class,
            () -> Csv.dataset(ragged, CsvOptions.classLabel("species"))).getMessage());
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    assertEquals(empty + ": the CSV text is empty; a header line is required",
        assertThrows(IllegalArgumentException.class,
            () -> Csv.dataset(empty, CsvOptions.classLabel("species"))).getMessage());
    assertEquals("the CSV text has a header but no data rows",
        rejection(HEADER, CsvOptions.classLabel("species")));
  }

  @Test
  void badColumnChoicesAreErrors() {
    String text = HEADER + "5.1,3.5,1.4,0.2,setosa\n";
    assertEquals("no column named 'kind'; the header is [sepal_length, sepal_width, "
        + "petal_length, petal_width, species]", rejection(text, CsvOptions.classLabel("kind")));
    assertEquals("column at position 5 does not exist; the rows have 5 columns",
        rejection(text, CsvOptions.classLabel(5)));
    assertEquals("column 'species' is named, but the file has no header; name columns by "
        + "position", rejection("1,2,a\n", CsvOptions.classLabel("species").noHeader()));
    assertEquals("column 'species' (4) is both a feature and the label",
        rejection(text, CsvOptions.classLabel("species").features("sepal_length", "species")));
    assertEquals("a column is named twice: ['x', 'x']", assertThrows(
        IllegalArgumentException.class, () -> CsvOptions.targets("x", "x")).getMessage());
    assertThrows(IllegalStateException.class, () -> CsvOptions.targets("y").classNames("a"));
  }
}
