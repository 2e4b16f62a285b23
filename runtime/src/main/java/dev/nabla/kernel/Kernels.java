package dev.nabla.kernel;

import dev.nabla.internal.kernel.KernelOps;

/**
 * The kernels behind every model: which implementation serves this JVM, and their warm-up. The
 * implementation is chosen once per JVM: the Vector API kernels when {@code jdk.incubator.vector}
 * is present and the CPU's preferred float vector has at least 4 lanes, the scalar ones
 * otherwise.
 */
public final class Kernels {
  private Kernels() {}

  /** Name of the implementation in use, e.g. "scalar" or "PanamaKernels". */
  public static String implementation() {
    return KernelOps.implementation();
  }

  /**
   * Compiles every kernel path ahead of use, then waits until the JIT has gone idle (a few
   * seconds with the vector kernels, nothing with the scalar ones); call it once at start-up when
   * the first steps must be fast and allocation-free.
   */
  public static void warmUp() {
    KernelOps.warmUp();
  }
}
