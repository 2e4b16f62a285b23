package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.NablaInference;
import dev.nabla.Precision;
import dev.nabla.kernel.Kernels;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One inference object shared by many threads: every thread gets bitwise the answers one thread
 * gets, and after warm-up no call allocates, on any of the threads.
 */
class InferenceThreadsTest {
  private static final int THREADS = 8;
  /**
   * Calls per thread; {@code -Dnabla.inferenceCalls=N} for more or fewer. 100 000 take about
   * 10 s with the vector kernels on a loaded 2-core machine; the scalar kernels are some 5×
   * slower on these shapes, so they get 20 000.
   */
  private static final int CALLS = Integer.getInteger("nabla.inferenceCalls",
      "scalar".equals(Kernels.implementation()) ? 20_000 : 100_000);
  /** Batch sizes: 1 tile (short of and on the batch kernels' path), 2 and 3 tiles. */
  private static final int[] BATCH_ROWS = {2, 3, 5, 8, 17, 64, 129, 136, 300};
  private static final int INPUT_SETS = 4;
  /** Hidden layers through the packed and the dot-product GEMMs, an output narrower than a vector. */
  private static final NetworkSpec SPEC = new NetworkSpec("Served", 32,
      Loss.SOFTMAX_CROSS_ENTROPY, List.of(LayerSpec.plain(64, Activation.RELU, true),
          LayerSpec.plain(24, Activation.TANH, true), LayerSpec.plain(10, Activation.IDENTITY,
              true)));

  private static InMemoryCompiler models;
  private static NablaModel trained;
  private static NablaInference inference;
  private static float[][] inputs;

  @BeforeAll
  static void build() {
    models = InMemoryCompiler.compile(List.of(SPEC), "-Anabla.featureMajorLimit=0");
    trained = InferenceTest.trainedModel(models, SPEC, 3);
    inference = models.newInference(SPEC, trained, Precision.FLOAT32);
    inputs = new float[INPUT_SETS][];
    for (int s = 0; s < INPUT_SETS; s++) {
      inputs[s] = InferenceTest.inputs(InferenceTest.MAX_ROWS, SPEC.inputs(), 100 + s);
    }
  }

  /** One call and its answer: the outputs of predict, or the classes as floats. */
  private record Call(int kind, float[] x, int rows, float[] expected) {
    static final int PREDICT = 0;
    static final int PREDICT_CLASSES = 1;
    static final int PREDICT_CLASS = 2;

    float[] run(NablaInference inference, float[] out, int[] classes) {
      switch (kind) {
        case PREDICT -> inference.predict(x, rows, out);
        case PREDICT_CLASSES -> {
          inference.predictClasses(x, rows, classes);
          for (int r = 0; r < rows; r++) {
            out[r] = classes[r];
          }
        }
        default -> out[0] = inference.predictClass(x);
      }
      return out;
    }

    int length() {
      return kind == PREDICT ? rows * SPEC.outputs() : kind == PREDICT_CLASSES ? rows : 1;
    }

    boolean matches(float[] out) {
      return Arrays.equals(out, 0, length(), expected, 0, length());
    }
  }

  /**
   * The calls and their answers from this thread alone: single samples (predict of one row and
   * predictClass, from several rows of each input set) and batches of every size in BATCH_ROWS.
   */
  private static List<Call> calls() {
    List<Call> calls = new ArrayList<>();
    float[] out = new float[InferenceTest.MAX_ROWS * SPEC.outputs()];
    int[] classes = new int[InferenceTest.MAX_ROWS];
    for (float[] x : inputs) {
      for (int r = 0; r < 6; r++) {
        float[] row = Arrays.copyOfRange(x, r * SPEC.inputs(), (r + 1) * SPEC.inputs());
        calls.add(answered(new Call(Call.PREDICT, row, 1, null), out, classes));
        calls.add(answered(new Call(Call.PREDICT_CLASS, row, 1, null), out, classes));
      }
      for (int rows : BATCH_ROWS) {
        calls.add(answered(new Call(Call.PREDICT, x, rows, null), out, classes));
        calls.add(answered(new Call(Call.PREDICT_CLASSES, x, rows, null), out, classes));
      }
    }
    return calls;
  }

  private static Call answered(Call call, float[] out, int[] classes) {
    float[] answer = Arrays.copyOf(call.run(inference, out, classes), call.length());
    return new Call(call.kind(), call.x(), call.rows(), answer);
  }

  @Test
  void eightThreadsOnOneInstanceGetTheAnswersOfOne() throws Exception {
    List<Call> calls = calls();
    // Mostly single samples, as a server sees them: of every 8 calls, 7 single, 1 batch.
    List<Call> single = calls.stream().filter(c -> c.rows() == 1).toList();
    List<Call> batch = calls.stream().filter(c -> c.rows() > 1).toList();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          float[] out = new float[InferenceTest.MAX_ROWS * SPEC.outputs()];
          int[] classes = new int[InferenceTest.MAX_ROWS];
          start.await();
          int wrong = 0;
          String first = "";
          for (int i = 0; i < CALLS; i++) {
            int pick = i * 7 + thread * 13;
            Call call = i % 8 == 7 ? batch.get(pick % batch.size())
                : single.get(pick % single.size());
            if (!call.matches(call.run(inference, out, classes)) && wrong++ == 0) {
              first = ", first at call " + i + ": kind " + call.kind() + ", " + call.rows()
                  + " rows";
            }
          }
          return wrong == 0 ? "" : "thread " + thread + ": " + wrong + " wrong answers" + first;
        }));
      }
      List<String> failures = new ArrayList<>();
      for (Future<String> result : results) {
        if (!result.get().isEmpty()) {
          failures.add(result.get());
        }
      }
      assertEquals(List.of(), failures, THREADS + " threads × " + CALLS + " calls");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * After warm-up a window of calls allocates 0 bytes, on each of several threads at once, in
   * every precision (reduced ones widen their weights on the caller's thread).
   */
  @ParameterizedTest
  @EnumSource(Precision.class)
  void noCallAllocatesAfterWarmUpOnAnyThread(Precision precision) throws Exception {
    NablaInference served = models.newInference(SPEC, trained, precision);
    Kernels.warmUp(); // as the README asks of applications: a cold GEMM can box for good on JDK 17
    float[] x = inputs[0];
    float[] row = Arrays.copyOf(x, SPEC.inputs());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Long>> bytes = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        bytes.add(pool.submit(() -> {
          float[] out = new float[InferenceTest.MAX_ROWS * SPEC.outputs()];
          int[] classes = new int[InferenceTest.MAX_ROWS];
          return AllocationProbe.steadyStateBytes(() -> {
            served.predictClass(row);
            served.predict(row, 1, out);
            served.predict(x, 5, out);
            served.predict(x, 140, out);
            served.predictClasses(x, 137, classes);
          });
        }));
      }
      for (Future<Long> allocated : bytes) {
        assertEquals(0L, allocated.get(), precision + ": bytes allocated in "
            + AllocationProbe.WINDOW + " rounds of calls after warm-up (kernels: "
            + Kernels.implementation() + ")");
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(served.weightBytes() > 0);
  }
}
