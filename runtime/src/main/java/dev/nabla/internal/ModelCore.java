package dev.nabla.internal;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.init.Init;
import dev.nabla.internal.kernel.KernelOps;
import dev.nabla.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Everything a generated model does that does not depend on its layers: the buffers every model
 * has, the checks of every argument (before any state is touched), the one-thread-at-a-time guard
 * around every entry point, class labels to one-hot targets, arg-max, and the guarded training
 * step. A generated model's nested {@code Core} extends it (through {@link RowMajorCore} or
 * {@link FeatureMajorCore}) with the forward pass, the output loss and the backward pass. Not API.
 */
public abstract class ModelCore extends NetworkCore implements NablaModel {
  private final int inputs;
  private final Loss loss;
  /** W = map(W′) of constrained or quantized layers, at the offsets of W′; else null. */
  protected final float[] effective;
  /** One-hot targets built from class labels. */
  private final float[] targets;
  /** softmax of the outputs, for predict with softmax cross-entropy; else null. */
  private final float[] probabilities;
  private final DenseShape[] shapes;
  private final List<Dense> layers;
  private final DropoutStream dropoutStream = new DropoutStream();
  /** Per layer, its dropout or null. */
  private final DropoutMask[] dropoutMasks;
  /**
   * Checks {@code maxBatch} against {@code maxBatchLimit}, the largest whose buffers fit a Java
   * array, and allocates the shared buffers; {@code shapes} are the layers in order.
   */
  protected ModelCore(String model, int inputs, int outputs, Loss loss, int parameterCount,
      int maxBatchLimit, boolean hasEffectiveWeights, int maxBatch, DenseShape... shapes) {
    super(model, outputs, parameterCount, maxBatchLimit, maxBatch);
    this.inputs = inputs;
    this.loss = loss;
    this.effective = hasEffectiveWeights ? new float[parameterCount] : null;
    this.targets = new float[maxBatch * outputs];
    this.probabilities = loss == Loss.SOFTMAX_CROSS_ENTROPY ? new float[maxBatch * outputs] : null;
    this.shapes = shapes.clone();
    this.dropoutMasks = new DropoutMask[shapes.length];
    List<Dense> views = new ArrayList<>();
    for (DenseShape shape : shapes) {
      views.add(new DenseLayer(this, shape, weightsOf(shape),
          shape.effectiveBias() ? effective : parameters));
    }
    this.layers = List.copyOf(views);
  }

  // ------------------------------------------------------------- the generated part

  /** Runs the layers on {@code rows} rows of {@code x}, already checked. */
  protected abstract void forwardPass(float[] x, int rows);

  /** The output layer's activations (rows × outputs, row-major) after {@link #forwardPass}. */
  protected abstract float[] output();

  /** The mean loss of the last forward pass; writes its gradient into {@code delta} unless null. */
  protected abstract float outputLoss(float[] targets, int rows, float[] delta);

  /** Backpropagation through the layers of the last forward pass; returns the loss. */
  protected abstract float backwardPass(float[] x, float[] targets, int rows);

  /** Inverted dropout with probability {@code rate} on the output of {@code layer}. */
  protected final DropoutMask dropout(DenseShape layer, float rate) {
    // Feature-major planes hold a unit's samples along a row; the mask follows the layout.
    DropoutMask mask = new DropoutMask(dropoutStream, layer, rate, maxBatch,
        this instanceof FeatureMajorCore);
    dropoutMasks[layer.index()] = mask;
    return mask;
  }

  /** Layer {@code index}'s dropout, with the mask of the last training pass, if it has one. */
  public final Optional<DropoutMask> dropoutMask(int index) {
    return Optional.ofNullable(dropoutMasks[index]);
  }

  /** Layer {@code shape}'s W: the effective weights if mapped, else the parameters. */
  protected final float[] weightsOf(DenseShape shape) {
    return shape.effectiveWeights() ? effective : parameters;
  }

  /** Layer {@code shape}'s b, or null without a bias. */
  protected final float[] biasOf(DenseShape shape) {
    return !shape.hasBias() ? null : shape.effectiveBias() ? effective : parameters;
  }

  /** Softmax cross-entropy of the outputs {@code out} (Z, or A for a non-identity output). */
  protected final float softmaxCrossEntropy(float[] out, float[] targets, int rows,
      float[] delta) {
    return KernelOps.softmaxCrossEntropy(out, targets, delta, rows, outputs);
  }

  /** Binary cross-entropy of A = σ(Z), evaluated from Z. */
  protected final float sigmoidBinaryCrossEntropy(float[] z, float[] a, float[] targets, int rows,
      float[] delta) {
    return KernelOps.sigmoidBinaryCrossEntropy(z, a, targets, delta, rows, outputs);
  }

