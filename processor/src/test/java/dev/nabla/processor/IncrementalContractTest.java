package dev.nabla.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.nabla.processor.RecordingProcessor.Created;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nabla declares itself an isolating processor for Gradle; this checks it keeps to that. */
class IncrementalContractTest {
  private static final String DECLARATION =
      "META-INF/gradle/incremental.annotation.processors";

  @Test
  void processorIsDeclaredIsolating() throws IOException {
    List<URL> declarations = Collections.list(
        NablaProcessor.class.getClassLoader().getResources(DECLARATION));
    assertThat(declarations).isNotEmpty();
    List<String> lines = new ArrayList<>();
    for (URL url : declarations) {
      try (InputStream in = url.openStream()) {
        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
            .map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add);
      }
    }
    assertThat(lines).contains(NablaProcessor.class.getName() + ",isolating");
  }

  @Test
  void everyGeneratedFileHasExactlyOneOriginatingElement() {
    RecordingProcessor processor = new RecordingProcessor();
    Compilation compilation = Compiler.javac()
        .withProcessors(processor)
        .withOptions("-Xlint:all", "-Xlint:-processing")
        .compile(Compilers.resourceSource("good/QuadrantNet.java"),
            Compilers.resourceSource("good/Outer.java"));
    assertThat(compilation).succeededWithoutWarnings();

    List<Created> created = processor.created();
    assertThat(created).containsExactly(
        new Created("createSourceFile", "golden.Outer_NetModel", List.of("golden.Outer.Net")),
        new Created("createSourceFile", "golden.Outer_NetInference", List.of("golden.Outer.Net")),
        new Created("createSourceFile", "golden.QuadrantNetModel", List.of("golden.QuadrantNet")),
        new Created("createSourceFile", "golden.QuadrantNetInference",
            List.of("golden.QuadrantNet")));
    for (Created file : created) {
      assertThat(file.originatingElements()).hasSize(1);
    }
  }
}
