package dev.nabla.processor;

import static dev.nabla.processor.diagnostics.NablaDiagnostic.AUXILIARY_CLASS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INTERNAL_ERROR;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_OPTION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MISPLACED_ANNOTATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NAME_TAKEN;

import com.google.auto.service.AutoService;
import dev.nabla.Constrained;
import dev.nabla.Dropout;
import dev.nabla.Embedding;
import dev.nabla.Layer;
import dev.nabla.Model;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.nabla.Quantized;
import dev.nabla.Recurrent;
import dev.nabla.Sequence;
import dev.nabla.processor.codegen.GeneratedFiles;
import dev.nabla.processor.codegen.InferenceWriter;
import dev.nabla.processor.codegen.ModelWriter;
import dev.nabla.processor.codegen.SequenceWriter;
import dev.nabla.processor.diagnostics.Report;
import dev.nabla.processor.model.NetworkModel;
import dev.nabla.processor.model.SequenceNetwork;
import dev.nabla.processor.validation.ModelReader;
import dev.nabla.processor.validation.SequenceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;

/**
 * Validates every {@code @Model} class and generates its model class. A mistake in a declaration
 * is a compiler error on the offending element; the processor itself never throws into javac.
 */
@AutoService(Processor.class)
public final class NablaProcessor extends AbstractProcessor {
  /**
   * A network whose every layer has at most this many weights is evaluated feature-major: one
   * feature per row, the samples in the vector lanes (see {@code Kernels.featureMajorProduct}).
   */
  public static final String FEATURE_MAJOR_LIMIT_OPTION = "nabla.featureMajorLimit";
  static final int DEFAULT_FEATURE_MAJOR_LIMIT = 64;
  /** Keeps the option a switch for small layers; larger ones belong to the GEMM kernels. */
  static final int MAX_FEATURE_MAJOR_LIMIT = 4096;

  /** The parsed option, read (and reported if invalid) once, not again in every round. */
  private Optional<Integer> featureMajorLimit;
  /** Generated class name → the model class it was generated from, over all rounds. */
  private final Map<String, TypeElement> generated = new HashMap<>();

  /**
   * Nabla's annotations, and {@code @Generated}, which marks every generated model: javac warns
   * about any annotation of a round that no processor claims ({@code -Xlint:processing}), so
   * without it a build with {@code -Xlint:all -Werror} would fail on Nabla's own output.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Model.class.getCanonicalName(), Layer.class.getCanonicalName(),
        Constrained.class.getCanonicalName(), Quantized.class.getCanonicalName(),
        Dropout.class.getCanonicalName(),
        Sequence.class.getCanonicalName(), Embedding.class.getCanonicalName(),
        Recurrent.class.getCanonicalName(), GeneratedFiles.GENERATED.canonicalName());
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(FEATURE_MAJOR_LIMIT_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<TypeElement> misplacedIn = Set.of();
    try {
      Report report = new Report();
      if (featureMajorLimit == null) {
        featureMajorLimit = featureMajorLimit(report);
      }
      misplacedIn = checkPlacement(round, report);
      report.printTo(processingEnv.getMessager());
    } catch (Throwable t) {
      reportInternalError(null, t);
    }
    if (featureMajorLimit == null || featureMajorLimit.isEmpty()) {
      return true;
    }
    ModelReader reader = new ModelReader(processingEnv.getElementUtils(),
        processingEnv.getTypeUtils(), featureMajorLimit.get());
    for (TypeElement type : sorted(ElementFilter.typesIn(round.getElementsAnnotatedWith(Model.class)))) {
      // One class at a time, so a bug met in one still lets every other class be checked.
      try {
        process(type, reader, !misplacedIn.contains(topLevel(type)));
      } catch (Throwable t) {
        reportInternalError(type, t);
      }
    }
    SequenceReader sequences = new SequenceReader(processingEnv.getElementUtils(), reader);
    for (TypeElement type : sorted(ElementFilter.typesIn(
        round.getElementsAnnotatedWith(Sequence.class)))) {
      try {
        process(type, sequences, !misplacedIn.contains(topLevel(type)));
      } catch (Throwable t) {
        reportInternalError(type, t);
      }
    }
    // Claimed: these annotations mean nothing to other processors (@Generated is a marker for
    // tools, not processors), and an unclaimed one fails builds with -Xlint:all -Werror.
    return true;
  }

  private void process(TypeElement type, ModelReader reader, boolean placementClean)
      throws IOException {
    Report report = new Report();
    Optional<NetworkModel> model = reader.read(type, report);
    model.ifPresent(m -> checkNamesAreFree(type, m, report));
    model.ifPresent(m -> checkOwnFile(type, report));
    boolean clean = !report.hasErrors() && placementClean;
    report.printTo(processingEnv.getMessager());
    if (model.isPresent() && clean) {
      generated.put(qualifiedName(model.get(), model.get().generatedName()), type);
      generated.put(qualifiedName(model.get(), model.get().inferenceName()), type);
      GeneratedFiles.write(model.get().packageName(), ModelWriter.write(model.get()), type,
          processingEnv.getFiler());
      GeneratedFiles.write(model.get().packageName(), InferenceWriter.write(model.get()), type,
          processingEnv.getFiler());
    }
  }

  private void process(TypeElement type, SequenceReader reader, boolean placementClean)
      throws IOException {
    Report report = new Report();
    Optional<SequenceNetwork> network = reader.read(type, report);
    String name = network.map(n -> qualifiedName(n.packageName(), n.generatedName())).orElse("");
    Types types = processingEnv.getTypeUtils();
    boolean free = network.isEmpty() || nameIsFree(type, name, existing -> types.isSameType(
        types.erasure(existing.getSuperclass()), types.erasure(type.asType())), report);
    boolean clean = !report.hasErrors() && placementClean && free;
    report.printTo(processingEnv.getMessager());
    if (network.isPresent() && clean) {
      generated.put(name, type);
      GeneratedFiles.write(network.get().packageName(), SequenceWriter.write(network.get()),
          type, processingEnv.getFiler());
    }
  }

  /** Nothing may propagate into javac: a bug here must read as a compiler error. */
  private void reportInternalError(Element current, Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    String where = current == null ? "this round" : current.toString();
    Report report = new Report();
    report.add(INTERNAL_ERROR, current, where, trace);
    report.printTo(processingEnv.getMessager());
  }

