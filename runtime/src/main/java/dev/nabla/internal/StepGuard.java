package dev.nabla.internal;

import dev.nabla.Dense;
import dev.nabla.NablaModel;
import dev.nabla.internal.kernel.KernelOps;
import dev.nabla.train.DivergenceException;
import dev.nabla.optim.Optimizer;
import java.util.Objects;

/**
 * One training step that never leaves non-finite parameters behind. A step whose loss or gradients
 * are not finite is refused before the optimizer sees it, so parameters and optimizer state stay
 * as they were; an update that overflows anyway is undone from a copy of the parameters taken
 * before it (the optimizer's state then includes the refused step). Either way a
 * {@link DivergenceException} names the loss or the first offending parameter. The copy is
 * allocated once, here; steps allocate nothing. Held by a generated model, one per model; not API.
 */
public final class StepGuard {
  private static final String UNTOUCHED = "the parameters and the optimizer are as before the step";

  private final float[] before;

  public StepGuard(int parameterCount) {
    before = new float[parameterCount];
  }

  /**
   * Computes the gradients of {@code model} on the batch and lets {@code optimizer} update its
   * parameters through {@link Optimizer#step(NablaModel)} (so it sees the layers its weight decay
   * needs), if every number involved stays finite.
   *
   * @return the loss before the update
   * @throws DivergenceException if the loss, a gradient or an updated parameter is not finite;
   *     the parameters are then as before the call
   */
  public float trainStep(NablaModel model, float[] x, float[] targets, int rows,
      Optimizer optimizer) {
    Objects.requireNonNull(optimizer, "optimizer is null");
    return update(model, model.computeGradients(x, targets, rows), optimizer);
  }

  /**
   * The part of {@link #trainStep} after the gradients: {@code loss} and {@code model}'s
   * gradients are those of the batch just computed.
   */
  public float update(NablaModel model, float loss, Optimizer optimizer) {
    if (!Float.isFinite(loss)) {
      throw refused(optimizer, "the loss is " + loss, UNTOUCHED);
    }
    float[] parameters = model.parameters();
    float[] gradients = model.gradients();
    int count = before.length;
    if (!KernelOps.allFinite(gradients, count)) {
      int i = firstNonFinite(gradients);
      throw refused(optimizer, "the gradient of " + describe(model, i) + " is " + gradients[i],
          UNTOUCHED);
    }
    System.arraycopy(parameters, 0, before, 0, count);
    optimizer.step(model);
    if (!KernelOps.allFinite(parameters, count)) {
      int i = firstNonFinite(parameters);
      float updated = parameters[i];
      System.arraycopy(before, 0, parameters, 0, count);
      throw refused(optimizer, describe(model, i) + " would become " + updated + " (it is "
          + before[i] + ")", "the parameters are restored to their values before the step; "
          + "the optimizer's state includes the refused step");
    }
    model.parametersChanged();
    return loss;
  }

  private static DivergenceException refused(Optimizer optimizer, String what, String outcome) {
    return new DivergenceException("trainStep refused a step with " + optimizer + ": " + what
        + "; " + outcome + ". The learning rate is probably too large for this model and data");
  }

  private static int firstNonFinite(float[] values) {
    int i = 0;
    while (Float.isFinite(values[i])) {
      i++;
    }
    return i;
  }

  /** Parameter {@code index} by its layer and position, e.g. "W[3][1] of layer 'hidden'". */
  static String describe(NablaModel model, int index) {
    for (Dense layer : model.layers()) {
      int offset = index - layer.weightOffset();
      if (offset >= 0 && offset < layer.in() * layer.units()) {
        return "W[" + offset / layer.units() + "][" + offset % layer.units() + "] of layer '"
            + layer.name() + "'";
      }
      if (layer.hasBias() && index >= layer.biasOffset()
          && index < layer.biasOffset() + layer.units()) {
        return "b[" + (index - layer.biasOffset()) + "] of layer '" + layer.name() + "'";
      }
    }
    return "parameter " + index;
  }
}
