package dev.nabla.monitor;

import dev.nabla.NablaModel;
import dev.nabla.train.BatchListener;
import dev.nabla.train.EpochListener;
import dev.nabla.train.Trainer;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal, a progress bar per epoch (batches done, elapsed time and
 * ETA, running loss, samples/s) that is replaced by a one-line summary when the epoch ends;
 * elsewhere (CI logs, files) only the summary lines.
 *
 * <pre>{@code
 * TrainingProgress.toConsole(epochs).showing(history).attachTo(trainer).fit(train);
 * }</pre>
 *
 * <p>The bar is drawn by {@code me.tongfei:progressbar} on a thread of its own; per step this class
 * only adds up the loss, and formats the bar's message at most every {@value #MESSAGE_NANOS} ns.
 * Epoch times run from the end of the previous epoch's summary (from construction for the first),
 * so create the progress just before training.
 */
public final class TrainingProgress implements BatchListener, EpochListener {
  /** System property that overrides the terminal detection: {@code bars} or {@code lines}. */
  public static final String MODE_PROPERTY = "nabla.progress";
  private static final long MESSAGE_NANOS = 200_000_000L;
  private static final int REDRAW_MILLIS = 200;
  /** Bar width when the terminal does not tell its own. */
  private static final int DEFAULT_WIDTH = 79;

  private final int epochs;
  private final PrintStream out;
  private final int barWidth;
  private TrainingHistory history;
  private ProgressBar bar;
  private ConsoleProgressBarConsumer barLine;
  private long epochStart;
  private long lastMessage;
  private long rows;
  private double lossSum;

  private TrainingProgress(int epochs, PrintStream out, int barWidth) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    this.epochs = epochs;
    this.out = Objects.requireNonNull(out, "out");
    this.barWidth = barWidth;
    this.epochStart = System.nanoTime();
  }

  /**
   * Progress on {@code System.out}: bars when it is a terminal, lines otherwise; the system
   * property {@value #MODE_PROPERTY} ({@code bars} or {@code lines}) decides instead when set.
   *
   * @throws IllegalArgumentException if {@code epochs < 1} or the property has another value
   */
  public static TrainingProgress toConsole(int epochs) {
    String mode = System.getProperty(MODE_PROPERTY);
    boolean bars;
    if (mode == null) {
      bars = outputIsTerminal();
    } else if (mode.equals("bars") || mode.equals("lines")) {
      bars = mode.equals("bars");
    } else {
      throw new IllegalArgumentException(MODE_PROPERTY + " must be bars or lines, got \"" + mode
          + "\"");
    }
    return bars ? bars(epochs, System.out, 0) : lines(epochs, System.out);
  }

  /**
   * A bar per epoch on {@code out}, {@code width} characters wide at most (0: the terminal's
   * width), each replaced by the epoch's summary line.
   */
  public static TrainingProgress bars(int epochs, PrintStream out, int width) {
    if (width < 0) {
      throw new IllegalArgumentException("width must be >= 0, got " + width);
    }
    return new TrainingProgress(epochs, out, width > 0 ? width : terminalWidth(out));
  }

  /**
   * Asked once, here, before the first epoch's clock starts: the library would ask before every
   * redraw, and the first asking takes about a second here (jline sets up the terminal), each
   * later one about 20 ms (it runs stty).
   */
  private static int terminalWidth(PrintStream out) {
    int width = new ConsoleProgressBarConsumer(out).getMaxRenderedLength();
    return width > 0 ? width : DEFAULT_WIDTH;
  }

  /** Only the summary line of each epoch, for output that is not a terminal. */
  public static TrainingProgress lines(int epochs, PrintStream out) {
    return new TrainingProgress(epochs, out, -1);
  }

  /**
   * Whether standard output is a terminal. {@link System#console()} says so up to JDK 21; from
   * JDK 22 it returns a console for redirected output too, and {@code Console.isTerminal()} tells.
   */
  static boolean outputIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException olderJdk) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Records each epoch into {@code history} before its summary line, which then shows the
   * history's latest values (test loss, accuracies, …). Attach only the progress to the trainer,
   * not the history as well.
   */
  public TrainingProgress showing(TrainingHistory history) {
    this.history = Objects.requireNonNull(history, "history");
    return this;
  }

  /** Registers this as the trainer's batch and epoch listener; returns the trainer. */
  public Trainer attachTo(Trainer trainer) {
    return trainer.onBatch(this).onEpoch(this);
  }

  @Override
  public void onBatch(int epoch, int batch, int batches, int batchRows, float loss) {
    if (batch == 1) {
      rows = 0;
      lossSum = 0;
      if (barWidth >= 0) {
        barLine = newBarLine();
        bar = new ProgressBarBuilder().setTaskName(epochLabel(epoch)).setInitialMax(batches)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(REDRAW_MILLIS)
            .setConsumer(barLine).build();
      }
    }
    rows += batchRows;
    lossSum += (double) loss * batchRows;
    if (bar != null) {
      bar.stepTo(batch);
      long now = System.nanoTime();
      if (now - lastMessage >= MESSAGE_NANOS || batch == batches) {
        lastMessage = now;
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %.0f samples/s",
            lossSum / rows, rows / seconds(now - epochStart)));
      }
    }
  }

  /** The terminal line the bar is drawn on; left open, as {@link #clearBar} clears it. */
  private ConsoleProgressBarConsumer newBarLine() {
    return new ConsoleProgressBarConsumer(out, barWidth) {
      @Override
      public void close() {}
    };
  }

  /**
   * Stops the bar and blanks its line, so the summary line takes its place. Not the library's
   * clearDisplayOnFinish: in progressbar 0.10.1 a bar closed before its first scheduled redraw
   * skips the clearing (seen with epochs of a few milliseconds). Its close() waits for the
   * library's single drawing thread, so nothing is drawn after the blanking.
   */
  private void clearBar() {
    bar.close();
    out.print("\r" + " ".repeat(barLine.getMaxRenderedLength()) + "\r");
    bar = null;
    barLine = null;
  }

  private String epochLabel(int epoch) {
    int digits = Integer.toString(epochs).length();
    return String.format(Locale.ROOT, "epoch %" + digits + "d/%d", epoch, epochs);
  }

  @Override
  public void onEpoch(int epoch, float trainingLoss, float validationLoss, NablaModel model) {
    double seconds = seconds(System.nanoTime() - epochStart);
    if (bar != null) {
      clearBar();
    }
    if (history != null) {
      history.onEpoch(epoch, trainingLoss, validationLoss, model);
    }
    StringBuilder line = new StringBuilder(epochLabel(epoch));
    line.append(String.format(Locale.ROOT, "  loss %.4f", trainingLoss));
    if (history != null) {
      for (String name : history.names()) {
        if (!name.equals(TrainingHistory.TRAINING_LOSS)) {
          line.append(String.format(Locale.ROOT, "  %s %.4f", name, history.latest(name)));
        }
      }
    } else if (!Float.isNaN(validationLoss)) {
      line.append(String.format(Locale.ROOT, "  validation loss %.4f", validationLoss));
    }
    line.append(String.format(Locale.ROOT, "  %.2f s  %.0f samples/s", seconds, rows / seconds));
    out.println(line);
    out.flush();
    epochStart = System.nanoTime();
  }

  private static double seconds(long nanos) {
    return Math.max(nanos, 1) / 1e9;
  }
}
