package dev.nabla.spark;

import dev.nabla.NablaModel;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.EpochListener;
import dev.nabla.train.DivergenceException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Synchronous data-parallel training of a generated classifier on a DataFrame: each step every
 * partition computes the gradients of its slice of the global batch with a replica of the model,
 * {@code treeAggregate} sums them weighted by the slices' rows, and the driver divides by the
 * global batch's rows (so the gradient is that of the mean loss over the whole batch), steps
 * {@code optimizer} on the driver's model and broadcasts its new parameters to the next step.
 *
 * <p><b>Batches.</b> The data's partitions are packed once into cached shards. With P
 * partitions a global batch of B rows takes B/P rows (the first B mod P partitions one more)
 * from each partition, in the partition's order for the epoch: its stored order, or with
 * {@link #shuffle(long)} a permutation drawn from (seed, epoch, partition). An epoch lasts until
 * the largest partition is used up; a partition that is used up sooner sits the last steps out,
 * so a batch then has fewer rows. Training is thus the same as single-process training on these
 * global batches, up to float rounding.
 *
 * <p>Features come from a vector or float/double array column of {@code model.inputs()} values,
 * labels from a numeric column of class indices in {@code [0, model.outputs())}. Replicas are
 * built on the executors through the model class's public {@code (int maxBatch)} constructor.
 */
public final class DataParallelTrainer {
  private final NablaModel model;
  private final Optimizer optimizer;
  private final int batchSize;
  private String featuresCol = "features";
  private String labelCol = "label";
  private long seed = -1;
  private int treeDepth = 2;

  /**
   * Trains {@code model} (the driver's; it holds the parameters) with {@code optimizer} on global
   * batches of {@code batchSize} rows.
   */
  public DataParallelTrainer(NablaModel model, Optimizer optimizer, int batchSize) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  public DataParallelTrainer featuresCol(String name) {
    featuresCol = Objects.requireNonNull(name, "featuresCol");
    return this;
  }

  public DataParallelTrainer labelCol(String name) {
    labelCol = Objects.requireNonNull(name, "labelCol");
    return this;
  }

  /** Shuffles each partition's rows every epoch with a permutation drawn from {@code seed}. */
  public DataParallelTrainer shuffle(long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("seed must be >= 0, got " + seed);
    }
    this.seed = seed;
    return this;
  }

  /** Depth of {@code treeAggregate}'s reduction tree (2 by default). */
  public DataParallelTrainer treeDepth(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("treeDepth must be at least 1, got " + depth);
    }
    treeDepth = depth;
    return this;
  }

  /**
   * Trains for {@code epochs} epochs over {@code data} and returns each epoch's mean training
   * loss (each batch's mean loss weighted by its rows), as the loss before each step.
   *
   * @throws IllegalArgumentException if a column is missing or of the wrong type; a row with bad
   *     features or label fails the Spark job that packs the shards, with an
   *     IllegalArgumentException naming it as the cause, before the model is touched
   * @throws DivergenceException if a batch's loss or gradient is not finite; the parameters are
   *     those before that step
   */
  public double[] fit(Dataset<Row> data, int epochs) {
    return fit(data, epochs, (epoch, trainingLoss, validationLoss, trained) -> { });
  }

  /**
   * Trains as {@link #fit(Dataset, int)} does and calls {@code listener} after each epoch (from
   * 1) with its mean training loss, NaN as the validation loss, and the driver's model, which it
   * may evaluate but must not change.
   */
  public double[] fit(Dataset<Row> data, int epochs, EpochListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    JavaRDD<Shard> shards = pack(data).persist(StorageLevel.MEMORY_ONLY());
    try {
      int[] rows = partitionRows(shards);
      int partitions = rows.length;
      int steps = 0;
      for (int p = 0; p < partitions; p++) {
        steps = Math.max(steps, ceilDiv(rows[p], slice(batchSize, p, partitions)));
      }
      JavaSparkContext context = JavaSparkContext.fromSparkContext(data.sparkSession()
          .sparkContext());
      double[] losses = new double[epochs];
      for (int epoch = 0; epoch < epochs; epoch++) {
        double lossSum = 0;
        long rowSum = 0;
        for (int step = 0; step < steps; step++) {
          float[] sum = gradientSum(context, shards, partitions, epoch, step);
          int n = model.parameterCount();
          lossSum += sum[n];
          rowSum += (long) sum[n + 1];
          applyStep(sum);
        }
        losses[epoch] = lossSum / rowSum;
        listener.onEpoch(epoch + 1, (float) losses[epoch], Float.NaN, model);
      }
      return losses;
    } finally {
      shards.unpersist(false);
    }
  }

  /** Rows that partition {@code p} of {@code partitions} gives each global batch. */
  private static int slice(int batchSize, int p, int partitions) {
    return batchSize / partitions + (p < batchSize % partitions ? 1 : 0);
  }

  private float[] gradientSum(JavaSparkContext context, JavaRDD<Shard> shards, int partitions,
      int epoch, int step) {
    int n = model.parameterCount();
    Broadcast<float[]> parameters = context.broadcast(model.parameters().clone());
    @SuppressWarnings("unchecked")
    Class<? extends NablaModel> modelClass = (Class<? extends NablaModel>) model.getClass();
    int total = batchSize;
    long shuffleSeed = seed;
    try {
      return shards.treeAggregate(new float[n + 2],
          (sum, shard) -> {
            int sliceRows = slice(total, shard.partition, partitions);
            return shard.addGradients(sum, modelClass, sliceRows, parameters.value(),
                shuffleSeed, epoch, step * sliceRows);
          },
          DataParallelTrainer::addInto, treeDepth);
    } finally {
      parameters.destroy();
    }
  }

  private static float[] addInto(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** Averages the summed gradients into the model's and steps the optimizer. */
  private void applyStep(float[] sum) {
    int n = model.parameterCount();
    float rows = sum[n + 1];
    float loss = sum[n] / rows;
    float[] gradients = model.gradients();
    for (int i = 0; i < n; i++) {
      float g = sum[i] / rows;
      if (!Float.isFinite(g) || !Float.isFinite(loss)) {
        throw new DivergenceException("a global batch of " + (int) rows + " rows gave loss "
            + loss + " and gradient " + g + " at parameter " + i + "; parameters unchanged");
      }
      gradients[i] = g;
    }
    optimizer.step(model);
    model.parametersChanged();
  }

  /** Packs each partition's features and labels into a shard, checking every row. */
  private JavaRDD<Shard> pack(Dataset<Row> data) {
    StructType schema = data.schema();
    FeatureColumn.checkType(schema, featuresCol);
    if (!Arrays.asList(schema.fieldNames()).contains(labelCol)
        || !(schema.apply(labelCol).dataType() instanceof NumericType)) {
      throw new IllegalArgumentException("no numeric label column '" + labelCol + "' in "
          + schema.simpleString());
    }
    Dataset<Row> selected = data.select(featuresCol, labelCol);
    FeatureColumn features = FeatureColumn.of(selected.schema(), featuresCol, model.inputs());
    int classes = model.outputs();
    String label = labelCol;
    return selected.javaRDD().mapPartitionsWithIndex((partition, rows) ->
        List.of(packRows(partition, rows, features, classes, label)).iterator(), true);
  }

  private static Shard packRows(int partition, Iterator<Row> rows, FeatureColumn features,
      int classes, String labelCol) {
    int width = features.width();
    float[] x = new float[64 * width];
    int[] labels = new int[64];
    int count = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      if (count == labels.length) {
        labels = Arrays.copyOf(labels, 2 * count);
        x = Arrays.copyOf(x, 2 * count * width);
      }
      features.copy(row, x, count);
      labels[count++] = label(row, classes, labelCol);
    }
    return new Shard(partition, width, Arrays.copyOf(x, count * width),
        Arrays.copyOf(labels, count));
  }

  /** The class index in column 1 of {@code row}. */
  private static int label(Row row, int classes, String labelCol) {
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException("label column '" + labelCol + "' is null in row " + row);
    }
    double value = ((Number) row.get(1)).doubleValue();
    if (value != Math.rint(value) || value < 0 || value >= classes) {
      throw new IllegalArgumentException("label column '" + labelCol + "' has " + value
          + "; the model's labels are class indices 0 to " + (classes - 1));
    }
    return (int) value;
  }

  /** Rows of each partition, in partition order. */
  private static int[] partitionRows(JavaRDD<Shard> shards) {
    int[] rows = new int[shards.getNumPartitions()];
    for (int[] partitionAndRows : shards.map(s -> new int[] {s.partition, s.rows}).collect()) {
      rows[partitionAndRows[0]] = partitionAndRows[1];
    }
    return rows;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
