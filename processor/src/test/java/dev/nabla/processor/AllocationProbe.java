package dev.nabla.processor;

import com.sun.management.ThreadMXBean;
import dev.nabla.NablaModel;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Counts the bytes a model's calls allocate in the steady state, with
 * {@link ThreadMXBean#getThreadAllocatedBytes(long)}: used in-process by {@link AllocationTest}
 * and, as {@link #main}, in the fresh JVMs of {@link AllocationLaunchesTest}.
 */
final class AllocationProbe {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** Calls per measured window. */
  static final int WINDOW = 200;
  private static final int WARM_UP_CALLS = 2_000;
  private static final int WARM_UP_ROUNDS = 40;

  private final NablaModel model;
  private final int rows;
  private final float[] x;
  private final int[] labels;
  private final int[] classes;
  private final float[] single;

  AllocationProbe(NablaModel model, int rows) {
    this.model = model;
    this.rows = rows;
    Random random = new Random(11);
    x = new float[rows * model.inputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = random.nextInt(model.outputs());
    }
    classes = new int[rows];
    single = java.util.Arrays.copyOf(x, model.inputs());
  }

  /** Every entry point once: a training step, the loss and the four kinds of prediction. */
  void everyCall(Optimizer optimizer) {
    model.trainStep(x, labels, rows, optimizer);
    model.forward(x, rows);
    model.predict(x, rows);
    model.predictClasses(x, rows, classes);
    model.predictClass(single);
    model.loss(x, labels, rows);
  }

  /**
   * Runs {@code call} until a window of {@link #WINDOW} calls allocates nothing (C2 compiles in
   * the background, later under load), at most {@value #WARM_UP_ROUNDS} rounds of
   * {@value #WARM_UP_CALLS} warm-up calls; returns the bytes of the last window.
   */
  static long steadyStateBytes(Runnable call) {
    long allocated = -1;
    for (int round = 0; round < WARM_UP_ROUNDS && allocated != 0; round++) {
      for (int i = 0; i < WARM_UP_CALLS; i++) {
        call.run();
      }
      allocated = windowBytes(call);
    }
    return allocated;
  }

  /** Bytes allocated by {@link #WINDOW} calls, on this thread. */
  static long windowBytes(Runnable call) {
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < WINDOW; i++) {
      call.run();
    }
    return THREADS.getThreadAllocatedBytes(thread) - before;
  }

  /**
   * In a fresh JVM: calls {@link dev.nabla.kernel.Kernels#warmUp()}, then for each model class
   * named (a generated model with a {@code (int maxBatch)} constructor), warms every call up and
   * prints one line
   * {@code <class> trainStep=<bytes per call> predict=<bytes per call> all=<bytes per round of
   * every call>}, each in the steady state.
   */
  public static void main(String[] args) throws ReflectiveOperationException {
    int rows = 32;
    dev.nabla.kernel.Kernels.warmUp();
    for (String name : args) {
      NablaModel model = (NablaModel) Class.forName(name).getConstructor(int.class)
          .newInstance(rows);
      AllocationProbe probe = new AllocationProbe(model, rows);
      Optimizer sgd = new Sgd(0.01);
      long all = steadyStateBytes(() -> probe.everyCall(sgd));
      long train = steadyStateBytes(() -> model.trainStep(probe.x, probe.labels, rows, sgd));
      long predict = steadyStateBytes(() -> model.predict(probe.x, rows));
      System.out.println(name + " trainStep=" + train / WINDOW + " predict=" + predict / WINDOW
          + " all=" + all / WINDOW);
    }
  }
}
