package dev.nabla.bench.spark;

import dev.nabla.data.Dataset;
import dev.nabla.data.Idx;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import dev.nabla.samples.fashion.FashionMlpInference;
import dev.nabla.samples.fashion.FashionMlpModel;
import dev.nabla.spark.DataParallelTrainer;
import dev.nabla.spark.NablaTransformer;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fashion-MNIST on Spark at local[N]: {@code convert IDX_DIR OUT} writes train.parquet and
 * test.parquet (features: vector of pixels in [0, 1], label: double); {@code mllib DIR HIDDEN
 * MAX_ITER} trains MLlib's MultilayerPerceptronClassifier 784-HIDDEN-10 (sigmoid, L-BFGS);
 * {@code nabla DIR EPOCHS BATCH sgd|adam LR} trains the FashionMlp (784-256-10 ReLU, softmax-CE)
 * with DataParallelTrainer, shuffled, testing after each epoch (not timed). Both print training wall time and test accuracy;
 * the Parquet data are read, split into as many partitions as cores and cached before timing.
 */
public final class SparkFashion {
  private SparkFashion() {}

  public static void main(String[] args) throws Exception {
    String master = System.getProperty("master", "local[2]");
    SparkSession spark = SparkSession.builder().master(master).appName("nabla-spark-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    int cores = spark.sparkContext().defaultParallelism();
    System.out.printf(Locale.ROOT, "== %s, %s, %d partitions, java %s%n", args[0], master, cores,
        System.getProperty("java.version"));
    switch (args[0]) {
      case "convert" -> convert(spark, Path.of(args[1]), args[2]);
      case "mllib" -> mllib(spark, args[1], cores, Integer.parseInt(args[2]),
          Integer.parseInt(args[3]));
      case "nabla" -> nabla(spark, args[1], cores, Integer.parseInt(args[2]),
          Integer.parseInt(args[3]), args[4], Float.parseFloat(args[5]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    spark.stop();
  }

  private static void convert(SparkSession spark, Path idx, String out) throws Exception {
    for (String part : new String[] {"train", "t10k"}) {
      Dataset data = Idx.load(idx.resolve(part + "-images-idx3-ubyte.gz"),
          idx.resolve(part + "-labels-idx1-ubyte.gz"));
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<float[]> pixels = context.broadcast(data.features());
      Broadcast<int[]> labels = context.broadcast(data.labels());
      int width = data.width();
      java.util.List<Integer> rows = new java.util.ArrayList<>();
      for (int r = 0; r < data.rows(); r++) {
        rows.add(r);
      }
      StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
          .add("label", DataTypes.DoubleType, false);
      spark.createDataFrame(context.parallelize(rows, 4).map(r -> {
        double[] x = new double[width];
        for (int i = 0; i < width; i++) {
          x[i] = pixels.value()[r * width + i];
        }
        return RowFactory.create(Vectors.dense(x), (double) labels.value()[r]);
      }), schema).write().mode("overwrite")
          .parquet(out + "/" + (part.equals("train") ? "train" : "test") + ".parquet");
      System.out.printf("%s: %d rows of %d features%n", part, data.rows(), width);
    }
  }

  private static org.apache.spark.sql.Dataset<Row> read(SparkSession spark, String dir,
      String part, int partitions) {
    org.apache.spark.sql.Dataset<Row> frame = spark.read().parquet(dir + "/" + part + ".parquet")
        .repartition(partitions).cache();
    frame.count();
    return frame;
  }

  private static void mllib(SparkSession spark, String dir, int partitions, int hidden,
      int maxIter) {
    org.apache.spark.sql.Dataset<Row> train = read(spark, dir, "train", partitions);
    org.apache.spark.sql.Dataset<Row> test = read(spark, dir, "test", partitions);
    long start = System.nanoTime();
    double cpuStart = cpuSeconds();
    MultilayerPerceptronClassificationModel model = new MultilayerPerceptronClassifier()
        .setLayers(new int[] {784, hidden, 10}).setMaxIter(maxIter).setSeed(1L).fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = cpuSeconds() - cpuStart;
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(test));
    System.out.printf(Locale.ROOT, "mllib 784-%d-10 sigmoid L-BFGS, maxIter %d: %.1f s"
        + " (%.1f s CPU), test accuracy %.4f%n", hidden, maxIter, seconds, cpu, accuracy);
  }

  /** CPU time of this JVM, all threads (the machine is shared: wall time alone misleads). */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  private static void nabla(SparkSession spark, String dir, int partitions, int epochs,
      int batch, String optimizerName, float learningRate) {
    org.apache.spark.sql.Dataset<Row> train = read(spark, dir, "train", partitions);
    org.apache.spark.sql.Dataset<Row> test = read(spark, dir, "test", partitions);
    FashionMlpModel model = new FashionMlpModel(batch);
    Optimizer optimizer = switch (optimizerName) {
      case "sgd" -> new Sgd(learningRate);
      case "adam" -> new Adam(learningRate);
      default -> throw new IllegalArgumentException("optimizer sgd or adam, not " + optimizerName);
    };
    DataParallelTrainer trainer = new DataParallelTrainer(model, optimizer, batch).shuffle(0);
    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy");
    // Training time only: each epoch's evaluation is left out.
    double[] seconds = {0, 0};
    long[] mark = {System.nanoTime()};
    double[] cpuMark = {cpuSeconds()};
    trainer.fit(train, epochs, (epoch, loss, validationLoss, trained) -> {
      seconds[0] += (System.nanoTime() - mark[0]) / 1e9;
      seconds[1] += cpuSeconds() - cpuMark[0];
      double accuracy = evaluator.evaluate(
          NablaTransformer.of(FashionMlpInference.of(model)).transform(test));
      System.out.printf(Locale.ROOT, "nabla 784-256-10 relu %s %s batch %d, epoch %d: loss"
          + " %.4f, %.1f s training (%.1f s CPU, %.0f rows/s), test accuracy %.4f%n",
          optimizerName, learningRate, batch, epoch, loss, seconds[0], seconds[1],
          epoch * 60000 / seconds[0], accuracy);
      mark[0] = System.nanoTime();
      cpuMark[0] = cpuSeconds();
    });
  }
}
