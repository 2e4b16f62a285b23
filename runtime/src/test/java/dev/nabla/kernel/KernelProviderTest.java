package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Which kernels serve at this JVM's vector width (run at every width by CI): the vector kernels
 * from 4 lanes on, the scalar ones below, with the reason.
 */
class KernelProviderTest {
  @Test
  void vectorKernelsServeFromFourLanesAndScalarBelow() {
    VectorSupport.assumeVectorApi();
    assumeTrue(System.getProperty(KernelProvider.VECTOR_BIT_SIZE_PROPERTY) == null,
        "the scalar kernels are forced");
    KernelSupport chosen = KernelProvider.lookup();
    if (VectorLanes.L >= VectorLanes.MIN_LANES) {
      assertInstanceOf(PanamaKernels.class, chosen, VectorLanes.L + " lanes");
    } else {
      assertEquals(ScalarKernels.INSTANCE, chosen, VectorLanes.L + " lanes");
    }
  }

  @Test
  void vectorKernelsRefuseFewerThanFourLanesSayingWhy() {
    VectorSupport.assumeVectorApi();
    assumeTrue(VectorLanes.L < VectorLanes.MIN_LANES,
        "runs with -XX:MaxVectorSize=8 (2 lanes); the preferred species has " + VectorLanes.L);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> new PanamaKernels(1, Long.MAX_VALUE));
    assertTrue(e.getMessage().startsWith("the preferred vector species has 2 float lanes, and "
        + "the vector kernels need at least 4"), e.getMessage());
  }
}
