package dev.nabla.train;

import dev.nabla.NablaModel;
import dev.nabla.data.Batches;
import dev.nabla.data.Dataset;
import dev.nabla.optim.LearningRateSchedule;
import dev.nabla.optim.Optimizer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Trains a {@link NablaModel} with an {@link Optimizer} for a number of epochs.
 *
 * <pre>{@code
 * TrainingResult result = new Trainer(model, new Adam(1e-3), 200)
 *     .batchSize(32)
 *     .validation(validationSet, 10)
 *     .onEpoch((epoch, loss, validationLoss, m) -> System.out.printf("%d %.4f%n", epoch, loss))
 *     .fit(trainingSet);
 * }</pre>
 *
 * <p>By default every epoch is one full-batch step over all rows, which must then fit in the
 * model's {@code maxBatch}; {@link #batchSize} switches to shuffled mini-batches. The model learns
 * from the targets when the training set has them, from the labels otherwise.
 *
 * <p>With a validation set, training stops once the validation loss has not strictly improved for
 * {@code patience} epochs, and the model ends with the parameters of its best validation epoch.
 * The optimizer's state (Adam's moments) is not rolled back with them.
 *
 * <p>A diverging run (a step the model refuses because its loss, gradients or update are not
 * finite) ends with a {@link DivergenceException}; the model then holds the parameters of its
 * best validation epoch, or without a validation set those from before the refused step.
 *
 * <p>A {@link LearningRateSchedule} set with {@link #scheduleEachEpoch} or
 * {@link #scheduleEachStep} sets the optimizer's learning rate before every epoch or step, from
 * the rate it had when {@link #fit} started; {@code fit} gives that rate back when it returns or
 * throws. The optimizer's {@link dev.nabla.optim.WeightDecay} is checked against the model when
 * {@code fit} starts, and with {@link #penaltyInLoss} its penalty is part of the reported
 * training loss.
 *
 * <p>Buffers are allocated when {@link #fit} starts; the epochs themselves allocate nothing.
 */
public final class Trainer {
  private static final int FULL_BATCH = 0;

  private final NablaModel model;
  private final Optimizer optimizer;
  private final int epochs;
  private int batchSize = FULL_BATCH;
  private long seed;
  private Dataset validation;
  private int patience;
  private float minDelta;
  private EpochListener listener;
  private BatchListener batchListener;
  private LearningRateSchedule schedule;
  private boolean schedulePerStep;
  private boolean penaltyInLoss;
  /** Steps taken in the current run, for a per-step schedule. */
  private int steps;

  /** @throws IllegalArgumentException if {@code epochs < 1} */
  public Trainer(NablaModel model, Optimizer optimizer, int epochs) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    this.epochs = epochs;
  }

  /**
   * Trains on shuffled mini-batches of {@code batchSize} rows (the last batch of an epoch may be
   * smaller).
   *
   * @throws IllegalArgumentException unless {@code 1 <= batchSize <= model.maxBatch()}
   */
  public Trainer batchSize(int batchSize) {
    if (batchSize < 1 || batchSize > model.maxBatch()) {
      throw new IllegalArgumentException("batch size must be between 1 and the model's maxBatch "
          + model.maxBatch() + ", got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** Trains with one step per epoch over all rows (the default). */
  public Trainer fullBatch() {
    this.batchSize = FULL_BATCH;
    return this;
  }

  /** Seed of the mini-batch shuffling (default 0), so runs are reproducible. */
  public Trainer seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Evaluates {@code validationSet} after every epoch and stops early after {@code patience}
   * epochs without a strictly lower validation loss, keeping the best parameters.
   *
   * @throws IllegalArgumentException if {@code patience < 1} or the set does not fit the model
   */
  public Trainer validation(Dataset validationSet, int patience) {
    return validation(validationSet, patience, 0f);
  }

  /**
   * Like {@link #validation(Dataset, int)}, but an epoch counts as an improvement only when the
   * validation loss drops more than {@code minDelta} below the best so far (Keras' min_delta):
   * a plateau that creeps down by float rounding then ends the run instead of stretching it.
   *
   * @throws IllegalArgumentException if {@code minDelta} is negative or not finite
   */
  public Trainer validation(Dataset validationSet, int patience, float minDelta) {
    Objects.requireNonNull(validationSet, "validationSet");
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1 epoch, got " + patience);
    }
    if (!(minDelta >= 0) || Float.isInfinite(minDelta)) {
      throw new IllegalArgumentException("minDelta must be finite and >= 0, got " + minDelta);
    }
    Evaluator.requireCompatible(model, validationSet, "validation set");
    this.validation = validationSet;
    this.patience = patience;
    this.minDelta = minDelta;
    return this;
  }

  /**
   * Sets the learning rate before every epoch to {@code schedule.rate(initial, epoch − 1)}, the
   * initial rate being the optimizer's when {@link #fit} starts; {@code null} for none. Replaces
   * a schedule set with {@link #scheduleEachStep}.
   */
  public Trainer scheduleEachEpoch(LearningRateSchedule schedule) {
    this.schedule = schedule;
    this.schedulePerStep = false;
    return this;
  }

  /**
   * Sets the learning rate before every step to {@code schedule.rate(initial, s)}, s counting the
   * run's steps from 0 across epochs; {@code null} for none. Replaces a schedule set with
   * {@link #scheduleEachEpoch}.
   */
  public Trainer scheduleEachStep(LearningRateSchedule schedule) {
    this.schedule = schedule;
    this.schedulePerStep = true;
    return this;
  }

  /**
   * Whether the training loss reported per epoch (history, listener, result) includes the
   * optimizer's weight decay penalty Σ λ/2·‖θ‖², taken at the parameters each step's loss was
   * computed at (default false). The validation loss never includes it. For decoupled decay
   * (Adam) the penalty is not what the optimizer minimises, but still measures the weights.
   */
  public Trainer penaltyInLoss(boolean include) {
    this.penaltyInLoss = include;
    return this;
  }

  /** Called after every epoch; {@code null} for none. */
  public Trainer onEpoch(EpochListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Called after every training step, before the epoch's {@link #onEpoch} call; {@code null} for
   * none.
   */
  public Trainer onBatch(BatchListener listener) {
    this.batchListener = listener;
    return this;
  }

  /**
   * Runs the training.
   *
   * @throws IllegalArgumentException if the training set does not fit the model, or, for
   *     full-batch training, has more rows than the model's {@code maxBatch}, or the optimizer's
   *     weight decay does not fit the model
   * @throws UnsupportedOperationException with a schedule, if the optimizer's learning rate
   *     cannot be set
   * @throws DivergenceException if a step is refused because its loss, gradients or update are
   *     not finite, or the epoch's loss is (the learning rate is usually too high). With a
   *     validation set the model then gets the parameters of its best validation epoch back
   *     (when one has passed); otherwise it keeps those from before the refused step
   */
  public TrainingResult fit(Dataset train) {
    Objects.requireNonNull(train, "train");
    Evaluator.requireCompatible(model, train, "training set");
    if (batchSize == FULL_BATCH && train.rows() > model.maxBatch()) {
      throw new IllegalArgumentException("full-batch training needs all " + train.rows()
          + " rows of the training set in one step, but the model's maxBatch is "
          + model.maxBatch() + "; use batchSize(n) for mini-batches");
    }
    optimizer.weightDecay().requireFits(model);
    float initialRate = optimizer.learningRate();
    try {
      return run(train, initialRate);
    } finally {
      if (schedule != null) {
        optimizer.learningRate(initialRate);
      }
    }
  }

  private TrainingResult run(Dataset train, float initialRate) {
    Batches batches = batchSize == FULL_BATCH ? null : new Batches(train, batchSize, seed);
    Evaluator validator = validation == null ? null : new Evaluator(model, validation);
    float[] bestParameters = validation == null ? null : new float[model.parameterCount()];
    float[] lossHistory = new float[epochs];
    float[] validationHistory = new float[validation == null ? 0 : epochs];

    steps = 0;
    int bestEpoch = 0;
    float bestLoss = Float.POSITIVE_INFINITY;
    int epoch = 0;
    boolean stoppedEarly = false;
    while (epoch < epochs && !stoppedEarly) {
      epoch++;
      if (schedule != null && !schedulePerStep) {
        optimizer.learningRate(schedule.rate(initialRate, epoch - 1));
      }
      float loss;
      try {
        loss = batches == null ? fullBatchStep(epoch, train, initialRate)
            : miniBatchEpoch(epoch, batches, train.rows(), initialRate);
      } catch (DivergenceException refused) {
        throw diverged(epoch, refused.getMessage(), refused, bestParameters, bestEpoch);
      }
      if (!Float.isFinite(loss)) {
        throw diverged(epoch, "the training loss became " + loss, null, bestParameters,
            bestEpoch);
      }
      lossHistory[epoch - 1] = loss;
      float validationLoss = Float.NaN;
      if (validator != null) {
        validationLoss = validator.loss();
        validationHistory[epoch - 1] = validationLoss;
        if (validationLoss < bestLoss - minDelta) {
          bestLoss = validationLoss;
          bestEpoch = epoch;
          System.arraycopy(model.parameters(), 0, bestParameters, 0, bestParameters.length);
        }
        stoppedEarly = epoch - bestEpoch >= patience && epoch < epochs;
      } else if (loss < bestLoss) {
        bestLoss = loss;
        bestEpoch = epoch;
      }
      if (listener != null) {
        listener.onEpoch(epoch, loss, validationLoss, model);
      }
    }
    if (bestParameters != null && bestEpoch > 0 && bestEpoch != epoch) {
      System.arraycopy(bestParameters, 0, model.parameters(), 0, bestParameters.length);
      model.parametersChanged();
    }
    return new TrainingResult(epoch, bestEpoch, lossHistory[epoch - 1], bestLoss,
        Arrays.copyOf(lossHistory, epoch),
        Arrays.copyOf(validationHistory, validator == null ? 0 : epoch), stoppedEarly);
  }

  /**
   * Restores the best validation epoch's parameters, if there was one, and says what the model
   * holds now.
   */
  private DivergenceException diverged(int epoch, String what, DivergenceException refused,
      float[] bestParameters, int bestEpoch) {
    String holds;
    if (bestParameters != null && bestEpoch > 0) {
      System.arraycopy(bestParameters, 0, model.parameters(), 0, bestParameters.length);
      model.parametersChanged();
      holds = "the model has the parameters of epoch " + bestEpoch + ", its best on the "
          + "validation set";
    } else if (refused != null) {
      holds = "the model has the parameters from before the refused step";
    } else {
      holds = "the model has the parameters of its last step";
    }
    return new DivergenceException("training diverged in epoch " + epoch + " with " + optimizer
        + " (" + what + "); " + holds + ". Try a lower learning rate", refused);
  }

  private float fullBatchStep(int epoch, Dataset train, float initialRate) {
    float loss = step(train.features(), train.targets(), train.labels(), train.rows(),
        initialRate);
    if (batchListener != null) {
      batchListener.onBatch(epoch, 1, 1, train.rows(), loss);
    }
    return loss;
  }

  /**
   * One training step on {@code rows} rows, from the targets if there are any, else the labels;
   * sets the step's learning rate first with a per-step schedule. Returns the step's loss, with
   * the penalty if asked for.
   */
  private float step(float[] features, float[] targets, int[] labels, int rows,
      float initialRate) {
    if (schedule != null && schedulePerStep) {
      optimizer.learningRate(schedule.rate(initialRate, steps++));
    }
    double penalty = penaltyInLoss ? optimizer.weightDecay().penalty(model) : 0;
    float loss = targets != null
        ? model.trainStep(features, targets, rows, optimizer)
        : model.trainStep(features, labels, rows, optimizer);
    return (float) (loss + penalty);
  }

  /** One pass over shuffled mini-batches; returns the mean step loss, weighted by rows. */
  private float miniBatchEpoch(int epoch, Batches batches, int totalRows,
      float initialRate) {
    batches.shuffle();
    double total = 0;
    int batch = 0;
    for (int rows; (rows = batches.next()) > 0; ) {
      float loss =
          step(batches.features(), batches.targets(), batches.labels(), rows, initialRate);
      total += (double) loss * rows;
      if (batchListener != null) {
        batchListener.onBatch(epoch, ++batch, batches.batchesPerEpoch(), rows, loss);
      }
    }
    return (float) (total / totalRows);
  }

  /**
   * Fraction of {@code data}'s rows whose predicted class equals their label, predicted in chunks
   * of at most the model's {@code maxBatch} rows.
   *
   * @throws IllegalArgumentException if the data set has no labels or does not fit the model
   */
  public static double accuracy(NablaModel model, Dataset data) {
    return new Evaluator(model, data).accuracy();
  }
}
