package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.Kernels;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Steps allocate nothing after the first (which allocates the state and resolves the decay),
 * with per-layer decay, momentum, clipping and a learning rate changed before every step.
 */
class OptimizerAllocationTest {
  private static final int STEPS = 2000;

  @Test
  void stepsAfterTheFirstAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Kernels.warmUp(); // Adam and plain SGD run vector kernels: compiled first, as in a program
    WeightDecay decay = WeightDecay.of(1e-3).layer("output", 1e-2, 1e-4);
    List<UpdateRule> optimizers = List.of(
        new Sgd(0.01).weightDecay(decay),
        new Sgd(0.01).momentum(0.9).weightDecay(decay).clipGradientNorm(0.1),
        new Sgd(0.01).nesterov(0.9).weightDecay(decay),
        new RmsProp(0.001).momentum(0.5).weightDecay(decay).clipGradientNorm(0.1),
        new Adam(0.001).weightDecay(decay).clipGradientNorm(0.1));
    LearningRateSchedule schedule = LearningRateSchedule.cosine(STEPS, 0).withWarmUp(10, 0.1);
    for (UpdateRule optimizer : optimizers) {
      TwoLayerRegression model = new TwoLayerRegression(1);
      float[] gradients = model.gradients();
      long bytes = Long.MAX_VALUE;
      // The first rounds compile the loops; later ones must be free (a few tries under load).
      for (int round = 0; round < 10 && bytes > 0; round++) {
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int step = 0; step < STEPS; step++) {
          gradients[step % gradients.length] = (step % 7) - 3;
          optimizer.learningRate(schedule.rate(0.01, step));
          optimizer.step(model);
        }
        bytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      }
      assertEquals(0, bytes, optimizer + ": bytes over " + STEPS + " steps");
      assertTrue(Float.isFinite(model.parameters()[0]));
    }
  }
}
