package dev.nabla.internal.kernel;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;

/**
 * Chooses the kernel implementation once per JVM and logs why it falls back to scalar code:
 * the Vector API needs {@code --add-modules jdk.incubator.vector} and a C2-compiled VM, the vector
 * kernels need vectors of at least 4 floats, and {@code -Dnabla.vectorBitSize=0} forces the
 * scalar path.
 */
final class KernelProvider {
  static final String VECTOR_BIT_SIZE_PROPERTY = "nabla.vectorBitSize";
  private static final String VECTOR_IMPLEMENTATION = "dev.nabla.internal.kernel.PanamaKernels";
  /** The one fallback a user fixes with a flag, so the one logged as a warning. */
  static final String MISSING_MODULE = "the module jdk.incubator.vector is not present: "
      + "add --add-modules jdk.incubator.vector to the java command (and to javac and the test "
      + "JVM); the scalar kernels are about 100x slower";

  private KernelProvider() {}

  static KernelSupport lookup() {
    String reason = scalarReason();
    if (reason == null) {
      try {
        return (KernelSupport) Class.forName(VECTOR_IMPLEMENTATION)
            .getDeclaredConstructor().newInstance();
      } catch (InvocationTargetException e) { // refused: too few lanes, or a bad nabla.threads
        reason = e.getCause().getMessage();
      } catch (ReflectiveOperationException | LinkageError e) {
        reason = "the vector kernels could not be loaded: " + e;
      }
    }
    // A forced or hardware-imposed fallback is expected; a forgotten flag is not.
    System.getLogger(KernelProvider.class.getName())
        .log(MISSING_MODULE.equals(reason) ? Level.WARNING : Level.DEBUG,
            "Nabla uses scalar kernels because " + reason);
    return ScalarKernels.INSTANCE;
  }

  /** Why the scalar kernels must be used, or null when the vector kernels may be tried. */
  private static String scalarReason() {
    if ("0".equals(System.getProperty(VECTOR_BIT_SIZE_PROPERTY))) {
      return "-D" + VECTOR_BIT_SIZE_PROPERTY + "=0 was given";
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return MISSING_MODULE;
    }
    String vm = System.getProperty("java.vm.name", "");
    if (vm.contains("Client") || isC1Only()) {
      return "C2 is not available (" + vm + "), and vector code would run boxed";
    }
    return null;
  }

  private static boolean isC1Only() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(arg -> arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4"));
  }
}
