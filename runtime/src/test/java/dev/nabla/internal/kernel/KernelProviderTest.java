package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which kernels serve at this JVM's vector width (run at every width by CI): the vector kernels
 * from 4 lanes on, the scalar ones below, with the reason; and, in fresh JVMs, that a forgotten
 * {@code --add-modules jdk.incubator.vector} is the one fallback logged as a warning.
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

  @Test
  void aMissingVectorModuleIsOneWarningThatNamesTheFlag(@TempDir Path dir) throws Exception {
    ProbeRun run = probe(dir);
    assertEquals(List.of("kernels: scalar"), run.stdout());
    assertEquals(List.of("WARNING: Nabla uses scalar kernels because the module "
        + "jdk.incubator.vector is not present: add --add-modules jdk.incubator.vector to the "
        + "java command (and to javac and the test JVM); the scalar kernels are about 100x "
        + "slower"), run.stderr().stream().filter(line -> !line.contains("KernelProvider lookup"))
        .toList());
  }

  @Test
  void forcedScalarKernelsLogNoWarning(@TempDir Path dir) throws Exception {
    ProbeRun run = probe(dir, "--add-modules=jdk.incubator.vector",
        "-D" + KernelProvider.VECTOR_BIT_SIZE_PROPERTY + "=0");
    assertEquals(List.of("kernels: scalar"), run.stdout());
    assertEquals(List.of("WARNING: Using incubator modules: jdk.incubator.vector"), run.stderr());
  }

  private static String path(java.net.URL location) {
    try {
      return Path.of(location.toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private record ProbeRun(List<String> stdout, List<String> stderr) {}

  /** Runs {@link KernelChoiceProbe} in a JVM with only {@code flags} and this class path. */
  private static ProbeRun probe(Path dir, String... flags) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(flags));
    // The runtime's classes and this test's, wherever the build put them (class path or, for
    // tests run inside the module, module path and patch): the probe runs on the class path.
    String classPath = Stream.of(KernelOps.class, KernelChoiceProbe.class)
        .map(type -> type.getProtectionDomain().getCodeSource().getLocation())
        .map(KernelProviderTest::path)
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
    command.addAll(List.of("-cp", classPath, KernelChoiceProbe.class.getName()));
    File out = dir.resolve("stdout").toFile();
    File err = dir.resolve("stderr").toFile();
    Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
    assertTrue(process.waitFor(1, TimeUnit.MINUTES), "the probe did not finish");
    List<String> stdout = Files.readAllLines(out.toPath(), StandardCharsets.UTF_8);
    List<String> stderr = Files.readAllLines(err.toPath(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "the probe failed: " + stdout + " " + stderr);
    return new ProbeRun(stdout, stderr);
  }
}
