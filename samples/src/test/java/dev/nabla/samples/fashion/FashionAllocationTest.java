package dev.nabla.samples.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Sgd;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The 784-256-10 MLP trains and predicts without allocating once the JIT has settled, counted on
 * the calling thread and the kernels' second worker thread. Measured on JDK 17 too: the 196 KB per
 * step once seen there came from JMH runs without {@link Kernels#warmUp()}, whose absence let C2
 * compile the GEMM paths from the model's partial profiles (README, "Using a model"); with it, 17
 * of 17 JDK 17 runs allocated nothing. Strict on every JDK.
 */
class FashionAllocationTest {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void trainStepAndPredictAllocateNothingAfterWarmUp() {
    Kernels.warmUp();
    FashionMlpModel model = FashionStudy.newModel(0);
    SplittableRandom random = new SplittableRandom(1);
    float[] x = new float[FashionStudy.BATCH * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    int[] labels = random.ints(FashionStudy.BATCH, 0, 10).toArray();
    float[] one = Arrays.copyOf(x, 784);
    Sgd sgd = new Sgd(0.01);
    Runnable step = () -> {
      model.trainStep(x, labels, FashionStudy.BATCH, sgd);
      model.predict(x, FashionStudy.BATCH);
      model.predictClass(one);
    };
    long self = Thread.currentThread().getId();
    long allocated = -1;
    for (int attempt = 0; attempt < 20 && allocated != 0; attempt++) {
      for (int i = 0; i < 100; i++) {
        step.run();
      }
      long worker = workerThreadId();
      // What reading the worker's counter costs this thread, measured on an empty window.
      long probe0 = THREADS.getThreadAllocatedBytes(self);
      THREADS.getThreadAllocatedBytes(worker);
      THREADS.getThreadAllocatedBytes(worker);
      long probe = THREADS.getThreadAllocatedBytes(self) - probe0;
      long self0 = THREADS.getThreadAllocatedBytes(self);
      long worker0 = THREADS.getThreadAllocatedBytes(worker);
      for (int i = 0; i < 20; i++) {
        step.run();
      }
      long worker1 = THREADS.getThreadAllocatedBytes(worker);
      allocated = THREADS.getThreadAllocatedBytes(self) - self0 - probe + worker1 - worker0;
    }
    assertEquals(0, allocated, "JDK " + Runtime.version().feature()
        + ": bytes allocated by 20 steps after warm-up");
  }

  /** The kernels' second worker thread, or -1 (whose count reads as −1 both times) without one. */
  private static long workerThreadId() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("nabla-gemm-worker"))
        .mapToLong(Thread::getId).findFirst().orElse(-1);
  }
}
