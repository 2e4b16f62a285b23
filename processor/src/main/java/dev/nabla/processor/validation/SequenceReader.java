package dev.nabla.processor.validation;

import static dev.nabla.processor.diagnostics.NablaDiagnostic.LSTM_ACTIVATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.MODEL_AND_SEQUENCE;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NON_POSITIVE_STEPS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.NON_POSITIVE_WIDTH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_ACTIVATION;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_FIELD;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_LAYOUT;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_OUTPUT_WIDTH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SEQUENCE_TOO_LONG;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.SHAPE_MISMATCH;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.TOO_MANY_PARAMETERS;
import static dev.nabla.processor.diagnostics.NablaDiagnostic.UNSUPPORTED_IN_SEQUENCE;

import dev.nabla.Activation;
import dev.nabla.Constrained;
import dev.nabla.Dense;
import dev.nabla.Dropout;
import dev.nabla.Embedding;
import dev.nabla.Layer;
import dev.nabla.Model;
import dev.nabla.Quantized;
import dev.nabla.Recurrent;
import dev.nabla.RecurrentCell;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.processor.diagnostics.Report;
import dev.nabla.processor.model.SequenceNetwork;
import dev.nabla.processor.model.SequenceNetwork.Part;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads one {@code @Sequence} class into a {@link SequenceNetwork}, reporting every problem: the
 * class (the rules of {@code @Model} classes), each field, the order of the parts, their widths
 * and the sizes. Returns a network only when nothing was an error.
 */
public final class SequenceReader {
  private static final Set<Activation> SEQUENCE_ACTIVATIONS = EnumSet.of(Activation.IDENTITY,
      Activation.SIGMOID, Activation.TANH, Activation.RELU);

  private final Elements elements;
  private final ModelReader classRules;

  public SequenceReader(Elements elements, ModelReader classRules) {
    this.elements = elements;
    this.classRules = classRules;
  }

  /** One annotated field: which annotation, and whether its field is well formed. */
  private record Declared(VariableElement field, Class<? extends Annotation> kind,
      Annotations annotation) {
    String name() {
      return field.getSimpleName().toString();
    }
  }

  public Optional<SequenceNetwork> read(TypeElement type, Report report) {
    Optional<Annotations> found = Annotations.find(type, Sequence.class, elements);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Annotations sequence = found.get();
    if (Annotations.isPresent(type, Model.class)) {
      report.add(MODEL_AND_SEQUENCE, type, type.getSimpleName());
      return Optional.empty();
    }
    classRules.checkClass(type, report);
    if (type.getKind() == ElementKind.CLASS) {
      classRules.checkMethods(type, report, SequenceModel.class);
    }
    Optional<Integer> steps = sequence.intValue("steps");
    if (steps.isPresent() && steps.get() < 1) {
      report.add(NON_POSITIVE_STEPS, type, sequence.mirror(), sequence.written("steps"),
          steps.get());
      steps = Optional.empty();
    }
    Optional<Sequence.Targets> targets = sequence.enumValue("targets", Sequence.Targets.class);
    List<Declared> declared = declaredFields(type, report);
    Optional<List<Declared>> parts = layout(type, declared, report);
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    Declared embeddingField = parts.get().get(0);
    Declared outputField = parts.get().get(parts.get().size() - 1);
    Optional<Declared> cellField = parts.get().size() == 3
        ? Optional.of(parts.get().get(1)) : Optional.empty();
    Optional<Part> embedding = embedding(embeddingField, report);
    Optional<Integer> width = embedding.map(Part::units);
    Optional<Part> cell = Optional.empty();
    Optional<Recurrent.Cell> cellKind = Optional.of(Recurrent.Cell.SIMPLE);
    if (cellField.isPresent()) {
      cellKind = cellKind(cellField.get(), report);
      Optional<Integer> embedded = width;
      cell = cellKind.flatMap(kind -> chained(cellField.get(), embedded,
          "the embedding '" + embeddingField.name() + "'", Optional.of(kind), report));
      width = cell.map(Part::units);
    }
    Optional<Part> output = chained(outputField, width, cellField
        .map(c -> "the recurrent cell '" + c.name() + "'")
        .orElse("the embedding '" + embeddingField.name() + "'"), Optional.empty(), report);
    if (report.hasErrors() || steps.isEmpty() || targets.isEmpty() || embedding.isEmpty()
        || output.isEmpty() || cellField.isPresent() && cell.isEmpty()) {
      return Optional.empty();
    }
    PackageElement pkg = elements.getPackageOf(type);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    String relative = ModelReader.relativeName(type, packageName);
    SequenceNetwork network = new SequenceNetwork(packageName, relative,
        relative.replace('.', '_') + "Model", steps.get(), targets.get(), embedding.get(), cell,
        cellKind.get(), output.get(), classRules.memberNames(type), elements.isDeprecated(type) ? List.of("deprecation", "removal") : List.of());
    return checkSizes(type, network, sequence, outputField, report)
        ? Optional.of(network) : Optional.empty();
  }

