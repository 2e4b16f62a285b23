package dev.nabla.samples.sequences;

import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Embedding;
import dev.nabla.Layer;
import dev.nabla.Sequence;
import dev.nabla.optim.Sgd;
import java.io.PrintStream;

/**
 * The last reference study's embedding example: Embedding(3, 3) → Tanh → Linear(3, 4) with
 * softmax cross-entropy, trained by SGD 0.1 for 10 steps to map tokens [1, 2, 1, 2] to classes
 * [0, 1, 0, 1]. One token per sequence, so {@code steps = 1}.
 */
public final class EmbeddingStudy {
  /** Tokens 0 … 2, embedded in 3 dimensions, then tanh; four classes out. */
  @Sequence(steps = 1)
  public abstract static class TokenClassifier {
    @Embedding(vocabulary = 3, dimension = 3, activation = Activation.TANH) Dense embed;
    @Layer(units = 4) Dense linear;
  }

  static final int[] TOKENS = {1, 2, 1, 2};
  static final int[] TARGETS = {0, 1, 0, 1};
  static final int STEPS = 10;

  private EmbeddingStudy() {}

  /** The loss before each of the 10 steps, then after the last: 11 values. */
  public static float[] train(PrintStream out) {
    EmbeddingStudy_TokenClassifierModel model =
        new EmbeddingStudy_TokenClassifierModel(TOKENS.length);
    Sgd sgd = new Sgd(0.1);
    float[] losses = new float[STEPS + 1];
    for (int step = 0; step < STEPS; step++) {
      losses[step] = model.trainStep(TOKENS, TARGETS, TOKENS.length, sgd);
      out.printf("step %2d  loss %.4f%n", step, losses[step]);
    }
    losses[STEPS] = model.loss(TOKENS, TARGETS, TOKENS.length);
    out.printf("after    loss %.4f%n", losses[STEPS]);
    return losses;
  }

  public static void main(String[] args) {
    train(System.out);
  }
}
