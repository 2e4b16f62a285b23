package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.IntStream;

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
    assumeTrue(VectorLanes.L >= VectorLanes.MIN_LANES, "the preferred species has "
        + VectorLanes.L + " lanes, fewer than the vector kernels run on");
    return new PanamaKernels(threads, parallelFlops);
  }

  /**
   * The given sizes with 1, 2 and the edges of every lane count the vector kernels run on
   * (L ∈ {4, 8, 16}: L−1, L, L+1, 2L−1, 2L, 2L+1, 4L+1, 5L+3), ascending: a test run at one
   * width also covers the others' tails and block boundaries.
   */
  static IntStream withLaneEdges(int... sizes) {
    IntStream edges = IntStream.of(4, 8, 16).flatMap(l -> IntStream.of(l - 1, l, l + 1,
        2 * l - 1, 2 * l, 2 * l + 1, 4 * l + 1, 5 * l + 3));
    return IntStream.concat(IntStream.concat(IntStream.of(1, 2), edges), IntStream.of(sizes))
        .distinct().sorted();
  }

  static int lanes() {
    assumeVectorApi();
    return VectorLanes.L;
  }
}
