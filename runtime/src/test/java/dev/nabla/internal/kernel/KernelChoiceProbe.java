package dev.nabla.internal.kernel;

/** In a fresh JVM: prints the kernel implementation chosen, for {@link KernelProviderTest}. */
public final class KernelChoiceProbe {
  private KernelChoiceProbe() {}

  public static void main(String[] args) {
    System.out.println("kernels: " + KernelOps.implementation());
  }
}
