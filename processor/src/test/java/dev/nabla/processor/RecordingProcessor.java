package dev.nabla.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.QualifiedNameable;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * Runs {@link NablaProcessor} with a {@link Filer} that records every file it is asked to create
 * and the originating elements passed with it, to check the isolating-processor contract; or,
 * {@link #failingWrites()}, one whose every write throws, to see the processor survive a failure.
 */
final class RecordingProcessor implements Processor {
  /** One {@code create*} call: what kind of file, its name, and its originating elements. */
  record Created(String method, String name, List<String> originatingElements) {}

  private final Processor delegate = new NablaProcessor();
  private final List<Created> created = new ArrayList<>();
  private final boolean failWrites;

  RecordingProcessor() {
    this(false);
  }

  private RecordingProcessor(boolean failWrites) {
    this.failWrites = failWrites;
  }

  /** A processor whose filer throws an {@link IOException} on every {@code createSourceFile}. */
  static RecordingProcessor failingWrites() {
    return new RecordingProcessor(true);
  }

  List<Created> created() {
    return List.copyOf(created);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public void init(ProcessingEnvironment env) {
    delegate.init(new RecordingEnvironment(env, new RecordingFiler(env.getFiler())));
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  @Override
  public Iterable<? extends Completion> getCompletions(Element element,
      AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }

  private static List<String> names(Element... elements) {
    return Arrays.stream(elements == null ? new Element[0] : elements)
        .map(e -> e instanceof QualifiedNameable named
            ? named.getQualifiedName().toString()
            : String.valueOf(e))
        .toList();
  }

  private final class RecordingFiler implements Filer {
    private final Filer filer;

    RecordingFiler(Filer filer) {
      this.filer = filer;
    }

    @Override
    public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements)
        throws IOException {
      created.add(new Created("createSourceFile", name.toString(), names(originatingElements)));
      if (failWrites) {
        throw new IOException("planted failure writing " + name);
      }
      return filer.createSourceFile(name, originatingElements);
    }

    @Override
    public JavaFileObject createClassFile(CharSequence name, Element... originatingElements)
        throws IOException {
      created.add(new Created("createClassFile", name.toString(), names(originatingElements)));
      return filer.createClassFile(name, originatingElements);
    }

    @Override
    public FileObject createResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
        CharSequence relativeName, Element... originatingElements) throws IOException {
      created.add(new Created("createResource", moduleAndPkg + "/" + relativeName,
          names(originatingElements)));
      return filer.createResource(location, moduleAndPkg, relativeName, originatingElements);
    }

    @Override
    public FileObject getResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
        CharSequence relativeName) throws IOException {
      return filer.getResource(location, moduleAndPkg, relativeName);
    }
  }

  private record RecordingEnvironment(ProcessingEnvironment env, Filer filer)
      implements ProcessingEnvironment {
    @Override
    public Map<String, String> getOptions() {
      return env.getOptions();
    }

    @Override
    public Messager getMessager() {
      return env.getMessager();
    }

    @Override
    public Filer getFiler() {
      return filer;
    }

    @Override
    public Elements getElementUtils() {
      return env.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return env.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return env.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return env.getLocale();
    }

    @Override
    public boolean isPreviewEnabled() {
      return env.isPreviewEnabled();
    }
  }
}
