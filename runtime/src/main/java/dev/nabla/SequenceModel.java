package dev.nabla;

import dev.nabla.optim.Optimizer;

/**
 * A generated {@link Sequence} model. Its inputs are token indices: row-major
 * {@code rows × steps()} arrays, each index in [0, {@link #vocabulary()}). Its targets are class
 * indices in [0, {@link #outputs()}): {@code rows × steps()} of them for
 * {@link Sequence.Targets#EVERY_STEP}, {@code rows} for {@link Sequence.Targets#LAST_STEP}. The
 * loss is softmax cross-entropy averaged over every target.
 *
 * <p>The float-input methods of {@link NablaModel} throw {@link UnsupportedOperationException}
 * naming the token method to call; {@link #inputs()} is {@link #steps()}. Everything else
 * (parameters, gradients, layers, optimizers, the thread check, divergence refusal) is as
 * {@link NablaModel} states. Bad input throws an {@link IllegalArgumentException} naming the
 * position and value, and leaves the model untouched.
 */
public interface SequenceModel extends NablaModel {
  /** Tokens per sequence. */
  int steps();

  /** Number of distinct input tokens. */
  int vocabulary();

  Sequence.Targets targets();

  /**
   * The output logits: {@code rows × steps × outputs} (row r, step t at
   * {@code (r·steps + t)·outputs}) for every-step targets, {@code rows × outputs} for the last
   * step. The buffer belongs to the model.
   */
  float[] forward(int[] tokens, int rows);

  /** Softmax of {@link #forward(int[], int)}, same layout. */
  float[] predict(int[] tokens, int rows);

  /** Mean loss, no gradient. */
  float loss(int[] tokens, int[] targets, int rows);

  /** Forward and backward pass through time: fills {@link #gradients()}, returns the loss. */
  float computeGradients(int[] tokens, int[] targets, int rows);

  /** One optimisation step as {@link NablaModel#trainStep(float[], float[], int, Optimizer)}. */
  float trainStep(int[] tokens, int[] targets, int rows, Optimizer optimizer);
}
