package dev.nabla.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The same input gives the same bytes: no dates, hash orders or other run-dependent text. */
class DeterminismTest {
  private static final List<String> INPUTS = List.of(
      "good/QuadrantNet.java", "good/MnistMlp.java", "good/BoundedNet.java", "good/Outer.java");

  @Test
  void compilingTwiceGivesByteIdenticalFiles() throws IOException {
    Map<String, byte[]> first = generatedFiles(compileAll());
    Map<String, byte[]> second = generatedFiles(compileAll());

    assertThat(first.keySet()).containsAtLeast("/SOURCE_OUTPUT/golden/QuadrantNetModel.java",
        "/SOURCE_OUTPUT/golden/MnistMlpModel.java", "/SOURCE_OUTPUT/golden/BoundedNetModel.java",
        "/SOURCE_OUTPUT/golden/Outer_NetModel.java");
    assertThat(second.keySet()).containsExactlyElementsIn(first.keySet()).inOrder();
    for (Map.Entry<String, byte[]> file : first.entrySet()) {
      assertWithMessage("bytes of %s", file.getKey())
          .that(second.get(file.getKey())).isEqualTo(file.getValue());
    }
  }

  /** Fresh compiler and processor every time. */
  private static Compilation compileAll() {
    Compilation compilation = Compilers.javac()
        .compile(INPUTS.stream().map(Compilers::resourceSource).toList());
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  /** Every generated file, sources and classes, by path. */
  private static Map<String, byte[]> generatedFiles(Compilation compilation) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      try (InputStream in = file.openInputStream()) {
        files.put(file.toUri().getPath(), in.readAllBytes());
      }
    }
    return files;
  }
}
