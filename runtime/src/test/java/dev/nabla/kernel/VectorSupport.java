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

  /**
   * Panama kernels with the given thread count and 2-thread FLOP threshold; skips on vectors
   * narrower than they run on (KernelProviderTest checks that the scalar kernels serve there).
   */
  static KernelSupport panama(int threads, long parallelFlops) {
    assumeVectorApi();
    assumeTrue(PanamaKernels.L >= PanamaKernels.MIN_LANES, "the preferred species has "
        + PanamaKernels.L + " lanes, fewer than the vector kernels run on");
    return new PanamaKernels(threads, parallelFlops);
  }

  static int lanes() {
    assumeVectorApi();
    return PanamaKernels.L;
  }
}