  /** The @Embedding, @Recurrent and @Layer fields in declaration order, each field checked. */
  private List<Declared> declaredFields(TypeElement type, Report report) {
    List<Declared> declared = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      for (Class<? extends Annotation> kind : List.of(Embedding.class, Recurrent.class,
          Layer.class)) {
        Optional<Annotations> annotation = Annotations.find(field, kind, elements);
        if (annotation.isPresent()) {
          Declared part = new Declared(field, kind, annotation.get());
          checkField(part, report);
          declared.add(part);
        }
      }
      for (Class<? extends Annotation> modifier
          : List.of(Constrained.class, Quantized.class, Dropout.class)) {
        Annotations.find(field, modifier, elements).ifPresent(annotation -> report.add(
            UNSUPPORTED_IN_SEQUENCE, field, annotation.mirror(), null,
            modifier.getSimpleName(), field.getSimpleName()));
      }
    }
    return declared;
  }

  private static void checkField(Declared part, Report report) {
    VariableElement field = part.field();
    Class<?> expected = part.kind() == Recurrent.class ? RecurrentCell.class : Dense.class;
    List<String> problems = new ArrayList<>();
    if (field.asType().getKind() != TypeKind.ERROR
        && !field.asType().toString().equals(expected.getCanonicalName())) {
      problems.add("has type " + field.asType());
    }
    Set<Modifier> bad = EnumSet.of(Modifier.PRIVATE, Modifier.FINAL, Modifier.STATIC);
    bad.retainAll(field.getModifiers());
    if (!bad.isEmpty()) {
      problems.add("is " + bad.stream().map(Modifier::toString).collect(Collectors.joining(" ")));
    }
    if (!problems.isEmpty()) {
      report.add(SEQUENCE_FIELD, field, part.kind().getSimpleName(), part.name(),
          String.join(" and ", problems), expected.getCanonicalName());
    }
  }

  /** The parts in order (embedding, [cell,] output), or empty after reporting the layout. */
  private static Optional<List<Declared>> layout(TypeElement type, List<Declared> declared,
      Report report) {
    List<String> problems = new ArrayList<>();
    for (Class<? extends Annotation> kind : List.of(Embedding.class, Recurrent.class,
        Layer.class)) {
      List<Declared> ofKind = declared.stream().filter(d -> d.kind() == kind).toList();
      if (ofKind.isEmpty() && kind != Recurrent.class) {
        problems.add("declares no @" + kind.getSimpleName() + " field");
      } else if (ofKind.size() > 1) {
        problems.add("declares " + ofKind.size() + " @" + kind.getSimpleName() + " fields ("
            + ofKind.stream().map(d -> "'" + d.name() + "'").collect(Collectors.joining(", "))
            + ")");
      }
    }
    if (problems.isEmpty()) {
      List<Class<? extends Annotation>> order = List.of(Embedding.class, Recurrent.class,
          Layer.class);
      for (int i = 1; i < declared.size(); i++) {
        Declared before = declared.get(i - 1);
        Declared after = declared.get(i);
        if (order.indexOf(after.kind()) < order.indexOf(before.kind())) {
          problems.add("declares @" + after.kind().getSimpleName() + " '" + after.name()
              + "' after @" + before.kind().getSimpleName() + " '" + before.name() + "'");
        }
      }
    }
    if (!problems.isEmpty()) {
      report.add(SEQUENCE_LAYOUT, type, type.getSimpleName(), String.join(" and ", problems));
      return Optional.empty();
    }
    return Optional.of(declared);
  }

  private static Optional<Part> embedding(Declared part, Report report) {
    Optional<Integer> vocabulary = positive(part, "vocabulary", report);
    Optional<Integer> dimension = positive(part, "dimension", report);
    Optional<Activation> activation = supported(part, report);
    if (vocabulary.isEmpty() || dimension.isEmpty() || activation.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Part(part.name(), vocabulary.get(), dimension.get(),
        activation.get(), false));
  }

  /**
   * The kind of a cell, empty (and reported) for an LSTM that states an activation: its gates
   * fix their own, so the attribute would silently do nothing.
   */
  private static Optional<Recurrent.Cell> cellKind(Declared part, Report report) {
    Annotations annotation = part.annotation();
    Optional<Recurrent.Cell> kind = annotation.enumValue("cell", Recurrent.Cell.class);
    Optional<Activation> stated = annotation.isWritten("activation")
        ? annotation.enumValue("activation", Activation.class) : Optional.empty();
    if (kind.equals(Optional.of(Recurrent.Cell.LSTM)) && stated.isPresent()) {
      report.add(LSTM_ACTIVATION, part.field(), annotation.mirror(),
          annotation.written("activation"), stated.get(), part.name());
      return Optional.empty();
    }
    return kind;
  }

  /**
   * A cell of {@code kind}, or the output layer when {@code kind} is empty, fed {@code width} by
   * {@code feeding}: units positive, a stated {@code in} equal to that width, the output at
   * least 2 units. An LSTM's parts hold pre-activations Z, as its step activates the gates.
   */
  private static Optional<Part> chained(Declared part, Optional<Integer> width, String feeding,
      Optional<Recurrent.Cell> kind, Report report) {
    boolean cell = kind.isPresent();
    Annotations annotation = part.annotation();
    Optional<Integer> units = positive(part, "units", report);
    Optional<Integer> in = annotation.intValue("in");
    if (in.isPresent() && in.get() != Layer.CHAINED && width.isPresent()
        && !in.get().equals(width.get())) {
      report.add(SHAPE_MISMATCH, part.field(), annotation.mirror(), annotation.written("in"),
          part.name(), in.get(), feeding, width.get(),
          width.get());
      return Optional.empty();
    }
    if (!cell && units.isPresent() && units.get() < 2) {
      report.add(SEQUENCE_OUTPUT_WIDTH, part.field(), annotation.mirror(),
          annotation.written("units"), part.name(), units.get());
      return Optional.empty();
    }
    Optional<Activation> activation = kind.equals(Optional.of(Recurrent.Cell.LSTM))
        ? Optional.of(Activation.IDENTITY) : supported(part, report);
    Optional<Boolean> bias = cell ? Optional.of(true) : annotation.booleanValue("bias");
    if (units.isEmpty() || width.isEmpty() || activation.isEmpty() || bias.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Part(part.name(), width.get(), units.get(),
        activation.get(), bias.get()));
  }

  /**
   * The part's activation, empty (and reported) unless its derivative follows from its output
   * alone, as the sequence cores' time-major passes keep only the activated values.
   */
  private static Optional<Activation> supported(Declared part, Report report) {
    Annotations annotation = part.annotation();
    Optional<Activation> activation = annotation.enumValue("activation", Activation.class);
    if (activation.isPresent() && !SEQUENCE_ACTIVATIONS.contains(activation.get())) {
      report.add(SEQUENCE_ACTIVATION, part.field(), annotation.mirror(),
          annotation.written("activation"), activation.get(), part.name());
      return Optional.empty();
    }
    return activation;
  }

  private static Optional<Integer> positive(Declared part, String attribute, Report report) {
    Optional<Integer> value = part.annotation().intValue(attribute);
    if (value.isPresent() && value.get() <= 0) {
      report.add(NON_POSITIVE_WIDTH, part.field(), part.annotation().mirror(),
          part.annotation().written(attribute), attribute + " of '" + part.name() + "'",
          value.get());
      return Optional.empty();
    }
    return value;
  }

  /** The parameters and the widest buffer fit Java arrays. */
  private static boolean checkSizes(TypeElement type, SequenceNetwork network,
      Annotations sequence, Declared outputField, Report report) {
    boolean fits = true;
    if (network.parameterCount() > SequenceNetwork.MAX_ARRAY) {
      Part output = network.output();
      report.add(TOO_MANY_PARAMETERS, outputField.field(), output.field(), output.in(),
          output.units(), output.bias() ? " and a bias" : "", network.parameterCount(),
          SequenceNetwork.MAX_ARRAY);
      fits = false;
    }
    if (network.floatsPerSequence() > SequenceNetwork.MAX_ARRAY) {
      report.add(SEQUENCE_TOO_LONG, type, sequence.mirror(), sequence.written("steps"),
          network.steps(), network.floatsPerSequence(), SequenceNetwork.MAX_ARRAY);
      fits = false;
    }
    return fits;
  }
}
