package dev.nabla.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * A feature column, a Spark ML {@link Vector} or an {@code array<float>} (or {@code array<double>})
 * of {@code width} values per row, copied into a row-major float batch without allocating.
 */
final class FeatureColumn implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final int index;
  private final int width;
  private final boolean vector;

  private FeatureColumn(String name, int index, int width, boolean vector) {
    this.name = name;
    this.index = index;
    this.width = width;
    this.vector = vector;
  }

  /**
   * The column {@code name} of {@code schema}, which must hold vectors or float or double arrays.
   *
   * @throws IllegalArgumentException naming the column and its type otherwise
   */
  static FeatureColumn of(StructType schema, String name, int width) {
    checkType(schema, name);
    boolean vector = schema.apply(name).dataType() instanceof VectorUDT;
    return new FeatureColumn(name, schema.fieldIndex(name), width, vector);
  }

  /** Refuses a missing column or one that is neither a vector nor a float or double array. */
  static void checkType(StructType schema, String name) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("no feature column '" + name + "' in " + schema.simpleString());
    }
    StructField field = schema.apply(name);
    DataType type = field.dataType();
    boolean array = type instanceof ArrayType a && (a.elementType().equals(DataTypes.FloatType)
        || a.elementType().equals(DataTypes.DoubleType));
    if (!(type instanceof VectorUDT) && !array) {
      throw new IllegalArgumentException("feature column '" + name + "' is " + type.simpleString()
          + "; expected a Spark ML vector or array<float> or array<double>");
    }
  }

  int width() {
    return width;
  }

  /**
   * Copies the features of {@code row} into {@code batch} at row {@code slot}.
   *
   * @throws IllegalArgumentException if they are null, not {@code width} long, or not finite
   */
  void copy(Row row, float[] batch, int slot) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException("feature column '" + name + "' is null in row " + row);
    }
    int offset = slot * width;
    if (vector) {
      copyVector(row.getAs(index), batch, offset);
    } else {
      Seq<Object> values = row.getSeq(index);
      checkSize(values.length());
      for (int i = 0; i < width; i++) {
        Object value = values.apply(i);
        if (value == null) {
          throw new IllegalArgumentException("feature column '" + name + "' has a null at " + i);
        }
        batch[offset + i] = checkFinite(((Number) value).floatValue(), i);
      }
    }
  }

  private void copyVector(Vector features, float[] batch, int offset) {
    checkSize(features.size());
    if (features instanceof DenseVector dense) {
      double[] values = dense.values();
      for (int i = 0; i < width; i++) {
        batch[offset + i] = checkFinite((float) values[i], i);
      }
    } else {
      SparseVector sparse = (SparseVector) features;
      Arrays.fill(batch, offset, offset + width, 0f);
      int[] indices = sparse.indices();
      double[] values = sparse.values();
      for (int k = 0; k < indices.length; k++) {
        batch[offset + indices[k]] = checkFinite((float) values[k], indices[k]);
      }
    }
  }

  private void checkSize(int size) {
    if (size != width) {
      throw new IllegalArgumentException("feature column '" + name + "' has " + size
          + " values in a row; the model takes " + width);
    }
  }

  private float checkFinite(float value, int position) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("feature column '" + name + "' has " + value + " at "
          + position + " (as a float); features must be finite");
    }
    return value;
  }
}