  /** Mean squared error of the outputs A. */
  protected final float meanSquaredError(float[] a, float[] targets, int rows, float[] delta) {
    return KernelOps.meanSquaredError(a, targets, delta, rows, outputs);
  }

  /** Mean absolute error of the outputs A. */
  protected final float meanAbsoluteError(float[] a, float[] targets, int rows, float[] delta) {
    return KernelOps.meanAbsoluteError(a, targets, delta, rows, outputs);
  }

  /** Huber loss of the outputs A with δ = {@code huberDelta}. */
  protected final float huber(float[] a, float[] targets, int rows, float[] delta,
      float huberDelta) {
    return KernelOps.huber(a, targets, delta, rows, outputs, huberDelta);
  }

  // ------------------------------------------------------------- NablaModel

  /**
   * Draws every W′ from {@code seed} (He-normal before ReLU and LeakyReLU, Xavier-uniform
   * otherwise) and sets every b′ to 0; restarts the dropout masks from {@code seed}.
   */
  public final void initialize(long seed) {
    boolean entered = ownerGuard.enter("initialize");
    try {
      dropoutStream.reseed(seed);
      SplittableRandom random = new SplittableRandom(seed);
      for (int k = 0; k < shapes.length; k++) {
        layers.get(k).initialize(defaultWeights(shapes[k]), Init.zeros(), random);
      }
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final int inputs() {
    return inputs;
  }

  @Override
  public final List<Dense> layers() {
    return layers;
  }

  @Override
  public final Loss loss() {
    return loss;
  }

  @Override
  public final float[] forward(float[] x, int rows) {
    boolean entered = ownerGuard.enter("forward");
    try {
      checkInput(x, rows);
      refreshStaleWeights();
      forwardPass(x, rows);
      return output();
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float[] predict(float[] x, int rows) {
    boolean entered = ownerGuard.enter("predict");
    try {
      checkInput(x, rows);
      refreshStaleWeights();
      forwardPass(x, rows);
      if (probabilities == null) {
        return output();
      }
      KernelOps.softmax(output(), probabilities, rows, outputs);
      return probabilities;
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final void predictClasses(float[] x, int rows, int[] classes) {
    boolean entered = ownerGuard.enter("predictClasses");
    try {
      checkInput(x, rows);
      ModelInputs.checkClasses(classes, rows);
      refreshStaleWeights();
      forwardPass(x, rows);
      float[] out = output();
      for (int r = 0; r < rows; r++) {
        classes[r] = ModelInputs.argMax(out, r * outputs, outputs);
      }
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final int predictClass(float[] x) {
    boolean entered = ownerGuard.enter("predictClass");
    try {
      ModelInputs.checkMatrix("x", x, 1, inputs);
      refreshStaleWeights();
      forwardPass(x, 1);
      return ModelInputs.argMax(output(), 0, outputs);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float loss(float[] x, float[] targets, int rows) {
    boolean entered = ownerGuard.enter("loss");
    try {
      checkInput(x, rows);
      ModelInputs.checkTargets(loss, targets, rows, outputs);
      refreshStaleWeights();
      forwardPass(x, rows);
      return outputLoss(targets, rows, null);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float loss(float[] x, int[] labels, int rows) {
    boolean entered = ownerGuard.enter("loss");
    try {
      return loss(x, oneHot(labels, rows), rows);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float computeGradients(float[] x, float[] targets, int rows) {
    boolean entered = ownerGuard.enter("computeGradients");
    try {
      checkInput(x, rows);
      ModelInputs.checkTargets(loss, targets, rows, outputs);
      refreshStaleWeights();
      // A training pass: dropout layers draw a fresh mask, which the backward pass reuses.
      dropoutStream.beginTraining();
      try {
        forwardPass(x, rows);
        return backwardPass(x, targets, rows);
      } finally {
        dropoutStream.endTraining();
      }
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float computeGradients(float[] x, int[] labels, int rows) {
    boolean entered = ownerGuard.enter("computeGradients");
    try {
      return computeGradients(x, oneHot(labels, rows), rows);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
    boolean entered = ownerGuard.enter("trainStep");
    try {
      // Gradients, then the update, refused unless the loss and the result are finite.
      return stepGuard.trainStep(this, x, targets, rows, optimizer);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
    boolean entered = ownerGuard.enter("trainStep");
    try {
      return trainStep(x, oneHot(labels, rows), rows, optimizer);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  private void checkInput(float[] x, int rows) {
    ModelInputs.checkRows(rows, maxBatch);
    ModelInputs.checkMatrix("x", x, rows, inputs);
  }

  private float[] oneHot(int[] labels, int rows) {
    ModelInputs.checkRows(rows, maxBatch);
    ModelInputs.oneHot(labels, rows, outputs, targets);
    return targets;
  }
}
