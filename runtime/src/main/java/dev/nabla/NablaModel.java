package dev.nabla;

import dev.nabla.optim.Optimizer;
import java.util.List;

/**
 * What every generated model offers. Buffers returned by {@link #forward} and {@link #predict}
 * belong to the model and are overwritten by the next call; nothing is allocated per call.
 *
 * <p>Inputs are row-major {@code rows × inputs()} arrays; targets either class indices or
 * row-major {@code rows × outputs()} arrays: probabilities for the cross-entropy losses (each value
 * in [0, 1]; for softmax cross-entropy each row sums to 1 within
 * 10⁻³ (summed in double)), any finite numbers for mean squared error. Bad
 * input throws an {@link IllegalArgumentException} (a null argument a
 * {@link NullPointerException}) naming what was wrong and leaves the model untouched.
 *
 * <p><b>One thread at a time.</b> A model is not thread-safe: its buffers hold the state of the
 * call in progress. A generated model detects a call from a second thread while another is inside
 * {@code initialize}, {@code parametersChanged}, {@code forward}, {@code predict},
 * {@code predictClasses}, {@code predictClass}, {@code loss}, {@code computeGradients} or
 * {@code trainStep}, and refuses it with an {@link IllegalStateException} before touching any
 * buffer. The check is for misuse, not a lock: give each thread its own model (or make the threads
 * take turns with a lock of your own). The accessors ({@code parameters()}, {@code layers()}, …)
 * are not checked; the arrays they return are live and change under a running call.
 *
 * <p><b>Divergence.</b> {@code trainStep} refuses a step whose loss, gradients or updated
 * parameters are not finite (NaN or infinite) with a {@link dev.nabla.train.DivergenceException};
 * the parameters stay as they were before the step.
 */
public interface NablaModel {
  int inputs();

  int outputs();

  /** Largest number of rows one call accepts; every buffer is sized for it at construction. */
  int maxBatch();

  int parameterCount();

  /** The trained (free) parameters W′ of every layer, in one flat buffer. Live, not a copy. */
  float[] parameters();

  /** Gradients of the loss with respect to {@link #parameters()}, from the last backward pass. */
  float[] gradients();

  /**
   * Must be called after writing {@link #parameters()} directly: re-materialises effective weights
   * and drops the packed copies of W that batch forward passes keep.
   */
  void parametersChanged();

  /** The layers in declaration order. */
  List<Dense> layers();

  Loss loss();

  /** The output layer's activations (for softmax-CE before the softmax). */
  float[] forward(float[] x, int rows);

  /** Model outputs: softmax probabilities for softmax-CE, the output activations otherwise. */
  float[] predict(float[] x, int rows);

  /** Arg-max class of each row, written into {@code classes}. */
  void predictClasses(float[] x, int rows, int[] classes);

  /** Arg-max class of one input row. */
  int predictClass(float[] x);

  /** Mean loss over {@code rows} rows, no gradient. */
  float loss(float[] x, float[] targets, int rows);

  float loss(float[] x, int[] labels, int rows);

  /**
   * Forward and backward pass: fills {@link #gradients()} and returns the loss. A training pass:
   * {@link Dropout} layers drop (every other method here leaves them the identity).
   */
  float computeGradients(float[] x, float[] targets, int rows);

  float computeGradients(float[] x, int[] labels, int rows);

  /**
   * One optimisation step: gradients, then {@code optimizer} updates the parameters through
   * {@link Optimizer#step(NablaModel)}, which lets it apply a per-layer
   * {@link dev.nabla.optim.WeightDecay} (biases exempt by default).
   *
   * @return the loss before the update
   * @throws dev.nabla.train.DivergenceException if the loss, a gradient or an updated parameter
   *     is not finite; the parameters are then as before the call, and so is the optimizer
   *     unless the update itself overflowed (see {@link dev.nabla.train.DivergenceException})
   */
  float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer);

  float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer);
}
