package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.optim.Sgd;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A model is for one thread at a time. Two threads sharing one refuse each other's overlapping
 * calls with an IllegalStateException; neither ever gets a wrong answer.
 */
class ConcurrentUseTest {
  private static final int INPUTS = 20;
  private static final int SAMPLES = 64;
  /** Stop once both threads were refused this often: overlaps were surely exercised. */
  private static final int REFUSALS_WANTED = 200;
  private static final int MAX_CALLS = 2_000_000;

  /** Calls of one thread: how many answers were right, wrong, and refused. */
  private record Tally(int right, int wrong, int refused, String refusal) {}

  @Test
  void twoThreadsOnOneModelAreRefusedNeverAnsweredWrongly() throws Exception {
    NetworkSpec featureMajor = new NetworkSpec("SharedSmall", INPUTS, Loss.SOFTMAX_CROSS_ENTROPY,
        List.of(LayerSpec.plain(12, Activation.TANH, true),
            LayerSpec.plain(5, Activation.IDENTITY, true)));
    NetworkSpec rowMajor = new NetworkSpec("SharedWide", INPUTS, Loss.SOFTMAX_CROSS_ENTROPY,
        List.of(LayerSpec.plain(70, Activation.RELU, true),
            LayerSpec.plain(5, Activation.IDENTITY, true)));
    InMemoryCompiler models = InMemoryCompiler.compile(List.of(featureMajor, rowMajor));
    for (NetworkSpec spec : List.of(featureMajor, rowMajor)) {
      NablaModel model = models.newModel(spec, SAMPLES);
      float[][] inputs = {randomInputs(1), randomInputs(2)};
      int[][] expected = new int[2][SAMPLES];
      for (int t = 0; t < 2; t++) {
        model.predictClasses(inputs[t], SAMPLES, expected[t]);
      }
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicBoolean[] satisfied = {new AtomicBoolean(), new AtomicBoolean()};
        List<Future<Tally>> tallies = List.of(
            pool.submit(() -> hammer(model, inputs[0], expected[0], start, satisfied, 0)),
            pool.submit(() -> hammer(model, inputs[1], expected[1], start, satisfied, 1)));
        for (Future<Tally> future : tallies) {
          Tally tally = future.get();
          assertEquals(0, tally.wrong(), spec.name() + ": wrong answers, " + tally);
          assertTrue(tally.refused() > 0, spec.name() + ": no overlap was refused, " + tally);
          assertTrue(tally.right() > 0, spec.name() + ": " + tally);
          assertTrue(tally.refusal().matches("Thread pool-\\d+-thread-\\d called \\w+ on "
              + spec.name() + "Model while thread pool-\\d+-thread-\\d is using it; a model is "
              + "for one thread at a time: give each thread its own model.*"), tally.refusal());
        }
      } finally {
        pool.shutdownNow();
      }
      // The model is whole afterwards, for any thread.
      int[] classes = new int[SAMPLES];
      model.predictClasses(inputs[0], SAMPLES, classes);
      assertArrayEquals(expected[0], classes);
    }
  }

  /** Alternates predictClass and predictClasses until both threads were refused enough. */
  private static Tally hammer(NablaModel model, float[] inputs, int[] expected,
      CyclicBarrier start, AtomicBoolean[] satisfied, int self) throws Exception {
    int right = 0;
    int wrong = 0;
    int refused = 0;
    String refusal = null;
    int[] classes = new int[SAMPLES];
    float[] row = new float[INPUTS];
    start.await();
    for (int call = 0; call < MAX_CALLS && !(satisfied[0].get() && satisfied[1].get()); call++) {
      int sample = call % SAMPLES;
      try {
        if (call % 2 == 0) {
          System.arraycopy(inputs, sample * INPUTS, row, 0, INPUTS);
          if (model.predictClass(row) == expected[sample]) {
            right++;
          } else {
            wrong++;
          }
        } else {
          model.predictClasses(inputs, SAMPLES, classes);
          for (int r = 0; r < SAMPLES; r++) {
            if (classes[r] == expected[r]) {
              right++;
            } else {
              wrong++;
            }
          }
        }
      } catch (IllegalStateException e) {
        refused++;
        refusal = e.getMessage();
        if (refused >= REFUSALS_WANTED) {
          satisfied[self].set(true);
        }
      }
    }
    return new Tally(right, wrong, refused, refusal);
  }

  @Test
  void aCallThatFailsReleasesTheModelAndNestedCallsOfOneThreadPass() throws Exception {
    NetworkSpec spec = new NetworkSpec("Released", 3, Loss.SOFTMAX_CROSS_ENTROPY,
        List.of(LayerSpec.plain(2, Activation.IDENTITY, true)));
    NablaModel model = InMemoryCompiler.compile(List.of(spec)).newModel(spec, 4);
    assertThrows(IllegalArgumentException.class, () -> model.predict(new float[3], 5));
    // trainStep(labels) nests trainStep(targets), computeGradients and parametersChanged.
    float loss = model.trainStep(new float[] {1, 2, 3}, new int[] {1}, 1, new Sgd(0.1));
    assertTrue(loss > 0, "loss " + loss);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      float[] x = {1, 2, 3};
      int here = model.predictClass(x);
      // Refused with IllegalStateException if the failed predict had kept the model.
      assertEquals(here, other.submit(() -> model.predictClass(x)).get());
    } finally {
      other.shutdownNow();
    }
  }

  private static float[] randomInputs(long seed) {
    Random random = new Random(seed);
    float[] x = new float[SAMPLES * INPUTS];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }
}
