package dev.nabla.monitor;

import dev.nabla.NablaModel;
import dev.nabla.data.Dataset;
import dev.nabla.train.EpochListener;
import dev.nabla.train.Evaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Per-epoch training curves: the training loss and (with a validation set) the validation loss the
 * {@link dev.nabla.train.Trainer} reports, plus any metrics tracked here, evaluated after each
 * epoch. Each series belongs to a figure ({@link #LOSS} or {@link #ACCURACY}, or one of the
 * caller's), which {@link Charts} draws as one chart.
 *
 * <pre>{@code
 * TrainingHistory history = new TrainingHistory()
 *     .trackLoss("test loss", test)
 *     .trackAccuracy("train accuracy", train)
 *     .trackAccuracy("test accuracy", test);
 * new Trainer(model, sgd, 10).batchSize(256).onEpoch(history).fit(train);
 * Charts.write(history, Path.of("plots"));
 * }</pre>
 */
public final class TrainingHistory implements EpochListener {
  /** The figure of the losses. */
  public static final String LOSS = "loss";
  /** The figure of the accuracies. */
  public static final String ACCURACY = "accuracy";
  /** The series of the mean training loss of each epoch. */
  public static final String TRAINING_LOSS = "training loss";
  /** The series of the validation loss the trainer reports (present only with a validation set). */
  public static final String VALIDATION_LOSS = "validation loss";

  private final Map<String, Tracked> tracked = new LinkedHashMap<>();
  private final Map<String, Series> series = new LinkedHashMap<>();
  private int epochs;

  private record Tracked(String figure, ToDoubleFunction<NablaModel> metric) {}

  private static final class Series {
    final String figure;
    double[] values = new double[16];

    Series(String figure) {
      this.figure = figure;
    }
  }

  /**
   * Records the loss on {@code data} after every epoch.
   *
   * @throws IllegalArgumentException if the name is taken (see {@link #track})
   */
  public TrainingHistory trackLoss(String name, Dataset data) {
    return track(name, LOSS, evaluating(data, Evaluator::loss));
  }

  /**
   * Records the accuracy on {@code data} (which needs labels) after every epoch.
   *
   * @throws IllegalArgumentException if the name is taken or the data set has no labels
   */
  public TrainingHistory trackAccuracy(String name, Dataset data) {
    if (!data.hasLabels()) {
      throw new IllegalArgumentException("accuracy \"" + name + "\" needs a data set with labels");
    }
    return track(name, ACCURACY, evaluating(data, Evaluator::accuracy));
  }

  /** One evaluator for the model being trained, made on first use so that its buffers are reused. */
  private static ToDoubleFunction<NablaModel> evaluating(Dataset data,
      ToDoubleFunction<Evaluator> measure) {
    Objects.requireNonNull(data, "data");
    Evaluator[] evaluator = new Evaluator[1];
    NablaModel[] evaluated = new NablaModel[1];
    return model -> {
      if (evaluated[0] != model) {
        evaluator[0] = new Evaluator(model, data);
        evaluated[0] = model;
      }
      return measure.applyAsDouble(evaluator[0]);
    };
  }

  /**
   * Records {@code metric(model)} after every epoch as series {@code name} of figure
   * {@code figure}.
   *
   * @throws IllegalArgumentException if a name is blank, the series name is taken (including the
   *     trainer's two), or epochs were recorded already
   */
  public TrainingHistory track(String name, String figure, ToDoubleFunction<NablaModel> metric) {
    Objects.requireNonNull(metric, "metric");
    if (name.isBlank() || figure.isBlank()) {
      throw new IllegalArgumentException("a tracked metric needs a name and a figure");
    }
    if (name.equals(TRAINING_LOSS) || name.equals(VALIDATION_LOSS) || tracked.containsKey(name)) {
      throw new IllegalArgumentException("the history already has a series \"" + name + "\"");
    }
    if (epochs > 0) {
      throw new IllegalArgumentException("track \"" + name + "\" before the first epoch, so "
          + "that every series covers every epoch");
    }
    tracked.put(name, new Tracked(figure, metric));
    return this;
  }

  /**
   * Records epoch {@code epoch}: the two losses and every tracked metric, evaluated on
   * {@code model}.
   *
   * @throws IllegalArgumentException if {@code epoch} is not the next one (the history of one run
   *     must not be continued by another: make a new history per run)
   */
  @Override
  public void onEpoch(int epoch, float trainingLoss, float validationLoss, NablaModel model) {
    if (epoch != epochs + 1) {
      throw new IllegalArgumentException("the history holds " + epochs + " epochs, so the next "
          + "is " + (epochs + 1) + ", not " + epoch + "; use a new TrainingHistory per run");
    }
    double[] values = new double[tracked.size()];
    int i = 0;
    for (Tracked metric : tracked.values()) {
      values[i++] = metric.metric.applyAsDouble(model);
    }
    epochs++;
    record(TRAINING_LOSS, LOSS, trainingLoss);
    if (!Float.isNaN(validationLoss) || series.containsKey(VALIDATION_LOSS)) {
      record(VALIDATION_LOSS, LOSS, validationLoss);
    }
    i = 0;
    for (Map.Entry<String, Tracked> metric : tracked.entrySet()) {
      record(metric.getKey(), metric.getValue().figure, values[i++]);
    }
  }

  private void record(String name, String figure, double value) {
    Series recorded = series.computeIfAbsent(name, n -> new Series(figure));
    if (recorded.values.length < epochs) {
      recorded.values = Arrays.copyOf(recorded.values, 2 * epochs);
    }
    recorded.values[epochs - 1] = value;
  }

  /** Epochs recorded so far. */
  public int epochs() {
    return epochs;
  }

  /** The series recorded, in the order they were first recorded (the losses first). */
  public List<String> names() {
    return new ArrayList<>(series.keySet());
  }

  /** The figure series {@code name} belongs to. */
  public String figure(String name) {
    return require(name).figure;
  }

  /** The figures, in the order their first series was recorded. */
  public List<String> figures() {
    return series.values().stream().map(s -> s.figure).distinct().toList();
  }

  /** A copy of series {@code name}'s values, one per epoch from epoch 1. */
  public double[] values(String name) {
    return Arrays.copyOf(require(name).values, epochs);
  }

  /** Series {@code name}'s value in the last epoch recorded. */
  public double latest(String name) {
    return require(name).values[epochs - 1];
  }

  private Series require(String name) {
    Series found = series.get(name);
    if (found == null) {
      throw new IllegalArgumentException("no series \"" + name + "\"; recorded: " + names());
    }
    return found;
  }
}
