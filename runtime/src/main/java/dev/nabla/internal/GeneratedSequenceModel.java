package dev.nabla.internal;

import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.optim.Optimizer;
import java.util.List;

/**
 * A generated sequence model class: it extends the user's declaration, so it hands every
 * {@link SequenceModel} call to its {@link SequenceCore}. Not API.
 */
public interface GeneratedSequenceModel extends SequenceModel {
  /** The core doing the work; generated code only. */
  SequenceCore nablaCore();

  /**
   * Draws E from N(0, 1), every other W′ from {@code seed} (He-normal before ReLU,
   * Xavier-uniform otherwise) and sets every b′ to 0; the constructor does so with seed 0.
   */
  default void initialize(long seed) {
    nablaCore().initialize(seed);
  }

  @Override
  default int inputs() {
    return nablaCore().inputs();
  }

  @Override
  default int outputs() {
    return nablaCore().outputs();
  }

  @Override
  default int maxBatch() {
    return nablaCore().maxBatch();
  }

  @Override
  default int parameterCount() {
    return nablaCore().parameterCount();
  }

  @Override
  default float[] parameters() {
    return nablaCore().parameters();
  }

  @Override
  default float[] gradients() {
    return nablaCore().gradients();
  }

  @Override
  default void parametersChanged() {
    nablaCore().parametersChanged();
  }

  @Override
  default List<dev.nabla.Dense> layers() {
    return nablaCore().layers();
  }

  @Override
  default dev.nabla.Loss loss() {
    return nablaCore().loss();
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

  @Override
  default float[] forward(float[] x, int rows) {
    return nablaCore().forward(x, rows);
  }

  @Override
  default float[] predict(float[] x, int rows) {
    return nablaCore().predict(x, rows);
  }

  @Override
  default void predictClasses(float[] x, int rows, int[] classes) {
    nablaCore().predictClasses(x, rows, classes);
  }

  @Override
  default int predictClass(float[] x) {
    return nablaCore().predictClass(x);
  }

  @Override
  default float loss(float[] x, float[] targets, int rows) {
    return nablaCore().loss(x, targets, rows);
  }

  @Override
  default float loss(float[] x, int[] labels, int rows) {
    return nablaCore().loss(x, labels, rows);
  }

  @Override
  default float computeGradients(float[] x, float[] targets, int rows) {
    return nablaCore().computeGradients(x, targets, rows);
  }

  @Override
  default float computeGradients(float[] x, int[] labels, int rows) {
    return nablaCore().computeGradients(x, labels, rows);
  }

  @Override
  default float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
    return nablaCore().trainStep(x, targets, rows, optimizer);
  }

  @Override
  default float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
    return nablaCore().trainStep(x, labels, rows, optimizer);
  }
}
