package dev.nabla.processor.testing;

import dev.nabla.Activation;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import java.util.Random;

/**
 * A {@code @Sequence} declaration for tests: its source, and the network it declares evaluated
 * independently in double precision, sequence by sequence and step by step (not time-major), for
 * loss and finite-difference checks.
 *
 * @param hidden the cell's units, or 0 for a network without a cell
 */
public record SequenceSpec(String name, int steps, Sequence.Targets targets, int vocabulary,
    int dimension, Activation embeddingActivation, int hidden, Activation cellActivation,
    int outputs) {
  public static final String PACKAGE = "test.sequences";

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
    if (hidden > 0) {
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
    int inputAt = vocabulary * dimension;
    int biasAt = inputAt + dimension * hidden;
    int recurrentAt = biasAt + hidden;
    int outputAt = hidden > 0 ? recurrentAt + hidden * hidden : inputAt;
    int width = hidden > 0 ? hidden : dimension;
    int outputBiasAt = outputAt + width * outputs;
    double total = 0;
    for (int r = 0; r < rows; r++) {
      double[] h = new double[hidden];
      for (int t = 0; t < steps; t++) {
        double[] x = new double[dimension];
        int token = tokens[r * steps + t];
        for (int j = 0; j < dimension; j++) {
          x[j] = activate(embeddingActivation, p[embeddingAt + token * dimension + j]);
        }
        double[] features = x;
        if (hidden > 0) {
          double[] next = new double[hidden];
          for (int j = 0; j < hidden; j++) {
            double z = p[biasAt + j];
            for (int i = 0; i < dimension; i++) {
              z += x[i] * p[inputAt + i * hidden + j];
            }
            for (int i = 0; i < hidden; i++) {
              z += h[i] * p[recurrentAt + i * hidden + j];
            }
            next[j] = activate(cellActivation, z);
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
