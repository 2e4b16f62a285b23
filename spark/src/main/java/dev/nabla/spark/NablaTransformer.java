package dev.nabla.spark;

import dev.nabla.NablaInference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference with a generated model as a Spark ML {@link Transformer}: reads a feature column
 * (a Spark ML vector, {@code array<float>} or {@code array<double>} of {@code inputs()} values)
 * and adds a prediction column (double: the arg-max output, or for a single output 1 when it is
 * at least 0.5, else 0) and a probability column (vector: the outputs as
 * {@link NablaInference#predict} gives them, softmax probabilities for softmax cross-entropy).
 *
 * <p>The weights are broadcast once per {@link #transform}; each executor JVM rebuilds one
 * inference object from them and its task threads share it. Rows go through it in batches of
 * {@value #BATCH_ROWS} into arrays reused for the whole partition, so beyond Spark's row encoding
 * nothing is allocated per row. Persistable with {@link #write()} and {@link #read()} (in a
 * {@code Pipeline} too): the weights go as {@code weights.safetensors}
 * ({@link dev.nabla.io.Weights}) beside Spark's metadata, and the generated class they name must
 * be on the class path that loads them.
 */
public final class NablaTransformer extends Transformer implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** Rows per call of the inference object: two of its tiles. */
  static final int BATCH_ROWS = 256;
  private static final String WEIGHTS_FILE = "weights.safetensors";

  private final String uid;
  private final InferenceWeights weights;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;

  private NablaTransformer(String uid, InferenceWeights weights) {
    this.uid = uid;
    this.weights = weights;
    featuresCol = new Param<>(this, "featuresCol", "features column: vector or array<float>");
    predictionCol = new Param<>(this, "predictionCol", "prediction column (double)");
    probabilityCol = new Param<>(this, "probabilityCol", "model outputs column (vector)");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
    setDefault(probabilityCol, "probability");
  }

  /** A transformer applying {@code inference}, a generated {@code <Name>Inference}. */
  public static NablaTransformer of(NablaInference inference) {
    Objects.requireNonNull(inference, "inference");
    return new NablaTransformer(Identifiable$.MODULE$.randomUID("nabla"),
        InferenceWeights.of(inference));
  }

  /**
   * A transformer from a weights file ({@link dev.nabla.io.Weights}) applied through
   * {@code inferenceClass}, a generated {@code <Name>Inference}, in the file's precision (float32
   * for a trainable model's file).
   */
  public static NablaTransformer fromWeights(Path file,
      Class<? extends NablaInference> inferenceClass) throws IOException {
    Objects.requireNonNull(inferenceClass, "inferenceClass");
    return new NablaTransformer(Identifiable$.MODULE$.randomUID("nabla"),
        InferenceWeights.read(file, inferenceClass));
  }

  /** The inference object this transformer applies (the driver's). */
  public NablaInference inference() {
    return weights.inference();
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public NablaTransformer setFeaturesCol(String name) {
    set(featuresCol, name);
    return this;
  }

  public NablaTransformer setPredictionCol(String name) {
    set(predictionCol, name);
    return this;
  }

  public NablaTransformer setProbabilityCol(String name) {
    set(probabilityCol, name);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    FeatureColumn.checkType(schema, $(featuresCol));
    for (String added : new String[] {$(predictionCol), $(probabilityCol)}) {
      if (Arrays.asList(schema.fieldNames()).contains(added)) {
        throw new IllegalArgumentException("column '" + added + "' exists already in "
            + schema.simpleString());
      }
    }
    return schema.add($(predictionCol), DataTypes.DoubleType, false)
        .add($(probabilityCol), SQLDataTypes.VectorType(), false);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    FeatureColumn features = FeatureColumn.of(in, $(featuresCol), weights.inference().inputs());
    Broadcast<InferenceWeights> shipped = dataset.sparkSession().sparkContext()
        .broadcast(weights, scala.reflect.ClassTag$.MODULE$.apply(InferenceWeights.class));
    return dataset.toDF().mapPartitions(
        (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) rows ->
            new Predictions(rows, shipped.value().inference(), features),
        Encoders.row(out));
  }

  @Override
  public NablaTransformer copy(ParamMap extra) {
    return copyValues(new NablaTransformer(uid, weights), extra);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Spark ML's reader of saved transformers, found by {@code Pipeline} loading too. */
  public static MLReader<NablaTransformer> read() {
    return new Reader();
  }

  public static NablaTransformer load(String path) {
    return read().load(path);
  }

  /** A partition's rows with their predictions, computed a batch at a time. */
  static final class Predictions implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final NablaInference inference;
    private final FeatureColumn features;
    private final Row[] batch = new Row[BATCH_ROWS];
    private final float[] x;
    private final float[] y;
    private int size;
    private int next;

    Predictions(Iterator<Row> rows, NablaInference inference, FeatureColumn features) {
      this.rows = rows;
      this.inference = inference;
      this.features = features;
      this.x = new float[BATCH_ROWS * inference.inputs()];
      this.y = new float[BATCH_ROWS * inference.outputs()];
    }

    @Override
    public boolean hasNext() {
      if (next == size) {
        fill();
      }
      return next < size;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = batch[next];
      batch[next] = null;
      int outputs = inference.outputs();
      int offset = next * outputs;
      double[] probabilities = new double[outputs];
      int best = 0;
      for (int j = 0; j < outputs; j++) {
        probabilities[j] = y[offset + j];
        if (y[offset + j] > y[offset + best]) {
          best = j;
        }
      }
      double prediction = outputs == 1 ? (y[offset] >= 0.5f ? 1 : 0) : best;
      next++;
      Object[] values = new Object[row.length() + 2];
      for (int i = 0; i < row.length(); i++) {
        values[i] = row.get(i);
      }
      values[row.length()] = prediction;
      values[row.length() + 1] = new DenseVector(probabilities);
      return RowFactory.create(values);
    }

    private void fill() {
      size = 0;
      next = 0;
      while (size < BATCH_ROWS && rows.hasNext()) {
        Row row = rows.next();
        features.copy(row, x, size);
        batch[size++] = row;
      }
      if (size > 0) {
        inference.predict(x, size, y);
      }
    }
  }

  /** Spark's metadata (class, uid, params) and the weights file in the same directory. */
  private static final class Writer extends DefaultParamsWriter {
    private final NablaTransformer transformer;

    Writer(NablaTransformer transformer) {
      super(transformer);
      this.transformer = transformer;
    }

    @Override
    public void saveImpl(String path) {
      super.saveImpl(path);
      Path local = null;
      try {
        local = Files.createTempFile("nabla-spark", ".safetensors");
        transformer.weights.save(local);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path, WEIGHTS_FILE);
        FileSystem fs = target.getFileSystem(sc().hadoopConfiguration());
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the weights under " + path, e);
      } finally {
        InferenceWeights.deleteQuietly(local);
      }
    }
  }

  private static final class Reader extends MLReader<NablaTransformer> {
    @Override
    public NablaTransformer load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path,
          sc(), NablaTransformer.class.getName());
      Path local = null;
      try {
        local = Files.createTempFile("nabla-spark", ".safetensors");
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(path, WEIGHTS_FILE);
        FileSystem fs = source.getFileSystem(sc().hadoopConfiguration());
        fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
        NablaTransformer transformer = new NablaTransformer(metadata.uid(),
            InferenceWeights.read(local));
        metadata.getAndSetParams(transformer, scala.Option.empty());
        return transformer;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the weights under " + path, e);
      } finally {
        InferenceWeights.deleteQuietly(local);
      }
    }
  }
}
