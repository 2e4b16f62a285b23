package dev.nabla.train;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.optim.Optimizer;
import java.util.List;

/**
 * A model whose single parameter counts the training steps taken, and whose validation loss after
 * step s is {@code validationLosses[s − 1]}: early stopping can be tested against a known loss
 * curve. Training losses are {@code trainingLosses[s − 1]}, or 1/s when not given. A non-finite
 * training loss is returned as is, like a model that does not check its steps, unless
 * {@link #refusingNonFiniteSteps()} makes the step throw and leave the parameters alone, as the
 * generated models do.
 */
final class ScriptedModel implements NablaModel {
  private final float[] validationLosses;
  private final float[] trainingLosses;
  private final float[] steps = new float[1];
  int parametersChangedCalls;
  private boolean refusesNonFiniteSteps;

  ScriptedModel(float[] validationLosses, float[] trainingLosses) {
    this.validationLosses = validationLosses;
    this.trainingLosses = trainingLosses;
  }

  ScriptedModel refusingNonFiniteSteps() {
    refusesNonFiniteSteps = true;
    return this;
  }

  int stepsReflectedInParameters() {
    return (int) steps[0];
  }

  @Override
  public int inputs() {
    return 1;
  }

  @Override
  public int outputs() {
    return 2;
  }

  @Override
  public int maxBatch() {
    return 100;
  }

  @Override
  public int parameterCount() {
    return 1;
  }

  @Override
  public float[] parameters() {
    return steps;
  }

  @Override
  public float[] gradients() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void parametersChanged() {
    parametersChangedCalls++;
  }

  @Override
  public List<Dense> layers() {
    return List.of();
  }

  @Override
  public Loss loss() {
    return Loss.SOFTMAX_CROSS_ENTROPY;
  }

  @Override
  public float[] forward(float[] x, int rows) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float[] predict(float[] x, int rows) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void predictClasses(float[] x, int rows, int[] classes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int predictClass(float[] x) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float loss(float[] x, float[] targets, int rows) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float loss(float[] x, int[] labels, int rows) {
    return validationLosses[(int) steps[0] - 1];
  }

  @Override
  public float computeGradients(float[] x, float[] targets, int rows) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float computeGradients(float[] x, int[] labels, int rows) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
    int step = (int) steps[0] + 1;
    float loss = trainingLosses != null ? trainingLosses[step - 1] : 1f / step;
    if (refusesNonFiniteSteps && !Float.isFinite(loss)) {
      throw new DivergenceException("step " + step + " refused: the loss is " + loss);
    }
    steps[0] = step;
    return loss;
  }
}
