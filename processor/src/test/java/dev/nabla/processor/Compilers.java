package dev.nabla.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.processor.testing.InMemoryCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/** Shared set-up of the processor's compile tests. */
final class Compilers {
  /**
   * Switches off javac's {@code processing} lint on top of {@code -Xlint:all}. That lint warns
   * "No processor claimed any of these annotations" for every annotation no processor claims:
   * Nabla's own (the processor never claims, so other processors may see them too) and the
   * {@code @Generated} on every generated file. Every other lint category stays on.
   * {@code GoldenFileTest#processingLintWarnsOnlyAboutUnclaimedAnnotations} pins this down.
   */
  static final String NO_PROCESSING_LINT = "-Xlint:-processing";

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

  private Compilers() {}

  /** {@link InMemoryCompiler#javac} (the processor, {@code -Xlint:all}) minus processing lint. */
  static Compiler javac(String... options) {
    List<String> all = new ArrayList<>(List.of(NO_PROCESSING_LINT));
    all.addAll(List.of(options));
    return InMemoryCompiler.javac(all.toArray(String[]::new));
  }

  /** A test resource as text, e.g. {@code good/QuadrantNet.java}. */
  static String resourceText(String path) {
    try (InputStream in = Compilers.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code good/} or {@code bad/} resource as a source file named by its declared type. */
  static JavaFileObject resourceSource(String path) {
    String text = resourceText(path);
    String simple = path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
    Matcher pkg = PACKAGE.matcher(text);
    String qualified = pkg.find() ? pkg.group(1) + "." + simple : simple;
    return JavaFileObjects.forSourceString(qualified, text);
  }

  /** A class loader over the class files of a successful compilation. */
  static ClassLoader classLoader(Compilation compilation) {
    return InMemoryCompiler.loader(compilation);
  }
}
