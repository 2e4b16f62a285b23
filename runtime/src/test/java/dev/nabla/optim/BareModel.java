package dev.nabla.optim;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import java.util.Arrays;
import java.util.List;

/**
 * Only a flat parameter buffer (all ones) and the layers it is told, for checks of how a
 * {@link WeightDecay} reads a model's layout; it cannot run.
 */
final class BareModel implements NablaModel {
  private final float[] parameters;
  private final List<Dense> layers;

  BareModel(int parameterCount) {
    this(parameterCount, List.of());
  }

  BareModel(int parameterCount, List<Dense> layers) {
    this.parameters = new float[parameterCount];
    Arrays.fill(parameters, 1f);
    this.layers = layers;
  }

  @Override
  public int parameterCount() {
    return parameters.length;
  }

  @Override
  public float[] parameters() {
    return parameters;
  }

  @Override
  public List<Dense> layers() {
    return layers;
  }

  private static UnsupportedOperationException cannotRun() {
    return new UnsupportedOperationException("a BareModel only has parameters and layers");
  }

  @Override
  public int inputs() {
    throw cannotRun();
  }

  @Override
  public int outputs() {
    throw cannotRun();
  }

  @Override
  public int maxBatch() {
    throw cannotRun();
  }

  @Override
  public float[] gradients() {
    throw cannotRun();
  }

  @Override
  public void parametersChanged() {
    throw cannotRun();
  }

  @Override
  public Loss loss() {
    throw cannotRun();
  }

  @Override
  public float[] forward(float[] x, int rows) {
    throw cannotRun();
  }

  @Override
  public float[] predict(float[] x, int rows) {
    throw cannotRun();
  }

  @Override
  public void predictClasses(float[] x, int rows, int[] classes) {
    throw cannotRun();
  }

  @Override
  public int predictClass(float[] x) {
    throw cannotRun();
  }

  @Override
  public float loss(float[] x, float[] targets, int rows) {
    throw cannotRun();
  }

  @Override
  public float loss(float[] x, int[] labels, int rows) {
    throw cannotRun();
  }

  @Override
  public float computeGradients(float[] x, float[] targets, int rows) {
    throw cannotRun();
  }

  @Override
  public float computeGradients(float[] x, int[] labels, int rows) {
    throw cannotRun();
  }

  @Override
  public float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
    throw cannotRun();
  }

  @Override
  public float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
    throw cannotRun();
  }
}
