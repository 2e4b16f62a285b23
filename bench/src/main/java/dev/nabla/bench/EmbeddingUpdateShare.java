package dev.nabla.bench;

import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Adam;
import dev.nabla.samples.sequences.CharStudy;
import dev.nabla.samples.sequences.CharStudy_CharNetModel;
import java.util.Random;

/**
 * How much a sparse update of the embedding could save: times the character model's training
 * step and Adam's dense step over all its parameters, and prints the embedding's share of the
 * latter (its rows are 432 of the 7,371 parameters). Five rounds of 500 calls each;
 * {@code java --add-modules jdk.incubator.vector -Dnabla.threads=1 -cp bench/target/benchmarks.jar
 * dev.nabla.bench.EmbeddingUpdateShare}.
 */
public final class EmbeddingUpdateShare {
  private static final int CALLS = 500;

  private EmbeddingUpdateShare() {}

  public static void main(String[] args) {
    Kernels.warmUp();
    CharStudy_CharNetModel model = new CharStudy_CharNetModel(CharStudy.BATCH);
    Adam adam = new Adam(0.005);
    Random random = new Random(1);
    int[] tokens = new int[CharStudy.BATCH * CharStudy.STEPS];
    int[] targets = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = random.nextInt(CharStudy.CHARACTERS);
      targets[i] = random.nextInt(CharStudy.CHARACTERS);
    }
    int embedding = model.layers().get(0).parameterCount();
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        model.trainStep(tokens, targets, CharStudy.BATCH, adam);
      }
      long trained = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        adam.step(model);
      }
      long stepped = System.nanoTime();
      double step = (trained - start) / (CALLS * 1e3);
      double update = (stepped - trained) / (CALLS * 1e3);
      System.out.printf("trainStep %.1f µs; Adam over all %d parameters %.2f µs (%.2f%% of a"
          + " step), of which the embedding's %d %.3f µs%n", step, model.parameterCount(),
          update, 100 * update / step, embedding, update * embedding / model.parameterCount());
    }
  }
}
