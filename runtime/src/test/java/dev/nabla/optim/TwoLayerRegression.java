package dev.nabla.optim;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.internal.DenseShape;
import dev.nabla.internal.RowMajorCore;

/**
 * A model core written the way the processor generates one: 'hidden' (2 → 2, tanh) then
 * 'output' (2 → 1), mean squared error, each layer's W then b in the flat buffer (9 parameters,
 * the layout of torch_reference.py). Its {@code trainStep} is the real guarded step, so the
 * optimizer sees the real layer views.
 */
final class TwoLayerRegression extends RowMajorCore {
  static final DenseShape HIDDEN = new DenseShape(0, "hidden", 2, 2, 0, true, Activation.TANH);
  static final DenseShape OUTPUT = new DenseShape(1, "output", 2, 1, 6, true,
      Activation.IDENTITY);
  static final int PARAMETERS = 9;

  private final float[] hiddenOut = new float[maxBatch * HIDDEN.units()];
  private final float[] hiddenDelta = new float[maxBatch * HIDDEN.units()];
  private final float[] outputOut = new float[maxBatch * OUTPUT.units()];
  private final float[] outputDelta = new float[maxBatch * OUTPUT.units()];

  TwoLayerRegression(int maxBatch) {
    super("TwoLayerRegression", 2, 1, Loss.MEAN_SQUARED_ERROR, PARAMETERS, 1 << 20, false,
        maxBatch, HIDDEN, OUTPUT);
    initialize(0L);
  }

  /** Sets every parameter from {@code values} (the flat layout). */
  TwoLayerRegression with(float[] values) {
    System.arraycopy(values, 0, parameters, 0, PARAMETERS);
    parametersChanged();
    return this;
  }

  @Override
  protected float[] output() {
    return outputOut;
  }

  @Override
  protected void forwardPass(float[] x, int rows) {
    dense(HIDDEN, x, hiddenOut, rows);
    activate(HIDDEN, hiddenOut, hiddenOut, rows);
    dense(OUTPUT, hiddenOut, outputOut, rows);
  }

  @Override
  protected float outputLoss(float[] targets, int rows, float[] delta) {
    return meanSquaredError(outputOut, targets, rows, delta);
  }

  @Override
  protected float backwardPass(float[] x, float[] targets, int rows) {
    float loss = outputLoss(targets, rows, outputDelta);
    parameterGradients(OUTPUT, hiddenOut, outputDelta, rows);
    inputGradient(OUTPUT, outputDelta, hiddenDelta, rows);
    activationBackward(HIDDEN, hiddenOut, hiddenDelta, rows);
    parameterGradients(HIDDEN, x, hiddenDelta, rows);
    return loss;
  }

  @Override
  protected void weightsChanged() {
    dropPackedWeights();
  }
}