  /**
   * The generated names must be free: not types of the sources or the classpath (other than this
   * model's own output of an earlier build) and not generated from another model in this run.
   */
  private void checkNamesAreFree(TypeElement type, NetworkModel model, Report report) {
    Types types = processingEnv.getTypeUtils();
    // Both names derive from the same one: a clash of the first implies one of the second.
    if (nameIsFree(type, qualifiedName(model, model.generatedName()), existing ->
        types.isSameType(types.erasure(existing.getSuperclass()), types.erasure(type.asType())),
        report)) {
      nameIsFree(type, qualifiedName(model, model.inferenceName()), existing ->
          types.erasure(existing.getSuperclass()).toString()
              .equals(InferenceWriter.INFERENCE_CORE_NAME), report);
    }
  }

  /**
   * Reports and returns false if {@code name} is taken; {@code ownOutput} tells this model's
   * output of an earlier build from another type.
   */
  private boolean nameIsFree(TypeElement type, String name, Predicate<TypeElement> ownOutput,
      Report report) {
    TypeElement other = generated.get(name);
    if (other != null) {
      report.add(NAME_TAKEN, type, type.getSimpleName(), name,
          "the model generated from '" + other.getQualifiedName() + "'");
      return false;
    }
    TypeElement existing = processingEnv.getElementUtils().getTypeElement(name);
    if (existing != null && !ownOutput.test(existing)) {
      report.add(NAME_TAKEN, type, type.getSimpleName(), name,
          "the " + existing.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " '" + existing.getQualifiedName() + "'");
      return false;
    }
    return true;
  }

  /**
   * javac warns (-Xlint:auxiliaryclass) wherever another file uses a top-level class declared in
   * a file named after a different class: the generated model's file always does. Needs javac's
   * tree API to see the file; other compilers skip the check.
   */
  private void checkOwnFile(TypeElement type, Report report) {
    Element topLevel = topLevel(type);
    TreePath path;
    try {
      path = Trees.instance(processingEnv).getPath(topLevel);
    } catch (IllegalArgumentException notJavac) {
      return;
    }
    String topName = topLevel.getSimpleName().toString();
    if (path != null && !path.getCompilationUnit().getSourceFile()
        .isNameCompatible(topName, JavaFileObject.Kind.SOURCE)) {
      String file = path.getCompilationUnit().getSourceFile().getName();
      String stem = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.java$", "");
      report.add(AUXILIARY_CLASS, type, type.getSimpleName(), stem, topName, topName, stem);
    }
  }

