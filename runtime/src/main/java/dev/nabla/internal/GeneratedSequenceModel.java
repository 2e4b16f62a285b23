package dev.nabla.internal;

import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.optim.Optimizer;

/**
 * A generated sequence model class: it extends the user's declaration, so it hands every
 * {@link SequenceModel} call to its {@link SequenceCore}. Not API.
 */
public interface GeneratedSequenceModel extends GeneratedNetwork, SequenceModel {
  /** The core doing the work; generated code only. */
  @Override
  SequenceCore nablaCore();

  /**
   * Draws E from N(0, 1), every other W′ from {@code seed} (He-normal before ReLU,
   * Xavier-uniform otherwise) and sets every b′ to 0; the constructor does so with seed 0.
   */
  default void initialize(long seed) {
    nablaCore().initialize(seed);
  }

  @Override
  default int steps() {
    return nablaCore().steps();
  }

  @Override
  default int vocabulary() {
    return nablaCore().vocabulary();
  }

  @Override
  default Sequence.Targets targets() {
    return nablaCore().targets();
  }

  @Override
  default float[] forward(int[] tokens, int rows) {
    return nablaCore().forward(tokens, rows);
  }

  @Override
  default float[] predict(int[] tokens, int rows) {
    return nablaCore().predict(tokens, rows);
  }

  @Override
  default float loss(int[] tokens, int[] targets, int rows) {
    return nablaCore().loss(tokens, targets, rows);
  }

  @Override
  default float computeGradients(int[] tokens, int[] targets, int rows) {
    return nablaCore().computeGradients(tokens, targets, rows);
  }

  @Override
  default float trainStep(int[] tokens, int[] targets, int rows, Optimizer optimizer) {
    return nablaCore().trainStep(tokens, targets, rows, optimizer);
  }
}
