package dev.nabla.processor.testing;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.nabla.LayerWeights;
import dev.nabla.NablaInference;
import dev.nabla.NablaModel;
import dev.nabla.Precision;
import dev.nabla.processor.NablaProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles model declarations with the processor in memory and loads the generated classes. */
public final class InMemoryCompiler {
  private final ClassLoader loader;

  private InMemoryCompiler(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * The javac every test uses: the processor with all lint warnings on, including "processing",
   * which would report annotations no processor claims (Nabla claims its own and @Generated).
   */
  public static Compiler javac(String... options) {
    List<String> all = new java.util.ArrayList<>(List.of("-Xlint:all"));
    all.addAll(List.of(options));
    return Compiler.javac().withProcessors(new NablaProcessor()).withOptions(all);
  }

  /**
   * Compiles every spec's declaration in one javac run; fails unless it succeeds, and unless it
   * is warning-free when no spec expects a warning.
   */
  public static InMemoryCompiler compile(List<NetworkSpec> specs, String... options) {
    List<JavaFileObject> sources = specs.stream()
        .map(spec -> JavaFileObjects.forSourceString(spec.qualifiedName(), spec.source()))
        .toList();
    Compilation compilation = javac(options).compile(sources);
    if (specs.stream().anyMatch(NetworkSpec::expectsWarning)) {
      assertThat(compilation).succeeded();
    } else {
      assertThat(compilation).succeededWithoutWarnings();
    }
    return new InMemoryCompiler(loader(compilation));
  }

  /** A new instance of the model generated for {@code spec}. */
  public NablaModel newModel(NetworkSpec spec, int maxBatch) {
    try {
      Class<?> type = loader.loadClass(spec.qualifiedName() + "Model");
      return (NablaModel) type.getConstructor(int.class).newInstance(maxBatch);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate the model of " + spec.qualifiedName(), e);
    }
  }

  /**
   * The inference object generated for {@code spec}, built by its {@code of(model, precision)}
   * from {@code model}, a model of the same spec from this compilation.
   */
  public NablaInference newInference(NetworkSpec spec, NablaModel model, Precision precision) {
    return inference(spec, model.getClass(), model, precision);
  }

  /** The inference object generated for {@code spec}, built by its {@code of(weights, precision)}. */
  public NablaInference newInference(NetworkSpec spec, List<LayerWeights> weights,
      Precision precision) {
    return inference(spec, List.class, weights, precision);
  }

  private NablaInference inference(NetworkSpec spec, Class<?> source, Object argument,
      Precision precision) {
    try {
      Class<?> type = loader.loadClass(spec.qualifiedName() + "Inference");
      return (NablaInference) type.getMethod("of", source, Precision.class)
          .invoke(null, argument, precision);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build the inference object of " + spec.qualifiedName(), e);
    }
  }

  /** A class loader over the class files of a successful compilation. */
  public static ClassLoader loader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
            path.length() - ".class".length()).replace('/', '.');
        try (InputStream in = file.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new ClassLoader(InMemoryCompiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }
}
