package dev.nabla.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares the generated source of each {@code good/} input with its {@code expected/} file, both
 * structurally and as exact text. With {@code GOLDEN_FILE_ROOT} set (to
 * {@code processor/src/test/resources}), the expected files are rewritten instead of compared,
 * and each rewrite is reported as a failure, since it checked nothing.
 */
class GoldenFileTest {
  /** The marker {@code GeneratedFiles} puts on every generated class, as it is printed. */
  static final String GENERATED_BLOCK = """
      @Generated(
              value = "dev.nabla.processor.NablaProcessor",
              comments = "Forward and backward pass derived by Nabla; do not edit"
      )
      """;

  /** The expected files in the source tree (surefire runs in the module directory). */
  private static final Path EXPECTED_SOURCES = Path.of("src/test/resources/expected");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "QuadrantNet, QuadrantNetModel",
      "MnistMlp, MnistMlpModel",
      "DropoutMlp, DropoutMlpModel",
      "BoundedNet, BoundedNetModel",
      "Outer, Outer_NetModel",
      "MnistMlp, MnistMlpInference",
      "Outer, Outer_NetInference",
      "SmoothNet, SmoothNetModel",
      "SmoothNet, SmoothNetInference",
  })
  void generatedSourceMatchesGoldenFile(String input, String generated) throws IOException {
    JavaFileObject source = Compilers.resourceSource("good/" + input + ".java");
    Compilation compilation = Compilers.javac().compile(source);
    assertThat(compilation).succeededWithoutWarnings();

    String qualified = "golden." + generated;
    String actual = generatedText(compilation, qualified);
    assertThat(actual).doesNotContain("jdk.incubator");

    Optional<Path> root = goldenFileRoot();
    if (root.isPresent()) {
      Path file = root.get().resolve("expected").resolve(generated + ".java");
      boolean changed = !Files.exists(file)
          || !Files.readString(file, StandardCharsets.UTF_8).equals(actual);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      // A rewrite compares nothing, so it must never count as a pass.
      fail((changed ? "rewrote " : "rewrote (unchanged) ") + file
          + "; unset GOLDEN_FILE_ROOT and run again to compare");
    }
    String expected = Compilers.resourceText("expected/" + generated + ".java");
    if (compileTestingCanParse()) {
      assertThat(compilation)
          .generatedSourceFile(qualified)
          .hasSourceEquivalentTo(JavaFileObjects.forSourceString(qualified, expected));
    } else {
      assertWithMessage("structure of %s (formatting and line comments ignored)", qualified)
          .that(structure(qualified, actual)).isEqualTo(structure(qualified, expected));
    }
    assertThat(compilation)
        .generatedFile(StandardLocation.SOURCE_OUTPUT, "golden", generated + ".java")
        .contentsAsUtf8String()
        .isEqualTo(expected);
  }

  @Test
  void everyGoldenFileStartsWithTheSameGeneratedBlock() throws IOException {
    List<Path> files = expectedFiles();
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int classLine = text.indexOf("\npublic final class ");
      assertWithMessage("%s declares a public final class", file).that(classLine).isAtLeast(0);
      String header = text.substring(0, classLine + 1);
      assertWithMessage("%s: the text before the class declaration", file)
          .that(header).endsWith(GENERATED_BLOCK);
      assertWithMessage("%s imports the annotation", file)
          .that(header).contains("\nimport javax.annotation.processing.Generated;\n");
      assertWithMessage("%s", file).that(text).doesNotContain("jdk.incubator");
      assertWithMessage("%s has no date", file).that(text).doesNotContainMatch("date\\s*=");
    }
  }

  /**
   * A user build with {@code -Xlint:all -Werror} passes: the generated code is warning-free and
   * every annotation of every round is claimed (javac warns about unclaimed ones otherwise).
   */
  @Test
  void goldenModelsCompileUnderLintAllWithWarningsAsErrors() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new NablaProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(Stream.of("QuadrantNet", "MnistMlp", "BoundedNet", "Outer", "SmoothNet")
            .map(name -> Compilers.resourceSource("good/" + name + ".java"))
            .toList());
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFiles()).hasSize(10);
  }

  /**
   * Whether compile-testing's {@code hasSourceEquivalentTo} can run: its parser uses javac
   * internals, which JDK 17 only lets it reach with {@code --add-exports} (e.g. through
   * {@code -Dnabla.test.jvmArgs=...}; the build's surefire argLine does not add them).
   */
  private static boolean compileTestingCanParse() {
    Module compiler = ModuleLayer.boot().findModule("jdk.compiler").orElseThrow();
    Module parser = JavaFileObjects.class.getModule();
    return Stream.of("api", "file", "parser", "tree", "util")
        .allMatch(pkg -> compiler.isExported("com.sun.tools.javac." + pkg, parser));
  }

  /**
   * A structural comparison through javac's exported API: the parsed tree printed back in
   * javac's canonical form, which drops formatting and line comments.
   */
  private static String structure(String qualifiedName, String source) throws IOException {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavacTask task = (JavacTask) ToolProvider.getSystemJavaCompiler().getTask(null, null,
        diagnostics, List.of("-proc:none"), null,
        List.of(JavaFileObjects.forSourceString(qualifiedName, source)));
    List<String> units = new ArrayList<>();
    for (CompilationUnitTree unit : task.parse()) {
      units.add(unit.toString());
    }
    assertWithMessage("parse errors in %s", qualifiedName)
        .that(diagnostics.getDiagnostics()).isEmpty();
    assertThat(units).hasSize(1);
    return units.get(0);
  }

  static String generatedText(Compilation compilation, String qualifiedName) throws IOException {
    Optional<JavaFileObject> file = compilation.generatedSourceFile(qualifiedName);
    assertWithMessage("generated %s", qualifiedName).that(file.isPresent()).isTrue();
    return file.get().getCharContent(false).toString();
  }

  private static List<Path> expectedFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXPECTED_SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The root to rewrite goldens under; ignores the unexpanded property Maven passes when unset. */
  private static Optional<Path> goldenFileRoot() {
    String root = System.getenv("GOLDEN_FILE_ROOT");
    if (root == null || root.isBlank() || root.startsWith("${")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(root));
  }
}
