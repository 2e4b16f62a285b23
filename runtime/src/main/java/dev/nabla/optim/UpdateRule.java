package dev.nabla.optim;

import dev.nabla.NablaModel;
import java.util.Objects;

/**
 * What Nabla's optimizers share: a settable learning rate, a {@link WeightDecay} resolved against
 * the model on the first {@link #step(NablaModel)} (and again only if a different model comes),
 * and optional clipping of the gradients by global norm before the update. Subclasses supply the
 * update of one stretch of parameters with its λ.
 */
abstract class UpdateRule implements Optimizer {
  private float learningRate;
  private WeightDecay weightDecay = WeightDecay.none();
  /** Largest global gradient norm, or 0 for no clipping. */
  private double maxGradientNorm;
  private NablaModel plannedModel;
  private DecayPlan plan;

  UpdateRule(double learningRate) {
    this.learningRate = Hyper.positive("learning rate", learningRate);
  }

  /**
   * Called once per step before any update, with the number of parameters: allocates state on
   * the first step, refuses a different count later (before changing anything).
   */
  abstract void beginStep(int length);

  /**
   * Updates {@code params[offset, offset + length)} with learning rate {@code lr} and weight
   * decay {@code lambda}.
   */
  abstract void update(float[] params, float[] grads, int offset, int length, float lr,
      float lambda);

  /**
   * {@inheritDoc} Needs a weight decay with one λ for all parameters (see {@link WeightDecay}).
   *
   * @throws IllegalStateException if the weight decay needs the model's layers
   */
  @Override
  public final void step(float[] params, float[] grads, int length) {
    if (!weightDecay.uniform()) {
      throw new IllegalStateException(weightDecay + " treats layers or biases apart, so it needs "
          + "the model's layers: use model.trainStep, a Trainer or step(model)");
    }
    if (length < 0 || length > params.length || length > grads.length) {
      throw new IndexOutOfBoundsException("length " + length + " does not fit "
          + params.length + " parameters and " + grads.length + " gradients");
    }
    beginStep(length);
    clip(grads, length);
    update(params, grads, 0, length, learningRate, weightDecay.uniformLambda());
  }

  /**
   * {@inheritDoc} Applies the weight decay per layer as resolved against this model.
   *
   * @throws IllegalArgumentException if the weight decay does not fit the model (see
   *     {@link WeightDecay#requireFits})
   */
  @Override
  public final void step(NablaModel model) {
    if (model != plannedModel) {
      plan = weightDecay.plan(model);
      plannedModel = model;
    }
    float[] params = model.parameters();
    float[] grads = model.gradients();
    beginStep(plan.parameterCount);
    clip(grads, plan.parameterCount);
    for (int s = 0; s < plan.stretches(); s++) {
      update(params, grads, plan.offsets[s], plan.lengths[s], learningRate, plan.lambdas[s]);
    }
  }

  private void clip(float[] grads, int length) {
    if (maxGradientNorm > 0) {
      GradientClipping.clipByGlobalNorm(grads, length, maxGradientNorm);
    }
  }

  @Override
  public final float learningRate() {
    return learningRate;
  }

  @Override
  public final void learningRate(double rate) {
    learningRate = Hyper.learningRate(rate);
  }

  @Override
  public final WeightDecay weightDecay() {
    return weightDecay;
  }

  final void setWeightDecay(WeightDecay weightDecay) {
    this.weightDecay = Objects.requireNonNull(weightDecay, "weightDecay");
    plannedModel = null;
    plan = null;
  }

  final void setMaxGradientNorm(double maxNorm) {
    Hyper.positive("maxNorm", maxNorm);
    maxGradientNorm = maxNorm;
  }

  /** E.g. "SGD(lr=0.1, momentum=0.9, weightDecay=WeightDecay.of(1.0E-4))". */
  final String describe(String name, String settings) {
    return name + "(lr=" + learningRate + settings
        + (weightDecay.equals(WeightDecay.none()) ? "" : ", weightDecay=" + weightDecay)
        + (maxGradientNorm > 0 ? ", clipGradientNorm=" + maxGradientNorm : "") + ")";
  }

  /**
   * The state buffer {@code state} ({@code what}, for the message) for {@code length} parameters: a new one on the first step,
   * the same after, and an exception naming the optimizer if the count changed.
   */
  final float[] stateFor(float[] state, int length, String what) {
    if (state == null) {
      return new float[length];
    }
    if (state.length != length) {
      throw new IllegalArgumentException("this " + getClass().getSimpleName()
          + " instance holds " + what + " for " + state.length + " parameters but was asked to "
          + "update " + length + "; use one instance per model");
    }
    return state;
  }
}
