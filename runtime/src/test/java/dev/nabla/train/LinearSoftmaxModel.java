package dev.nabla.train;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.internal.ModelInputs;
import dev.nabla.NablaModel;
import dev.nabla.optim.Optimizer;
import java.util.List;

/**
 * Multinomial logistic regression z = x·W + b, softmax cross-entropy, exact gradients: a
 * hand-written stand-in for a generated model. Parameters are W (inputs × outputs, row-major)
 * followed by b.
 */
final class LinearSoftmaxModel implements NablaModel {
  private final int inputs;
  private final int outputs;
  private final int maxBatch;
  private final float[] parameters;
  private final float[] gradients;
  private final float[] logits;
  private final float[] probabilities;
  private final float[] oneHot;
  int parametersChangedCalls;

  LinearSoftmaxModel(int inputs, int outputs, int maxBatch) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.maxBatch = maxBatch;
    this.parameters = new float[inputs * outputs + outputs];
    this.gradients = new float[parameters.length];
    this.logits = new float[maxBatch * outputs];
    this.probabilities = new float[maxBatch * outputs];
    this.oneHot = new float[maxBatch * outputs];
  }

  @Override
  public int inputs() {
    return inputs;
  }

  @Override
  public int outputs() {
    return outputs;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
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
  public float[] gradients() {
    return gradients;
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
    ModelInputs.checkRows(rows, maxBatch);
    ModelInputs.checkMatrix("x", x, rows, inputs);
    int bias = inputs * outputs;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < outputs; j++) {
        float z = parameters[bias + j];
        for (int i = 0; i < inputs; i++) {
          z += x[r * inputs + i] * parameters[i * outputs + j];
        }
        logits[r * outputs + j] = z;
      }
    }
    return logits;
  }

  @Override
  public float[] predict(float[] x, int rows) {
    forward(x, rows);
    for (int r = 0; r < rows; r++) {
      int offset = r * outputs;
      float max = logits[offset + ModelInputs.argMax(logits, offset, outputs)];
      float sum = 0;
      for (int j = 0; j < outputs; j++) {
        probabilities[offset + j] = (float) Math.exp(logits[offset + j] - max);
        sum += probabilities[offset + j];
      }
      for (int j = 0; j < outputs; j++) {
        probabilities[offset + j] /= sum;
      }
    }
    return probabilities;
  }

  @Override
  public void predictClasses(float[] x, int rows, int[] classes) {
    forward(x, rows);
    for (int r = 0; r < rows; r++) {
      classes[r] = ModelInputs.argMax(logits, r * outputs, outputs);
    }
  }

  @Override
  public int predictClass(float[] x) {
    int[] one = new int[1];
    predictClasses(x, 1, one);
    return one[0];
  }

  @Override
  public float loss(float[] x, float[] targets, int rows) {
    ModelInputs.checkMatrix("targets", targets, rows, outputs);
    predict(x, rows);
    double total = 0;
    for (int k = 0; k < rows * outputs; k++) {
      if (targets[k] != 0) {
        total -= targets[k] * Math.log(Math.max(probabilities[k], 1e-30f));
      }
    }
    return (float) (total / rows);
  }

  @Override
  public float loss(float[] x, int[] labels, int rows) {
    ModelInputs.checkRows(rows, maxBatch);
    ModelInputs.oneHot(labels, rows, outputs, oneHot);
    return loss(x, oneHot, rows);
  }

  @Override
  public float computeGradients(float[] x, float[] targets, int rows) {
    float loss = loss(x, targets, rows);
    java.util.Arrays.fill(gradients, 0f);
    int bias = inputs * outputs;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < outputs; j++) {
        float dz = (probabilities[r * outputs + j] - targets[r * outputs + j]) / rows;
        for (int i = 0; i < inputs; i++) {
          gradients[i * outputs + j] += x[r * inputs + i] * dz;
        }
        gradients[bias + j] += dz;
      }
    }
    return loss;
  }

  @Override
  public float computeGradients(float[] x, int[] labels, int rows) {
    ModelInputs.checkRows(rows, maxBatch);
    ModelInputs.oneHot(labels, rows, outputs, oneHot);
    return computeGradients(x, oneHot, rows);
  }

  @Override
  public float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
    float loss = computeGradients(x, targets, rows);
    optimizer.step(this);
    return loss;
  }

  @Override
  public float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
    float loss = computeGradients(x, labels, rows);
    optimizer.step(this);
    return loss;
  }
}
