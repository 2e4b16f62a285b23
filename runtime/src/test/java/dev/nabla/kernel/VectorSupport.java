package dev.nabla.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helper: creates Panama kernels, or skips the test when the Vector API is absent. */
final class VectorSupport {
  private VectorSupport() {}

  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  static void assumeVectorApi() {
    assumeTrue(vectorModulePresent(),
        "jdk.incubator.vector is not present (run with --add-modules jdk.incubator.vector)");
  }

  /** Panama kernels with the given thread count and 2-thread FLOP threshold. */
  static KernelSupport panama(int threads, long parallelFlops) {
    assumeVectorApi();
    return new PanamaKernels(threads, parallelFlops);
  }

  static int lanes() {
    assumeVectorApi();
    return PanamaKernels.L;
  }
}
