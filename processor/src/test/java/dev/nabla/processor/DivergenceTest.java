package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.data.Dataset;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.train.DivergenceException;
import dev.nabla.train.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A learning rate far too large makes trainStep refuse the step that would leave non-finite
 * parameters, with the parameters as they were before it; the Trainer brings back its best epoch.
 */
class DivergenceTest {
  private static final NetworkSpec SPEC = new NetworkSpec("Diverging", 4,
      Loss.SOFTMAX_CROSS_ENTROPY, List.of(LayerSpec.plain(8, Activation.RELU, true),
          LayerSpec.plain(3, Activation.IDENTITY, true)));
  private static final int ROWS = 16;
  private static final InMemoryCompiler MODELS = InMemoryCompiler.compile(List.of(SPEC));

  @Test
  void aNonFiniteLossIsRefusedBeforeTheOptimizerSeesIt() {
    NablaModel model = MODELS.newModel(SPEC, ROWS);
    CountingSgd sgd = new CountingSgd(100);
    float[] x = inputs(1);
    for (int step = 1; step <= 50; step++) {
      float[] before = model.parameters().clone();
      try {
        float loss = model.trainStep(x, labels(), ROWS, sgd);
        assertTrue(Float.isFinite(loss), "step " + step + " returned loss " + loss);
      } catch (DivergenceException refused) {
        assertTrue(refused.getMessage().matches("trainStep refused a step with "
            + "SGD\\(lr=100\\.0\\): the loss is (NaN|Infinity); the parameters and the "
            + "optimizer are as before the step\\. The learning rate is probably too large for "
            + "this model and data"),
            refused.getMessage());
        assertArrayEquals(before, model.parameters(), "parameters after the refused step");
        assertEquals(step - 1, sgd.updates, "updates: the refused step reached the optimizer");
        return;
      }
    }
    fail("50 steps with lr 100 never diverged; the parameters are "
        + (allFinite(model.parameters()) ? "finite" : "not finite"));
  }

  @Test
  void aGradientThatOverflowsIsRefusedBeforeTheOptimizerSeesIt() {
    NablaModel model = MODELS.newModel(SPEC, ROWS);
    // Tiny first-layer weights keep the forward pass and the loss finite on inputs of 1e9;
    // huge second-layer weights make dX, and with the inputs ∇W of the first layer, overflow.
    float[] parameters = model.parameters();
    int firstLayer = SPEC.parameterCount(0);
    Arrays.fill(parameters, 0, firstLayer, 1e-10f);
    for (int i = firstLayer; i < parameters.length; i++) {
      parameters[i] = i % 2 == 0 ? 1e30f : -1e30f;
    }
    model.parametersChanged();
    float[] before = parameters.clone();
    float[] x = new float[ROWS * SPEC.inputs()];
    Arrays.fill(x, 1e9f);
    assertTrue(Float.isFinite(model.loss(x, labels(), ROWS)), "the loss must stay finite");
    CountingSgd sgd = new CountingSgd(0.1);
    DivergenceException refused = assertThrows(DivergenceException.class,
        () -> model.trainStep(x, labels(), ROWS, sgd));
    assertTrue(refused.getMessage().matches("trainStep refused a step with SGD\\(lr=0\\.1\\): the "
        + "gradient of [Wb]\\[\\d+](\\[\\d+])? of layer '\\w+' is -?Infinity; the parameters and "
        + "the optimizer are as before the step\\. .*"), refused.getMessage());
    assertArrayEquals(before, model.parameters());
    assertEquals(0, sgd.updates);
  }

  @Test
  void anUpdateThatOverflowsIsUndone() {
    NablaModel model = MODELS.newModel(SPEC, ROWS);
    float[] before = model.parameters().clone();
    // 3e38 · a gradient above ~1.2 exceeds Float.MAX_VALUE; the loss and gradients are finite.
    DivergenceException refused = assertThrows(DivergenceException.class,
        () -> model.trainStep(inputs(1000), labels(), ROWS, new Sgd(3e38)));
    assertTrue(refused.getMessage().matches("trainStep refused a step with SGD\\(lr=3\\.0E38\\): "
        + "[Wb]\\[\\d+](\\[\\d+])? of layer '\\w+' would become -?Infinity \\(it is .+\\); the "
        + "parameters are restored to their values before the step; the optimizer's state "
        + "includes the refused step\\. The learning rate is probably too large for this model "
        + "and data"), refused.getMessage());
    assertArrayEquals(before, model.parameters());
    float[] probabilities = model.predict(inputs(1), ROWS);
    assertTrue(allFinite(probabilities), "predictions after the refused step");
  }

  @Test
  void theTrainerBringsBackTheBestValidationEpochWhenAStepIsRefused() {
    NablaModel model = MODELS.newModel(SPEC, ROWS);
    float[] x = inputs(1);
    Dataset data = Dataset.withLabels(x, SPEC.inputs(), labels());
    float[][] bestSoFar = {null};
    float[] bestLoss = {Float.POSITIVE_INFINITY};
    DivergenceException error = assertThrows(DivergenceException.class,
        () -> new Trainer(model, new Sgd(100), 100).validation(data, 100)
            .onEpoch((epoch, loss, validationLoss, m) -> {
              if (validationLoss < bestLoss[0]) {
                bestLoss[0] = validationLoss;
                bestSoFar[0] = m.parameters().clone();
              }
            })
            .fit(data));
    assertTrue(error.getMessage().matches("training diverged in epoch \\d+ with "
        + "SGD\\(lr=100\\.0\\) \\(trainStep refused .*\\); the model has the parameters of epoch \\d+, its best on "
        + "the validation set\\. Try a lower learning rate"), error.getMessage());
    assertArrayEquals(bestSoFar[0], model.parameters());
  }

  /** SGD that counts the updates it was asked for. */
  private static final class CountingSgd implements Optimizer {
    private final Sgd sgd;
    int updates;

    CountingSgd(double learningRate) {
      sgd = new Sgd(learningRate);
    }

    @Override
    public void step(float[] params, float[] grads, int length) {
      updates++;
      sgd.step(params, grads, length);
    }

    @Override
    public float learningRate() {
      return sgd.learningRate();
    }

    @Override
    public String toString() {
      return sgd.toString();
    }
  }

  private static float[] inputs(double scale) {
    Random random = new Random(5);
    float[] x = new float[ROWS * SPEC.inputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (scale * random.nextGaussian());
    }
    return x;
  }

  private static int[] labels() {
    int[] labels = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      labels[r] = r % 3;
    }
    return labels;
  }

  private static boolean allFinite(float[] values) {
    for (float value : values) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }
}
