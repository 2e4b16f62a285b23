package dev.nabla.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, trainStep, forward and predictClass allocate nothing on every JDK, counted exactly with
 * ThreadMXBean, for plain, constrained and quantized models, through both kernel paths
 * (feature-major small networks and the row-major matrix kernels).
 */
class AllocationTest {
  private static final int ROWS = 32;

  @Test
  void trainingAndInferenceAllocateNothingAfterWarmUp() {
    Kernels.warmUp(); // as the README asks of applications: a cold GEMM can box for good on JDK 17
    NetworkSpec tiny = new NetworkSpec("Tiny", 2, Loss.BINARY_CROSS_ENTROPY, List.of(
        LayerSpec.plain(3, Activation.SIGMOID, true), LayerSpec.plain(4, Activation.SIGMOID, true)));
    NetworkSpec wide = new NetworkSpec("Wide", 40, Loss.SOFTMAX_CROSS_ENTROPY, List.of(
        LayerSpec.plain(33, Activation.RELU, true), LayerSpec.plain(10, Activation.IDENTITY, true)));
    NetworkSpec constrained = new NetworkSpec("ConstrainedNet", 9, Loss.SOFTMAX_CROSS_ENTROPY,
        List.of(new LayerSpec(5, Activation.SIGMOID, true,
                Optional.of(new MapSpec(Constraint.TANH, Double.NaN, Double.NaN, true)),
                Optional.empty()),
            new LayerSpec(2, Activation.SIGMOID, true, Optional.empty(),
                Optional.of(new QuantSpec(0.1, true)))));
    NetworkSpec mse = new NetworkSpec("Regression", 12, Loss.MEAN_SQUARED_ERROR, List.of(
        LayerSpec.plain(20, Activation.TANH, false), LayerSpec.plain(3, Activation.IDENTITY, true)));
    NetworkSpec dropped = new NetworkSpec("Dropped", 10, Loss.SOFTMAX_CROSS_ENTROPY, List.of(
        LayerSpec.plain(6, Activation.RELU, true).withDropout(0.5),
        LayerSpec.plain(3, Activation.IDENTITY, true)));
    NetworkSpec wideDropped = new NetworkSpec("WideDropped", 40, Loss.SOFTMAX_CROSS_ENTROPY,
        List.of(LayerSpec.plain(33, Activation.RELU, true).withDropout(0.3),
            LayerSpec.plain(10, Activation.IDENTITY, true)));
    NetworkSpec smooth = new NetworkSpec("Smooth", 3, Loss.HUBER, List.of(
        LayerSpec.plain(6, Activation.GELU, true),
        new LayerSpec(5, Activation.LEAKY_RELU, true, Optional.empty(), Optional.empty(), 0.2),
        LayerSpec.plain(4, Activation.SOFTPLUS, true), LayerSpec.plain(3, Activation.SOFTMAX, true)),
        0.5);
    NetworkSpec wideSmooth = new NetworkSpec("WideSmooth", 40, Loss.MEAN_ABSOLUTE_ERROR, List.of(
        LayerSpec.plain(70, Activation.GELU, true), LayerSpec.plain(20, Activation.SOFTPLUS, true),
        LayerSpec.plain(10, Activation.SOFTMAX, true)));
    List<NetworkSpec> specs =
        List.of(tiny, wide, constrained, mse, dropped, wideDropped, smooth, wideSmooth);
    InMemoryCompiler models = InMemoryCompiler.compile(specs);
    for (NetworkSpec spec : specs) {
      for (Optimizer optimizer : List.of(new Sgd(0.01), new Adam(0.001))) {
        assertAllocationFree(models.newModel(spec, ROWS), spec, optimizer);
      }
    }
  }

  private static void assertAllocationFree(NablaModel model, NetworkSpec spec,
      Optimizer optimizer) {
    AllocationProbe probe = new AllocationProbe(model, ROWS);
    // demand a window of steps without a single allocated byte, after warm-up
    long allocated = AllocationProbe.steadyStateBytes(() -> probe.everyCall(optimizer));
    assertEquals(0, allocated, spec + " with " + optimizer + " allocated " + allocated
        + " bytes in " + AllocationProbe.WINDOW + " steps, still after the warm-up (kernels: "
        + Kernels.implementation() + ")");
  }
}
