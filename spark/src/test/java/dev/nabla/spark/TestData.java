package dev.nabla.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of {@link TinyNet} data: 6 features in [-1, 1] and a class given by which of three
 * feature pairs has the largest sum, as row-major arrays and as DataFrames.
 */
final class TestData {
  final float[] x;
  final int[] labels;

  TestData(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    x = new float[rows * TinyNetModel.INPUTS];
    labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      float best = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < 3; c++) {
        float a = (float) random.nextDouble(-1, 1);
        float b = (float) random.nextDouble(-1, 1);
        x[r * 6 + 2 * c] = a;
        x[r * 6 + 2 * c + 1] = b;
        if (a + b > best) {
          best = a + b;
          labels[r] = c;
        }
      }
    }
  }

  int rows() {
    return labels.length;
  }

  float[] row(int r) {
    float[] features = new float[6];
    System.arraycopy(x, r * 6, features, 0, 6);
    return features;
  }

  /**
   * Columns id (int), features (Spark ML vector), floats (array&lt;float&gt;) and label (double),
   * in {@code partitions} partitions of consecutive rows (as {@code parallelize} slices a list).
   */
  Dataset<Row> frame(int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < rows(); r++) {
      float[] features = row(r);
      double[] asDoubles = new double[6];
      Float[] boxed = new Float[6];
      for (int i = 0; i < 6; i++) {
        asDoubles[i] = features[i];
        boxed[i] = features[i];
      }
      rows.add(RowFactory.create(r, Vectors.dense(asDoubles), boxed, (double) labels[r]));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType, false)
        .add("features", SQLDataTypes.VectorType(), false)
        .add("floats", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("label", DataTypes.DoubleType, false);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(
        SharedSpark.session().sparkContext());
    return SharedSpark.session().createDataFrame(context.parallelize(rows, partitions), schema);
  }
}
