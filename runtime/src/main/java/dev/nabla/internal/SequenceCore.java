package dev.nabla.internal;

import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.RecurrentCell;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.init.Init;
import dev.nabla.internal.kernel.KernelOps;
import dev.nabla.internal.kernel.PackedWeights;
import dev.nabla.optim.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Everything a generated {@link SequenceModel} does that does not depend on its layers: buffers,
 * the checks of tokens and targets (before any state is touched), the thread check, targets to
 * one-hot rows, the guarded training step, and the steps its generated passes are written in.
 *
 * <p><b>Layout.</b> Inside, a batch of m sequences is <em>time-major</em>: row t·m + r of X, H,
 * Y and their gradients belongs to sequence r at step t, so the m rows of one step are one
 * contiguous m × width matrix and the products that do not depend on the previous step (X·W_ih,
 * H·W_ho and their gradients) run once over all T·m rows. Only H_{t−1}·W_hh and its gradient run
 * step by step. The caller's arrays are row-major by sequence (r·T + t). Not API.
 */
public abstract class SequenceCore extends NetworkCore implements SequenceModel {
  private final String model;
  private final int steps;
  private final Sequence.Targets targets;
  /** In the gradients, its rows no token of the last batch selects stay 0. */
  private final DenseShape embedding;
  private final DenseShape[] shapes;
  private final List<Dense> layers;
  private final RecurrentCell cell;
  private final PackedWeights[] packed;
  /** One-hot targets, time-major, one row per target. */
  private final float[] oneHot;
  /** The logits in the caller's order, and their softmax. */
  private final float[] logits;
  private final float[] probabilities;
  /** Embedding rows whose gradient the last backward pass wrote, and a mark per row. */
  private final int[] touchedRows;
  private final boolean[] touched;
  private int touchedCount;
  /**
   * One step's m × units matrices (m × 4·units for an LSTM) for the element-wise work, which
   * runs from offset 0.
   */
  private final float[] stepScratch;
  private final float[] stepActivations;
  /** What token and target indices must lie in, for messages; built once, not per call. */
  private final String tokenRange;
  private final String targetRange;

  /**
   * {@code shapes}: the embedding (in = vocabulary, units = dimension, no bias), then the cell's
   * input and hidden parts if it has a cell, then the output layer.
   */
  protected SequenceCore(String model, int steps, Sequence.Targets targets, int parameterCount,
      int maxBatchLimit, int maxBatch, DenseShape... shapes) {
    super(model, shapes[shapes.length - 1].units(), parameterCount, maxBatchLimit, maxBatch);
    this.model = model;
    this.steps = steps;
    this.targets = Objects.requireNonNull(targets);
    this.shapes = shapes.clone();
    this.embedding = shapes[0];
    List<Dense> views = new ArrayList<>();
    packed = new PackedWeights[shapes.length];
    for (DenseShape shape : shapes) {
      views.add(new DenseLayer(this, shape, parameters, parameters));
      packed[shape.index()] = KernelOps.packedWeights(shape.in(), shape.units());
    }
    this.layers = List.copyOf(views);
    this.cell = shapes.length == 4 ? new Cell(layers.get(1), layers.get(2)) : null;
    int targetRows = maxBatch * (targets == Sequence.Targets.EVERY_STEP ? steps : 1);
    this.oneHot = new float[targetRows * outputs];
    this.logits = new float[targetRows * outputs];
    this.probabilities = new float[targetRows * outputs];
    this.touchedRows = new int[embedding.in()];
    this.touched = new boolean[embedding.in()];
    int hidden = cell == null ? 0 : shapes[1].units();
    this.stepScratch = new float[maxBatch * hidden];
    this.stepActivations = new float[maxBatch * hidden];
    this.tokenRange = "the vocabulary of embedding '" + embedding.name() + "'";
    this.targetRange = "the model's " + outputs + " classes";
  }

  private record Cell(Dense input, Dense hidden) implements RecurrentCell {}

  /** The recurrent cell's two views, or null; generated code assigns it to the cell's field. */
  public final RecurrentCell recurrentCell() {
    return cell;
  }

  // ------------------------------------------------------------- the generated part

  /** Runs the layers on {@code rows} sequences of {@code tokens}, already checked. */
  protected abstract void forwardPass(int[] tokens, int rows);

  /** The output logits Y after {@link #forwardPass}, time-major, one row per target. */
  protected abstract float[] output();

