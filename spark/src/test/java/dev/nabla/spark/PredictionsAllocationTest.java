package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.nabla.NablaInference;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.junit.jupiter.api.Test;

/** The partition loop allocates per row only the output row that Spark encodes. */
class PredictionsAllocationTest {
  private static final int ROWS = 16_384;
  /**
   * Object[2], GenericRow, DenseVector, double[3] and a Double: about 120 bytes; the batch
   * arrays of a partition add about 13 bytes a row here. A copy of the 200 features would add
   * at least 816.
   */
  private static final long BOUND = 200;

  @Test
  void allocatesOnlyTheOutputRowPerRow() {
    SplittableRandom random = new SplittableRandom(3);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < ROWS; r++) {
      rows.add(RowFactory.create(Vectors.dense(random.doubles(200, -1, 1).toArray())));
    }
    FeatureColumn features = FeatureColumn.of(
        new StructType().add("features", SQLDataTypes.VectorType()), "features", 200);
    NablaInference inference = WideNetInference.of(new WideNetModel(1));
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long perRow = Long.MAX_VALUE;
    // Until the JIT compiles the loop and the Vector API kernels (whose interpreted vectors are
    // objects), rounds allocate more: the least of up to 300 rounds counts.
    for (int round = 0; round < 300 && perRow > BOUND; round++) {
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      NablaTransformer.Predictions predictions =
          new NablaTransformer.Predictions(rows.iterator(), inference, features);
      int count = 0;
      while (predictions.hasNext()) {
        predictions.next();
        count++;
      }
      assertEquals(ROWS, count);
      perRow = Math.min(perRow,
          (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / ROWS);
    }
    assertTrue(perRow <= BOUND, perRow + " bytes per row");
  }
}
