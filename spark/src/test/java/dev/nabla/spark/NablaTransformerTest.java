package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.NablaInference;
import dev.nabla.Precision;
import dev.nabla.io.Weights;
import dev.nabla.optim.Adam;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NablaTransformerTest {
  private static final TestData DATA = new TestData(700, 11);
  private static TinyNetModel model;

  @BeforeAll
  static void train() {
    SharedSpark.session(); // the session that ML writers and readers find
    model = new TinyNetModel(100);
    Adam adam = new Adam(0.01f);
    for (int step = 0; step < 30; step++) {
      int first = (step % 7) * 100;
      float[] x = new float[100 * 6];
      System.arraycopy(DATA.x, first * 6, x, 0, x.length);
      int[] labels = new int[100];
      System.arraycopy(DATA.labels, first, labels, 0, 100);
      model.trainStep(x, labels, 100, adam);
    }
  }

  /**
   * The prediction and probability columns hold what the inference object computes itself, to
   * float rounding: its kernels may sum in another order for another batch of rows.
   */
  private static void assertPredictsAs(NablaInference inference, Dataset<Row> predicted) {
    float[] expected = new float[DATA.rows() * 3];
    inference.predict(DATA.x, DATA.rows(), expected);
    int[] classes = new int[DATA.rows()];
    inference.predictClasses(DATA.x, DATA.rows(), classes);
    List<Row> rows = predicted.select("id", "prediction", "probability").collectAsList();
    assertEquals(DATA.rows(), rows.size());
    for (Row row : rows) {
      int id = row.getInt(0);
      double[] probabilities = ((Vector) row.get(2)).toArray();
      for (int j = 0; j < 3; j++) {
        assertEquals(expected[id * 3 + j], probabilities[j], 1e-6, "row " + id + " output " + j);
      }
      assertEquals(classes[id], row.getDouble(1), 0.0, "row " + id);
    }
  }

  @Test
  void predictsAsTheInferenceObjectOnVectorsAndFloatArrays() {
    NablaInference inference = TinyNetInference.of(model);
    NablaTransformer transformer = NablaTransformer.of(inference);
    Dataset<Row> frame = DATA.frame(3);
    assertPredictsAs(inference, transformer.transform(frame));
    assertPredictsAs(inference, transformer.setFeaturesCol("floats").transform(frame));
  }

  @Test
  void worksInAPipelineAndAfterSaveAndLoad(@TempDir Path dir) throws Exception {
    NablaInference inference = TinyNetInference.of(model, Precision.INT8);
    NablaTransformer transformer = NablaTransformer.of(inference).setProbabilityCol("p");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {transformer});
    Dataset<Row> frame = DATA.frame(2);
    PipelineModel fitted = pipeline.fit(frame);
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);

    NablaTransformer stage = (NablaTransformer) loaded.stages()[0];
    assertEquals(transformer.uid(), stage.uid());
    assertEquals("p", stage.getOrDefault(stage.probabilityCol()));
    assertEquals(Precision.INT8, stage.inference().precision());
    assertPredictsAs(inference, loaded.transform(frame).withColumnRenamed("p", "probability"));
  }

  @Test
  void buildsFromAWeightsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.safetensors");
    Weights.save(model, file);
    NablaTransformer transformer = NablaTransformer.fromWeights(file, TinyNetInference.class);
    transformer.save(dir.resolve("saved").toString());
    NablaTransformer loaded = NablaTransformer.load(dir.resolve("saved").toString());
    assertPredictsAs(TinyNetInference.of(model), loaded.transform(DATA.frame(2)));
  }

  @Test
  void refusesFeaturesOfTheWrongWidthOrType() {
    NablaTransformer transformer = NablaTransformer.of(TinyNetInference.of(model));
    Dataset<Row> frame = DATA.frame(2);
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> transformer.setFeaturesCol("label").transform(frame));
    assertEquals("feature column 'label' is double; expected a Spark ML vector or array<float>"
        + " or array<double>", type.getMessage());
    Dataset<Row> narrow = frame.selectExpr("id", "slice(floats, 1, 5) AS floats");
    Exception failed = assertThrows(Exception.class,
        () -> transformer.setFeaturesCol("floats").transform(narrow).collectAsList());
    assertTrue(failed.getMessage().contains(
        "feature column 'floats' has 5 values in a row; the model takes 6"), failed.getMessage());
  }

  @Test
  void refusesAnExistingOutputColumn() {
    NablaTransformer transformer = NablaTransformer.of(TinyNetInference.of(model))
        .setPredictionCol("label");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> transformer.transform(DATA.frame(1)));
    assertTrue(e.getMessage().startsWith("column 'label' exists already in"), e.getMessage());
  }

  @Test
  void copiesKeepTheWeightsAndParams() {
    NablaTransformer transformer = NablaTransformer.of(TinyNetInference.of(model))
        .setPredictionCol("class");
    NablaTransformer copy = transformer.copy(new org.apache.spark.ml.param.ParamMap());
    assertEquals("class", copy.getOrDefault(copy.predictionCol()));
    assertArrayEquals(new String[] {"id", "features", "floats", "label", "class", "probability"},
        copy.transform(DATA.frame(1)).columns());
  }
}
