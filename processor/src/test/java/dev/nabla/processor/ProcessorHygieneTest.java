package dev.nabla.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Structural rules of the processor's own code. Paths are relative to the module directory. */
class ProcessorHygieneTest {
  private static final Path MAIN_SOURCES = Path.of("src/main/java/dev/nabla/processor");

  /** A processor instance can be reused by a build daemon: state belongs in instance fields. */
  @Test
  void processorClassesHaveNoMutableStaticFields() throws Exception {
    List<Path> sources = javaFiles(MAIN_SOURCES);
    assertThat(sources).isNotEmpty();
    List<String> checked = new ArrayList<>();
    List<String> mutable = new ArrayList<>();
    for (Path source : sources) {
      String relative = Path.of("src/main/java").relativize(source).toString();
      String name = relative.substring(0, relative.length() - ".java".length())
          .replace(source.getFileSystem().getSeparator(), ".");
      for (Class<?> type : withNested(Class.forName(name, false, getClass().getClassLoader()))) {
        checked.add(type.getName());
        for (Field field : type.getDeclaredFields()) {
          int modifiers = field.getModifiers();
          if (Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers)) {
            mutable.add(type.getName() + "." + field.getName());
          }
        }
      }
    }
    assertThat(checked).contains(NablaProcessor.class.getName());
    assertThat(mutable).isEmpty();
  }

  /** Only validation reports; code generation sees nothing but the finished model. */
  @Test
  void codegenNeverSeesTheMessagerOrTheRound() throws IOException {
    List<Path> sources = javaFiles(MAIN_SOURCES.resolve("codegen"));
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      String text = Files.readString(source, StandardCharsets.UTF_8);
      assertWithMessage("%s", source).that(text).doesNotContain("Messager");
      assertWithMessage("%s", source).that(text).doesNotContain("RoundEnvironment");
    }
  }

  private static List<Class<?>> withNested(Class<?> type) {
    List<Class<?>> all = new ArrayList<>(List.of(type));
    for (Class<?> nested : type.getDeclaredClasses()) {
      all.addAll(withNested(nested));
    }
    return all;
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