  private static String qualifiedName(NetworkModel model, String simpleName) {
    return qualifiedName(model.packageName(), simpleName);
  }

  private static String qualifiedName(String packageName, String simpleName) {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  private Optional<Integer> featureMajorLimit(Report report) {
    String text = processingEnv.getOptions().get(FEATURE_MAJOR_LIMIT_OPTION);
    if (text == null) {
      return Optional.of(DEFAULT_FEATURE_MAJOR_LIMIT);
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 0 && value <= MAX_FEATURE_MAJOR_LIMIT) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    report.add(INVALID_OPTION, null, FEATURE_MAJOR_LIMIT_OPTION, text, MAX_FEATURE_MAJOR_LIMIT);
    return Optional.empty();
  }

  /**
   * {@code @Layer} only inside {@code @Model} or {@code @Sequence}, {@code @Embedding} and
   * {@code @Recurrent} only inside {@code @Sequence}; constraints, quantizers and dropout only on
   * layers. Returns the top-level classes holding a misplaced annotation: no model nested anywhere
   * in one is generated, since the mistake may be a layer meant for it.
   */
  private static Set<TypeElement> checkPlacement(RoundEnvironment round, Report report) {
    Set<TypeElement> owners = new HashSet<>();
    for (Element field : sorted(round.getElementsAnnotatedWith(Layer.class))) {
      Element owner = field.getEnclosingElement();
      if (!hasAnnotation(owner, Model.class) && !hasAnnotation(owner, Sequence.class)) {
        report.add(MISPLACED_ANNOTATION, field, mirror(field, Layer.class), null,
            Layer.class.getSimpleName(),
            field.getSimpleName(), "its class '" + owner.getSimpleName()
                + "' is not annotated @" + Model.class.getSimpleName());
        owners.add(topLevel(field));
      }
    }
    for (Class<? extends Annotation> part : List.of(Embedding.class, Recurrent.class)) {
      for (Element field : sorted(round.getElementsAnnotatedWith(part))) {
        Element owner = field.getEnclosingElement();
        if (!hasAnnotation(owner, Sequence.class)) {
          report.add(MISPLACED_ANNOTATION, field, mirror(field, part), null,
              part.getSimpleName(), field.getSimpleName(), "its class '" + owner.getSimpleName()
                  + "' is not annotated @" + Sequence.class.getSimpleName());
          owners.add(topLevel(field));
        }
      }
    }
    for (Class<? extends Annotation> modifier
        : List.of(Constrained.class, Quantized.class, Dropout.class)) {
      String effect = modifier == Dropout.class ? "it drops a layer's outputs"
          : "it changes a layer's weights";
      for (Element field : sorted(round.getElementsAnnotatedWith(modifier))) {
        if (!hasAnnotation(field, Layer.class)) {
          report.add(MISPLACED_ANNOTATION, field, mirror(field, modifier), null,
              modifier.getSimpleName(),
              field.getSimpleName(), effect + ", but '"
                  + field.getSimpleName() + "' is not a @" + Layer.class.getSimpleName()
                  + " field");
          owners.add(topLevel(field));
        }
      }
    }
    return owners;
  }

  /** The outermost class around {@code element}. */
  private static TypeElement topLevel(Element element) {
    Element outermost = element;
    for (Element e = element; e != null && !(e instanceof PackageElement);
        e = e.getEnclosingElement()) {
      outermost = e;
    }
    return (TypeElement) outermost;
  }

  private static boolean hasAnnotation(Element element, Class<? extends Annotation> type) {
    return mirror(element, type) != null;
  }

  /** The misplaced annotation itself, so the caret points at it rather than at the field. */
  private static AnnotationMirror mirror(Element element, Class<? extends Annotation> type) {
    return element.getAnnotationMirrors().stream()
        .filter(mirror -> mirror.getAnnotationType().asElement().toString()
            .equals(type.getCanonicalName()))
        .findFirst()
        .orElse(null);
  }

  /** Source-independent order, so diagnostics and files come out the same on every run. */
  private static <E extends Element> List<E> sorted(Set<E> elements) {
    return elements.stream()
        .sorted(Comparator.comparing(Object::toString))
        .collect(Collectors.toList());
  }
}
