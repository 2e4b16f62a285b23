package dev.nabla.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.Activation;
import dev.nabla.Loss;
import dev.nabla.processor.testing.InMemoryCompiler;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero allocation in every launch, not just in this one: whether C2 compiles a vector kernel
 * without boxing can differ from one JVM to the next (the feature-major transpose once allocated
 * for good in 1 launch of 8 on JDK 25, 3 of 8 on JDK 17). Starts {@value #DEFAULT_LAUNCHES} fresh
 * JVMs (same java, flags and class path; {@code -Dnabla.allocationLaunches=N} for more) that call
 * {@code Kernels.warmUp()}, as the README asks of applications that must not allocate, then run
 * {@link AllocationProbe} on a feature-major and a row-major model, and requires 0 bytes per
 * trainStep and per predict after warm-up in every one. (Without {@code Kernels.warmUp()}, on
 * 4-lane vectors the row-major model's GEMMs, compiled from its partial profile, allocated
 * 4 608 B per call in about 1 launch of 10.)
 */
class AllocationLaunchesTest {
  static final int DEFAULT_LAUNCHES = 6;
  private static final int LAUNCHES = Integer.getInteger("nabla.allocationLaunches",
      DEFAULT_LAUNCHES);

  @Test
  void everyLaunchAllocatesNothingPerCallAfterWarmUp(@TempDir Path classes) throws Exception {
    // 4-10-3: 40 and 30 weights, feature-major; 40-33-10: 1 320 weights, row-major
    NetworkSpec featureMajor = new NetworkSpec("FeatureMajorNet", 4, Loss.SOFTMAX_CROSS_ENTROPY,
        List.of(LayerSpec.plain(10, Activation.TANH, true),
            LayerSpec.plain(3, Activation.IDENTITY, true)));
    NetworkSpec rowMajor = new NetworkSpec("RowMajorNet", 40, Loss.SOFTMAX_CROSS_ENTROPY,
        List.of(LayerSpec.plain(33, Activation.RELU, true),
            LayerSpec.plain(10, Activation.IDENTITY, true)));
    writeClasses(List.of(featureMajor, rowMajor), classes);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path") + java.io.File.pathSeparator + classes);
    command.add(AllocationProbe.class.getName());
    command.add(featureMajor.qualifiedName() + "Model");
    command.add(rowMajor.qualifiedName() + "Model");

    List<String> report = new ArrayList<>();
    int clean = 0;
    for (int launch = 1; launch <= LAUNCHES; launch++) {
      List<String> lines = run(command);
      assertEquals(2, lines.size(), "launch " + launch + " printed " + lines);
      boolean allZero = lines.stream().allMatch(l -> l.endsWith(" trainStep=0 predict=0 all=0"));
      clean += allZero ? 1 : 0;
      report.add("launch " + launch + ": " + lines);
    }
    String summary = "JDK " + Runtime.version().feature() + ": " + clean + " of " + LAUNCHES
        + " launches allocate nothing per call after warm-up; bytes per call: "
        + String.join("; ", report);
    System.out.println(summary);
    assertTrue(clean == LAUNCHES, summary);
  }

  private static void writeClasses(List<NetworkSpec> specs, Path dir) throws IOException {
    Compilation compilation = InMemoryCompiler.javac().compile(specs.stream()
        .map(s -> JavaFileObjects.forSourceString(s.qualifiedName(), s.source())).toList());
    assertThat(compilation).succeeded();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        Path target = dir.resolve(path.substring(path.indexOf("CLASS_OUTPUT/")
            + "CLASS_OUTPUT/".length()));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.write(target, in.readAllBytes());
        }
      }
    }
  }

  /** The probe's output lines; fails on a non-zero exit, with its output. */
  private static List<String> run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the probe did not finish");
    assertEquals(0, process.exitValue(), "the probe failed:\n" + output);
    return output.lines().filter(l -> l.contains(" trainStep=")).toList();
  }
}