  /** Backpropagation through time of the last forward pass; returns the loss. */
  protected abstract float backwardPass(int[] tokens, int rows);

  // ------------------------------------------------------------- steps of the generated passes

  /** Row-major blocks one target row each: T·m for every-step targets, m for the last step. */
  protected final int targetRows(int rows) {
    return targets == Sequence.Targets.EVERY_STEP ? steps * rows : rows;
  }

  /** X = E[tokens], time-major: row t·m + r of X is row tokens[r·T + t] of E. */
  protected final void gather(DenseShape layer, int[] tokens, int rows, float[] x) {
    int width = layer.units();
    for (int t = 0; t < steps; t++) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(parameters, layer.weightOffset() + tokens[r * steps + t] * width, x,
            (t * rows + r) * width, width);
      }
    }
  }

  /** A = f(Z) in place over {@code count} rows. */
  protected static void activate(DenseShape layer, float[] z, int count) {
    activate(layer, z, z, count);
  }

  /** Z = X·W + 1·bᵀ over {@code count} rows from row offsets {@code xAt} and {@code zAt}. */
  protected final void dense(DenseShape layer, float[] x, int xAt, float[] z, int zAt,
      int count) {
    KernelOps.matmul(x, xAt * layer.in(), parameters, layer.weightOffset(),
        packed[layer.index()], layer.hasBias() ? parameters : null, layer.biasOffset(), z,
        zAt * layer.units(), count, layer.in(), layer.units());
  }

  /** ∇W = Xᵀ·dZ and, with a bias, ∇b = 1ᵀ·dZ, over {@code count} rows (0 rows: zero). */
  protected final void parameterGradients(DenseShape layer, float[] x, int xAt, float[] dz,
      int dzAt, int count) {
    int weights = layer.in() * layer.units();
    if (count == 0) {
      Arrays.fill(gradients, layer.weightOffset(), layer.weightOffset() + weights
          + (layer.hasBias() ? layer.units() : 0), 0f);
      return;
    }
    KernelOps.matmulTransposeA(x, xAt * layer.in(), dz, dzAt * layer.units(), gradients,
        layer.weightOffset(), count, layer.in(), layer.units());
    if (layer.hasBias()) {
      KernelOps.columnSums(dz, dzAt * layer.units(), gradients, layer.biasOffset(), count,
          layer.units());
    }
  }

  /** dX = dZ·Wᵀ over {@code count} rows. */
  protected final void inputGradient(DenseShape layer, float[] dz, int dzAt, float[] dx,
      int dxAt, int count) {
    KernelOps.matmulTransposeB(dz, dzAt * layer.units(), parameters, layer.weightOffset(), dx,
        dxAt * layer.in(), count, layer.units(), layer.in());
  }

  /** Zeroes the first {@code count} rows of {@code values}, of {@code width} each. */
  protected static void clear(float[] values, int count, int width) {
    Arrays.fill(values, 0, count * width, 0f);
  }

  /**
   * Step t of the recurrence, on {@code h} holding P = X·W_ih + 1·bᵀ for steps ≥ t and H for
   * steps < t: Z_t = P_t + H_{t−1}·W_hh (Z_0 = P_0, as H_{−1} = 0), then H_t = f(Z_t) over P_t.
   */
  protected final void recurrentStep(DenseShape recurrent, float[] h, int t, int rows) {
    int n = rows * recurrent.units();
    int at = t * rows;
    if (t == 0) {
      System.arraycopy(h, 0, stepScratch, 0, n);
    } else {
      KernelOps.matmul(h, (at - rows) * recurrent.in(), parameters, recurrent.weightOffset(),
          packed[recurrent.index()], null, 0, stepScratch, 0, rows, recurrent.in(),
          recurrent.units());
      addInto(h, at * recurrent.units(), stepScratch, n);
    }
    activate(recurrent, stepScratch, rows);
    System.arraycopy(stepScratch, 0, h, at * recurrent.units(), n);
  }

  /**
   * Step t of backpropagation through time, on {@code delta} holding the output's dH for steps
   * ≤ t and dZ for steps > t: dH_t += dZ_{t+1}·W_hhᵀ (nothing at the last step), then
   * dZ_t = dH_t ⊙ f′(Z_t), computed from H_t, over dH_t.
   */
  protected final void recurrentBackwardStep(DenseShape recurrent, float[] h, float[] delta,
      int t, int rows) {
    int n = rows * recurrent.units();
    int at = t * rows * recurrent.units();
    if (t == steps - 1) {
      System.arraycopy(delta, at, stepScratch, 0, n);
    } else {
      KernelOps.matmulTransposeB(delta, at + n, parameters, recurrent.weightOffset(),
          stepScratch, 0, rows, recurrent.units(), recurrent.in());
      addInto(delta, at, stepScratch, n);
    }
    System.arraycopy(h, at, stepActivations, 0, n);
    activationBackward(recurrent, stepActivations, stepScratch, rows);
    System.arraycopy(stepScratch, 0, delta, at, n);
  }

  /**
   * Step t of an LSTM, on {@code gates} holding P = X·W_ih + 1·bᵀ for steps ≥ t (4H wide) and
   * the activated gates i, f, g, o for steps < t: Z_t = P_t + H_{t−1}·W_hh (H_{−1} = 0);
   * i, f, o = σ, g = tanh of their blocks, over P_t; C_t = f ⊙ C_{t−1} + i ⊙ g (C_{−1} = 0) into
   * {@code cells}, tanh(C_t) into {@code cellsTanh}, H_t = o ⊙ tanh(C_t) into {@code h}.
   */
  protected final void lstmStep(DenseShape recurrent, float[] gates, float[] cells,
      float[] cellsTanh, float[] h, int t, int rows) {
    int units = recurrent.in();
    int width = recurrent.units();
    int n = rows * width;
    int at = t * rows;
    float[] z = stepScratch;
    if (t == 0) {
      System.arraycopy(gates, 0, z, 0, n);
    } else {
      KernelOps.matmul(h, (at - rows) * units, parameters, recurrent.weightOffset(),
          packed[recurrent.index()], null, 0, z, 0, rows, units, width);
      addInto(gates, at * width, z, n);
    }
    // tanh(x) = 2σ(2x) − 1: one σ pass over all four blocks of the step
    for (int r = 0; r < rows; r++) {
      for (int j = r * width + 2 * units, end = j + units; j < end; j++) {
        z[j] *= 2f;
      }
    }
    KernelOps.sigmoid(z, z, n);
    float[] c = stepActivations;
    int previous = (at - rows) * units;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < units; j++) {
        int gate = r * width + j;
        float g = 2f * z[gate + 2 * units] - 1f;
        z[gate + 2 * units] = g;
        float carried = t == 0 ? 0f : z[gate + units] * cells[previous + r * units + j];
        c[r * units + j] = carried + z[gate] * g;
      }
    }
    int states = rows * units;
    System.arraycopy(c, 0, cells, at * units, states);
    KernelOps.tanh(c, c, states);
    System.arraycopy(c, 0, cellsTanh, at * units, states);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < units; j++) {
        h[(at + r) * units + j] = z[r * width + 3 * units + j] * c[r * units + j];
      }
    }
    System.arraycopy(z, 0, gates, at * width, n);
  }

  /**
   * Step t of backpropagation through an LSTM, on {@code hDelta} holding the output's dH and
   * {@code gatesDelta} dZ for steps > t: dH_t += dZ_{t+1}·W_hhᵀ (nothing at the last step);
   * dC_t = dH_t ⊙ o ⊙ (1 − tanh²C_t) + dC_{t+1} ⊙ f_{t+1}, the second term carried from the step
   * after; dZ_t = [dC ⊙ g ⊙ i(1 − i), dC ⊙ C_{t−1} ⊙ f(1 − f), dC ⊙ i ⊙ (1 − g²),
   * dH ⊙ tanh C_t ⊙ o(1 − o)] into {@code gatesDelta}.
   */
  protected final void lstmBackwardStep(DenseShape recurrent, float[] gates, float[] cells,
      float[] cellsTanh, float[] hDelta, float[] gatesDelta, int t, int rows) {
    int units = recurrent.in();
    int width = recurrent.units();
    int states = rows * units;
    int at = t * rows;
    float[] dh = stepScratch;
    // dC_{t+1} ⊙ f_{t+1}, written by the step after; the forward pass's C scratch until then
    float[] carried = stepActivations;
    boolean last = t == steps - 1;
    if (last) {
      System.arraycopy(hDelta, at * units, dh, 0, states);
    } else {
      KernelOps.matmulTransposeB(gatesDelta, (at + rows) * width, parameters,
          recurrent.weightOffset(), dh, 0, rows, width, units);
      addInto(hDelta, at * units, dh, states);
    }
    int previous = (at - rows) * units;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < units; j++) {
        int gate = (at + r) * width + j;
        int state = r * units + j;
        float i = gates[gate];
        float f = gates[gate + units];
        float g = gates[gate + 2 * units];
        float o = gates[gate + 3 * units];
        float tanhC = cellsTanh[at * units + state];
        float dH = dh[state];
        float dC = dH * o * (1f - tanhC * tanhC) + (last ? 0f : carried[state]);
        float cPrevious = t == 0 ? 0f : cells[previous + state];
        gatesDelta[gate] = dC * g * i * (1f - i);
        gatesDelta[gate + units] = dC * cPrevious * f * (1f - f);
        gatesDelta[gate + 2 * units] = dC * i * (1f - g * g);
        gatesDelta[gate + 3 * units] = dH * tanhC * o * (1f - o);
        carried[state] = dC * f;
      }
    }
  }

  private static void addInto(float[] source, int from, float[] target, int n) {
    for (int i = 0; i < n; i++) {
      target[i] += source[from + i];
    }
  }

  /** The mean softmax cross-entropy of Y over its target rows; dY = (softmax(Y) − Y*)/count. */
  protected final float softmaxCrossEntropy(float[] y, int rows, float[] delta) {
    return KernelOps.softmaxCrossEntropy(y, oneHot, delta, targetRows(rows), outputs);
  }

  /**
   * ∇E: row k is the sum of dX over the positions (from step {@code firstStep}) holding token k.
   * Only the rows of this batch's tokens are written; the rows the previous batch wrote are
   * zeroed first, so every other row stays 0 and the buffer is ∇E entire.
   */
  protected final void embeddingGradient(DenseShape layer, int[] tokens, int rows,
      int firstStep, float[] dx) {
    int width = layer.units();
    int offset = layer.weightOffset();
    for (int i = 0; i < touchedCount; i++) {
      int row = touchedRows[i];
      Arrays.fill(gradients, offset + row * width, offset + (row + 1) * width, 0f);
      touched[row] = false;
    }
    touchedCount = 0;
    for (int t = firstStep; t < steps; t++) {
      for (int r = 0; r < rows; r++) {
        int token = tokens[r * steps + t];
        if (!touched[token]) {
          touched[token] = true;
          touchedRows[touchedCount++] = token;
        }
        int from = (t * rows + r) * width;
        int to = offset + token * width;
        for (int j = 0; j < width; j++) {
          gradients[to + j] += dx[from + j];
        }
      }
    }
  }

  // ------------------------------------------------------------- SequenceModel

  /** Draws E from N(0, 1) (as PyTorch's nn.Embedding), every other W from Xavier-uniform, b = 0. */
  public final void initialize(long seed) {
    boolean entered = ownerGuard.enter("initialize");
    try {
      SplittableRandom random = new SplittableRandom(seed);
      layers.get(0).initialize(Init.normal(1), Init.zeros(), random);
      for (int k = 1; k < shapes.length; k++) {
        layers.get(k).initialize(defaultWeights(shapes[k]), Init.zeros(), random);
      }
      Arrays.fill(gradients, 0f);
      touchedCount = 0;
      Arrays.fill(touched, false);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final int steps() {
    return steps;
  }

  @Override
  public final int vocabulary() {
    return embedding.in();
  }

  @Override
  public final Sequence.Targets targets() {
    return targets;
  }

  /** Tokens per sequence: a row of input is {@link #steps()} token indices. */
  @Override
  public final int inputs() {
    return steps;
  }

  @Override
  public final List<Dense> layers() {
    return layers;
  }

  @Override
  public final Loss loss() {
    return Loss.SOFTMAX_CROSS_ENTROPY;
  }

  /** The packed copies of W are all the passes derive from W′. */
  @Override
  protected final void weightsChanged() {
    for (PackedWeights weights : packed) {
      weights.invalidate();
    }
  }

  @Override
  public final float[] forward(int[] tokens, int rows) {
    boolean entered = ownerGuard.enter("forward");
    try {
      run(tokens, rows);
      return callerOrder(output(), rows, logits);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float[] predict(int[] tokens, int rows) {
    boolean entered = ownerGuard.enter("predict");
    try {
      run(tokens, rows);
      KernelOps.softmax(output(), probabilities, targetRows(rows), outputs);
      return callerOrder(probabilities, rows, logits);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float loss(int[] tokens, int[] targets, int rows) {
    boolean entered = ownerGuard.enter("loss");
    try {
      checkTargets(targets, rows);
      run(tokens, rows);
      oneHot(targets, rows);
      return softmaxCrossEntropy(output(), rows, null);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float computeGradients(int[] tokens, int[] targets, int rows) {
    boolean entered = ownerGuard.enter("computeGradients");
    try {
      checkTargets(targets, rows);
      run(tokens, rows);
      oneHot(targets, rows);
      return backwardPass(tokens, rows);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  @Override
  public final float trainStep(int[] tokens, int[] targets, int rows, Optimizer optimizer) {
    boolean entered = ownerGuard.enter("trainStep");
    try {
      Objects.requireNonNull(optimizer, "optimizer is null");
      return stepGuard.update(this, computeGradients(tokens, targets, rows), optimizer);
    } finally {
      ownerGuard.exit(entered);
    }
  }

  private void run(int[] tokens, int rows) {
    ModelInputs.checkRows(rows, maxBatch);
    checkIndices("tokens", tokens, rows * steps, steps, vocabulary(), tokenRange);
    refreshStaleWeights();
    forwardPass(tokens, rows);
  }

  private void checkTargets(int[] targets, int rows) {
    ModelInputs.checkRows(rows, maxBatch);
    checkIndices("targets", targets, targetRows(rows), targetRows(rows) / rows, outputs,
        targetRange);
  }

  /** Each of values[0, count) in [0, limit); a bad one named with its row and step. */
  private static void checkIndices(String what, int[] values, int count, int perRow, int limit,
      String range) {
    if (values == null) {
      throw new NullPointerException(what + " is null");
    }
    if (values.length < count) {
      throw new IllegalArgumentException(what + " has length " + values.length + " but "
          + count / perRow + " rows of " + perRow + " need " + count);
    }
    for (int i = 0; i < count; i++) {
      if (values[i] < 0 || values[i] >= limit) {
        throw new IllegalArgumentException(what + "[" + i + "] (row " + i / perRow + ", step "
            + (perRow == 1 ? "last" : Integer.toString(i % perRow)) + ") is " + values[i]
            + ", outside " + range + " [0, " + limit + ")");
      }
    }
  }

  /** One-hot rows of the targets, time-major like Y. */
  private void oneHot(int[] targetIndices, int rows) {
    int count = targetRows(rows);
    int perRow = count / rows;
    Arrays.fill(oneHot, 0, count * outputs, 0f);
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < perRow; t++) {
        oneHot[(t * rows + r) * outputs + targetIndices[r * perRow + t]] = 1f;
      }
    }
  }

  /** {@code timeMajor}'s rows in the caller's order (r·T + t), in {@code out}. */
  private float[] callerOrder(float[] timeMajor, int rows, float[] out) {
    int perRow = targetRows(rows) / rows;
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < perRow; t++) {
        System.arraycopy(timeMajor, (t * rows + r) * outputs, out, (r * perRow + t) * outputs,
            outputs);
      }
    }
    return out;
  }

  // ------------------------------------------------------------- NablaModel's float inputs

  private UnsupportedOperationException tokensOnly(String method) {
    return new UnsupportedOperationException(model + " takes token indices, not float rows: call "
        + method + "(int[] tokens, …) of SequenceModel");
  }

  @Override
  public final float[] forward(float[] x, int rows) {
    throw tokensOnly("forward");
  }

  @Override
  public final float[] predict(float[] x, int rows) {
    throw tokensOnly("predict");
  }

  @Override
  public final void predictClasses(float[] x, int rows, int[] classes) {
    throw tokensOnly("predict");
  }

  @Override
  public final int predictClass(float[] x) {
    throw tokensOnly("predict");
  }

  @Override
  public final float loss(float[] x, float[] targets, int rows) {
    throw tokensOnly("loss");
  }

  @Override
  public final float loss(float[] x, int[] labels, int rows) {
    throw tokensOnly("loss");
  }

  @Override
  public final float computeGradients(float[] x, float[] targets, int rows) {
    throw tokensOnly("computeGradients");
  }

  @Override
  public final float computeGradients(float[] x, int[] labels, int rows) {
    throw tokensOnly("computeGradients");
  }

  @Override
  public final float trainStep(float[] x, float[] targets, int rows, Optimizer optimizer) {
    throw tokensOnly("trainStep");
  }

  @Override
  public final float trainStep(float[] x, int[] labels, int rows, Optimizer optimizer) {
    throw tokensOnly("trainStep");
  }
}
