package dev.nabla.internal;

import dev.nabla.NablaModel;
import dev.nabla.optim.Optimizer;
import java.util.List;

/**
 * A generated class of either kind extends the user's declaration, so it hands every
 * {@link NablaModel} call to the core doing the work: {@link GeneratedModel} to a
 * {@link ModelCore}, {@link GeneratedSequenceModel} to a {@link SequenceCore}. Not API.
 */
public interface GeneratedNetwork extends NablaModel {
  /** The core doing the work; generated code only. */
  NablaModel nablaCore();

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
