package dev.nabla;

import dev.nabla.optim.Optimizer;
import java.util.List;

/**
 * What every generated model offers. Buffers returned by {@link #forward} and {@link #predict}
 * belong to the model and are overwritten by the next call; nothing is allocated per call.
 *
 * <p>Inputs are row-major {@code rows × inputs()} arrays; targets either class indices or
 * row-major {@code rows × outputs()} arrays (one-hot or real-valued). Bad input throws an
 * {@link IllegalArgumentException} naming what was wrong and leaves the model untouched.
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

  /** Forward and backward pass: fills {@link #gradients()} and returns the loss. */
  float computeGradients(float[] x, float[] targets, int rows);

  float computeGradients(float[] x, int[] labels, int rows);

  /** One optimisation step: gradients, then {@code optimizer} updates the parameters. */
  float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer);

  float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer);
}
