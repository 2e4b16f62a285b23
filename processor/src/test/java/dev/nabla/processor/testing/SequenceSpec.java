package dev.nabla.processor.testing;

import dev.nabla.Activation;
import dev.nabla.Recurrent;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import java.util.Random;

/**
 * A {@code @Sequence} declaration for tests: its source, and the network it declares evaluated
 * independently in double precision, sequence by sequence and step by step (not time-major), for
 * loss and finite-difference checks.
 *
 * @param hidden the cell's units, or 0 for a network without a cell
 * @param cellActivation a simple cell's activation; not stated for an LSTM
 */
public record SequenceSpec(String name, int steps, Sequence.Targets targets, int vocabulary,
    int dimension, Activation embeddingActivation, int hidden, Activation cellActivation,
    int outputs, Recurrent.Cell cell) {
  public static final String PACKAGE = "test.sequences";

  /** A network with a simple cell (or none). */
  public SequenceSpec(String name, int steps, Sequence.Targets targets, int vocabulary,
      int dimension, Activation embeddingActivation, int hidden, Activation cellActivation,
      int outputs) {
    this(name, steps, targets, vocabulary, dimension, embeddingActivation, hidden, cellActivation,
        outputs, Recurrent.Cell.SIMPLE);
  }

  /** A network with an LSTM cell of {@code hidden} units. */
  public static SequenceSpec lstm(String name, int steps, Sequence.Targets targets,
      int vocabulary, int dimension, int hidden, int outputs) {
    return new SequenceSpec(name, steps, targets, vocabulary, dimension, Activation.IDENTITY,
        hidden, Activation.IDENTITY, outputs, Recurrent.Cell.LSTM);
  }

  public String qualifiedName() {
    return PACKAGE + "." + name;
  }

  public String source() {
    StringBuilder text = new StringBuilder("package " + PACKAGE + ";\n\n"
        + "import dev.nabla.*;\n\n"
        + "@Sequence(steps = " + steps + ", targets = Sequence.Targets." + targets + ")\n"
        + "public abstract class " + name + " {\n"
        + "  @Embedding(vocabulary = " + vocabulary + ", dimension = " + dimension
        + ", activation = Activation." + embeddingActivation + ") Dense embed;\n");
    if (hidden > 0 && cell == Recurrent.Cell.LSTM) {
      text.append("  @Recurrent(units = ").append(hidden)
          .append(", cell = Recurrent.Cell.LSTM) RecurrentCell cell;\n");
    } else if (hidden > 0) {
      text.append("  @Recurrent(units = ").append(hidden).append(", activation = Activation.")
          .append(cellActivation).append(") RecurrentCell cell;\n");
    }
    return text.append("  @Layer(units = ").append(outputs).append(") Dense output;\n}\n")
        .toString();
  }

  public int targetsPerSequence() {
    return targets == Sequence.Targets.EVERY_STEP ? steps : 1;
  }

  public int[] tokens(int rows, Random random) {
    return indices(rows * steps, vocabulary, random);
  }

  public int[] labels(int rows, Random random) {
    return indices(rows * targetsPerSequence(), outputs, random);
  }

  private static int[] indices(int count, int limit, Random random) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextInt(limit);
    }
    return values;
  }

  /** Every parameter drawn from N(0, 0.5²): away from the initial values' symmetries. */
  public static void randomize(SequenceModel model, Random random) {
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (0.5 * random.nextGaussian());
    }
    model.parametersChanged();
  }

  /** The mean softmax cross-entropy over every target, from parameters {@code p}. */
  public double loss(double[] p, int[] tokens, int[] labels, int rows) {
    int embeddingAt = 0;
    int gates = cell == Recurrent.Cell.LSTM ? 4 * hidden : hidden;
    int inputAt = vocabulary * dimension;
    int biasAt = inputAt + dimension * gates;
    int recurrentAt = biasAt + gates;
    int outputAt = hidden > 0 ? recurrentAt + hidden * gates : inputAt;
    int width = hidden > 0 ? hidden : dimension;
    int outputBiasAt = outputAt + width * outputs;
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double[] h = new double[hidden];
      double[] c = new double[hidden];
      for (int t = 0; t < steps; t++) {
        double[] x = new double[dimension];
        int token = tokens[r * steps + t];
        for (int j = 0; j < dimension; j++) {
          x[j] = activate(embeddingActivation, p[embeddingAt + token * dimension + j]);
        }
        double[] features = x;
        if (hidden > 0) {
          double[] z = new double[gates];
          for (int j = 0; j < gates; j++) {
            z[j] = p[biasAt + j];
            for (int i = 0; i < dimension; i++) {
              z[j] += x[i] * p[inputAt + i * gates + j];
            }
            for (int i = 0; i < hidden; i++) {
              z[j] += h[i] * p[recurrentAt + i * gates + j];
            }
          }
          double[] next = new double[hidden];
          for (int j = 0; j < hidden; j++) {
            if (cell == Recurrent.Cell.LSTM) {
              // PyTorch's gate order: i, f, g, o
              double in = activate(Activation.SIGMOID, z[j]);
              double forget = activate(Activation.SIGMOID, z[hidden + j]);
              double candidate = Math.tanh(z[2 * hidden + j]);
              double out = activate(Activation.SIGMOID, z[3 * hidden + j]);
              c[j] = forget * c[j] + in * candidate;
              next[j] = out * Math.tanh(c[j]);
            } else {
              next[j] = activate(cellActivation, z[j]);
            }
          }
          h = next;
          features = h;
        }
        if (targets == Sequence.Targets.EVERY_STEP || t == steps - 1) {
          double[] y = new double[outputs];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < outputs; j++) {
            y[j] = p[outputBiasAt + j];
            for (int i = 0; i < width; i++) {
              y[j] += features[i] * p[outputAt + i * outputs + j];
            }
            max = Math.max(max, y[j]);
          }
          double sum = 0;
          for (double v : y) {
            sum += Math.exp(v - max);
          }
          int label = labels[targets == Sequence.Targets.EVERY_STEP ? r * steps + t : r];
          total += max + Math.log(sum) - y[label];
        }
      }
    }
    return total / (rows * targetsPerSequence());
  }

  private static double activate(Activation activation, double z) {
    return switch (activation) {
      case IDENTITY -> z;
      case SIGMOID -> 1 / (1 + Math.exp(-z));
      case TANH -> Math.tanh(z);
      case RELU -> Math.max(0, z);
      case LEAKY_RELU, GELU, SOFTPLUS, SOFTMAX ->
          throw new IllegalArgumentException("not a sequence activation: " + activation);
    };
  }

  @Override
  public String toString() {
    return name + source().substring(source().indexOf('@'));
  }
}
