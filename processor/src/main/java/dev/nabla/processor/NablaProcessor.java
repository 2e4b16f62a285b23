package dev.nabla.processor;

import static dev.nabla.processor.diagnostics.NablaDiagnostic.INTERNAL_ERROR;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.INVALID_OPTION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MISPLACED_ANNOTATION;

import com.google.auto.service.AutoService;
import dev.nabla.Constrained;
import dev.nabla.Layer;
import dev.nabla.Model;
import dev.nabla.Quantized;
import dev.nabla.processor.codegen.GeneratedFiles;
import dev.nabla.processor.codegen.ModelWriter;
import dev.nabla.processor.diagnostics.Report;
import dev.nabla.processor.model.NetworkModel;
import dev.nabla.processor.validation.ModelReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Validates every {@code @Model} class and generates its model class. A mistake in a declaration
 * is a compiler error on the offending element; the processor itself never throws into javac.
 */
@AutoService(Processor.class)
public final class NablaProcessor extends AbstractProcessor {
  /**
   * A network whose every layer has at most this many weights is evaluated feature-major: one
   * feature per row, the samples in the vector lanes (see {@code Kernels.planarProduct}).
   */
  public static final String FEATURE_MAJOR_LIMIT_OPTION = "nabla.featureMajorLimit";
  static final int DEFAULT_FEATURE_MAJOR_LIMIT = 64;
  /** Keeps the option a switch for small layers; larger ones belong to the GEMM kernels. */
  static final int MAX_FEATURE_MAJOR_LIMIT = 4096;

  /** The parsed option, read (and reported if invalid) once, not again in every round. */
  private Optional<Integer> featureMajorLimit;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Model.class.getCanonicalName(), Layer.class.getCanonicalName(),
        Constrained.class.getCanonicalName(), Quantized.class.getCanonicalName());
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
    Element current = null;
    try {
      Report report = new Report();
      if (featureMajorLimit == null) {
        featureMajorLimit = featureMajorLimit(report);
      }
      checkPlacement(round, report);
      report.printTo(processingEnv.getMessager());
      if (featureMajorLimit.isEmpty()) {
        return false;
      }
      ModelReader reader =
          new ModelReader(processingEnv.getElementUtils(), featureMajorLimit.get());
      for (TypeElement type : sorted(ElementFilter.typesIn(round.getElementsAnnotatedWith(Model.class)))) {
        current = type;
        Optional<NetworkModel> model = reader.read(type, report);
        boolean clean = !report.hasErrors();
        report.printTo(processingEnv.getMessager());
        if (model.isPresent() && clean) {
          GeneratedFiles.write(model.get().packageName(), ModelWriter.write(model.get()), type,
              processingEnv.getFiler());
        }
      }
    } catch (Throwable t) {
      // Nothing may propagate into javac: a bug here must read as a compiler error.
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      String where = current == null ? "this round" : current.toString();
      Report report = new Report();
      report.add(INTERNAL_ERROR, current, where, trace);
      report.printTo(processingEnv.getMessager());
    }
    return false;
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

  /** {@code @Layer} only inside {@code @Model}; constraints and quantizers only on layers. */
  private static void checkPlacement(RoundEnvironment round, Report report) {
    for (Element field : sorted(round.getElementsAnnotatedWith(Layer.class))) {
      Element owner = field.getEnclosingElement();
      if (!hasAnnotation(owner, Model.class)) {
        report.add(MISPLACED_ANNOTATION, field, mirror(field, Layer.class), null,
            Layer.class.getSimpleName(),
            field.getSimpleName(), "its class '" + owner.getSimpleName()
                + "' is not annotated @" + Model.class.getSimpleName());
      }
    }
    for (Class<? extends Annotation> modifier : List.of(Constrained.class, Quantized.class)) {
      for (Element field : sorted(round.getElementsAnnotatedWith(modifier))) {
        if (!hasAnnotation(field, Layer.class)) {
          report.add(MISPLACED_ANNOTATION, field, mirror(field, modifier), null,
              modifier.getSimpleName(),
              field.getSimpleName(), "it changes a layer's weights, but '"
                  + field.getSimpleName() + "' is not a @" + Layer.class.getSimpleName()
                  + " field");
        }
      }
    }
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
