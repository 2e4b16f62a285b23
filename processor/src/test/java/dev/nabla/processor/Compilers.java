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
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

  private Compilers() {}

  /** {@link InMemoryCompiler#javac}: the processor, {@code -Xlint:all} but processing lint. */
  static Compiler javac(String... options) {
    return InMemoryCompiler.javac(options);
  }

  /** Compiles {@code sources} with {@link #javac}. */
  static Compilation compile(JavaFileObject... sources) {
    return javac().compile(sources);
  }

  /**
   * Source {@code test.<name>} of {@code lines} after a package line, a blank, {@code import
   * dev.nabla.*;} and a blank: a test's line 5 is its first given line.
   */
  static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>(List.of("package test;", "", "import dev.nabla.*;", ""));
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
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
