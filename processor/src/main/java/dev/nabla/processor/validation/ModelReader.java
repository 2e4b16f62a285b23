package dev.nabla.processor.validation;

import static dev.nabla.processor.diagnostics.NablaDiagnostic.*;

import dev.nabla.Activation;
import dev.nabla.Constrained;
import dev.nabla.Constraint;
import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;
import dev.nabla.Quantized;
import dev.nabla.processor.diagnostics.Report;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;
import dev.nabla.processor.model.Quantizer;
import dev.nabla.processor.model.WeightMap;
import dev.nabla.processor.model.WeightSegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads one {@code @Model} class into a {@link NetworkModel}, reporting every problem it finds:
 * first the class, then each field on its own (local rules), then the layer chain and the
 * loss/output fit (graph rules). Returns a model only when nothing was an error.
 */
public final class ModelReader {
  private final Elements elements;
  private final int featureMajorLimit;

  public ModelReader(Elements elements, int featureMajorLimit) {
    this.elements = elements;
    this.featureMajorLimit = featureMajorLimit;
  }

  /** A layer read from its field: the declared values, before chaining. */
  private record DeclaredLayer(VariableElement field, Annotations layer, int units,
      Optional<Integer> declaredIn, Activation activation, boolean bias,
      Optional<Annotations> constrained, Optional<WeightMap> map,
      Optional<Annotations> quantized, Optional<Quantizer> quantizer) {
    String name() {
      return field.getSimpleName().toString();
    }
  }

  public Optional<NetworkModel> read(TypeElement type, Report report) {
    Optional<Annotations> modelAnnotation = Annotations.find(type, Model.class, elements);
    if (modelAnnotation.isEmpty()) {
      return Optional.empty();
    }
    Annotations model = modelAnnotation.get();
    boolean resolved = checkClass(type, report);
    Optional<Integer> inputs = model.intValue("inputs");
    Optional<Loss> loss = model.enumValue("loss", Loss.class);
    if (inputs.isPresent() && inputs.get() <= 0) {
      report.add(NON_POSITIVE_WIDTH, type, model.mirror(), model.written("inputs"),
          "inputs", inputs.get());
    }
    List<DeclaredLayer> declared = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Optional<Annotations> layer = Annotations.find(field, Layer.class, elements);
      if (layer.isPresent()) {
        readLayer(field, layer.get(), report).ifPresentOrElse(declared::add, () -> { });
      }
    }
    long layerFields = ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .filter(field -> Annotations.isPresent(field, Layer.class)).count();
    if (layerFields == 0) {
      report.add(NO_LAYERS, type, type.getSimpleName());
    }
    if (!resolved || inputs.isEmpty() || loss.isEmpty() || declared.size() != layerFields
        || layerFields == 0) {
      return Optional.empty();
    }
    List<LayerModel> layers = chain(inputs.get(), declared, report);
    checkLoss(loss.get(), declared.get(declared.size() - 1), report);
    if (report.hasErrors() || inputs.get() <= 0) {
      return Optional.empty();
    }
    PackageElement pkg = elements.getPackageOf(type);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    String relative = relativeName(type, packageName);
    List<String> reserved = type.getEnclosedElements().stream()
        .filter(e -> e.getKind().isField() || e.getKind() == ElementKind.METHOD)
        .map(e -> e.getSimpleName().toString())
        .distinct()
        .collect(Collectors.toList());
    return Optional.of(new NetworkModel(packageName, relative,
        relative.replace('.', '_') + "Model", inputs.get(), loss.get(), layers, reserved,
        featureMajorLimit));
  }

  /** Class-level rules; false when the class cannot be subclassed at all. */
  private boolean checkClass(TypeElement type, Report report) {
    List<String> problems = new ArrayList<>();
    if (type.getKind() != ElementKind.CLASS) {
      String kind = type.getKind().toString().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ');
      problems.add(("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + ", not a class");
    }
    if (type.getModifiers().contains(Modifier.FINAL)) {
      problems.add("final");
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      problems.add("private");
    }
    if (type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)) {
      problems.add("an inner (non-static) class");
    }
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS) {
      problems.add("a local class");
    }
    if (!problems.isEmpty()) {
      report.add(CLASS_MODIFIERS, type, type.getSimpleName(), String.join(" and ", problems));
      return false;
    }
    boolean constructible = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE));
    if (!constructible) {
      report.add(NO_ACCESSIBLE_CONSTRUCTOR, type, type.getSimpleName());
      return false;
    }
    return true;
  }

  private Optional<DeclaredLayer> readLayer(VariableElement field, Annotations layer,
      Report report) {
    String name = field.getSimpleName().toString();
    boolean ok = true;
    if (field.asType().getKind() != TypeKind.ERROR
        && !field.asType().toString().equals(Dense.class.getCanonicalName())) {
      report.add(WRONG_FIELD_TYPE, field, name, field.asType());
      ok = false;
    }
    Set<Modifier> bad = EnumSet.of(Modifier.PRIVATE, Modifier.FINAL, Modifier.STATIC);
    bad.retainAll(field.getModifiers());
    if (!bad.isEmpty()) {
      report.add(FIELD_MODIFIERS, field, name, bad.stream().map(Modifier::toString)
          .collect(Collectors.joining(" ")));
      ok = false;
    }
    Optional<Integer> units = layer.intValue("units");
    if (units.isPresent() && units.get() <= 0) {
      report.add(NON_POSITIVE_WIDTH, field, layer.mirror(), layer.written("units"),
          "units of layer '" + name + "'", units.get());
      ok = false;
    }
    Optional<Integer> in = layer.intValue("in").filter(value -> value != Layer.CHAINED);
    if (in.isPresent() && in.get() <= 0) {
      report.add(NON_POSITIVE_WIDTH, field, layer.mirror(), layer.written("in"),
          "in of layer '" + name + "'", in.get());
      ok = false;
    }
    Optional<Activation> activation = layer.enumValue("activation", Activation.class);
    Optional<Boolean> bias = layer.booleanValue("bias");
    Optional<Annotations> constrained = Annotations.find(field, Constrained.class, elements);
    Optional<WeightMap> map = constrained.flatMap(c -> readConstraint(c, report));
    Optional<Annotations> quantized = Annotations.find(field, Quantized.class, elements);
    Optional<Quantizer> quantizer = quantized.flatMap(q -> readQuantizer(name, q, report));
    if (map.isPresent() && quantizer.isPresent()) {
      double width = map.get().hi() - map.get().lo();
      if (quantizer.get().step() > width) {
        report.add(UNSUPPORTED_COMBINATION, field, quantized.get().mirror(),
            quantized.get().written("step"), name, map.get().constraint(), width,
            quantizer.get().step());
        ok = false;
      }
    }
    if (!ok || units.isEmpty() || activation.isEmpty() || bias.isEmpty()
        || constrained.isPresent() != map.isPresent()
        || quantized.isPresent() != quantizer.isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new DeclaredLayer(field, layer, units.get(), in, activation.get(),
        bias.get(), constrained, map, quantized, quantizer));
  }

  private Optional<WeightMap> readConstraint(Annotations constrained, Report report) {
    Optional<Constraint> kind = constrained.enumValue("value", Constraint.class);
    Optional<Double> lo = constrained.doubleValue("lo");
    Optional<Double> hi = constrained.doubleValue("hi");
    if (kind.isEmpty() || lo.isEmpty() || hi.isEmpty()) {
      return Optional.empty();
    }
    Element field = constrained.element();
    if (kind.get() == Constraint.RANGE) {
      double l = lo.get();
      double h = hi.get();
      if (!Double.isFinite(l) || !Double.isFinite(h) || !(l < h)) {
        report.add(INVALID_RANGE, field, constrained.mirror(), null, l, h);
        return Optional.empty();
      }
      return Optional.of(WeightMap.of(kind.get(), l, h));
    }
    if (constrained.isWritten("lo") || constrained.isWritten("hi")) {
      String bound = constrained.isWritten("lo") ? "lo" : "hi";
      report.add(BOUNDS_WITHOUT_RANGE, field, constrained.mirror(), constrained.written(bound),
          kind.get(), "lo = " + lo.get() + ", hi = " + hi.get());
      return Optional.empty();
    }
    return Optional.of(WeightMap.of(kind.get(), Double.NaN, Double.NaN));
  }

  private Optional<Quantizer> readQuantizer(String name, Annotations quantized, Report report) {
    Optional<Double> step = quantized.doubleValue("step");
    Optional<Boolean> straightThrough = quantized.booleanValue("straightThrough");
    if (step.isEmpty() || straightThrough.isEmpty()) {
      return Optional.empty();
    }
    if (!(step.get() > 0) || Double.isInfinite(step.get())) {
      report.add(INVALID_STEP, quantized.element(), quantized.mirror(), quantized.written("step"),
          step.get());
      return Optional.empty();
    }
    if (!straightThrough.get()) {
      report.add(QUANTIZER_CANNOT_LEARN, quantized.element(), quantized.mirror(),
          quantized.written("straightThrough"), name);
    }
    return Optional.of(new Quantizer(step.get(), straightThrough.get()));
  }

  /** Graph rule: each layer's input width is the previous layer's units (or the inputs). */
  private List<LayerModel> chain(int inputs, List<DeclaredLayer> declared, Report report) {
    List<LayerModel> layers = new ArrayList<>();
    int width = inputs;
    String source = "the model's inputs";
    int offset = 0;
    for (DeclaredLayer layer : declared) {
      if (layer.declaredIn().isPresent() && layer.declaredIn().get() != width) {
        report.add(SHAPE_MISMATCH, layer.field(), layer.layer().mirror(),
            layer.layer().written("in"), layer.name(), layer.declaredIn().get(), source, width,
            width);
      }
      LayerModel model = new LayerModel(layer.name(), width, layer.units(), layer.activation(),
          layer.bias(), offset, segments(layer, width, offset));
      layers.add(model);
      offset += model.parameterCount();
      width = layer.units();
      source = "the previous layer '" + layer.name() + "'";
    }
    return layers;
  }

  /**
   * The constrained part is W, plus b when the constraint includes the bias; the quantizer covers
   * W and b. Where both apply, the map's output is quantized.
   */
  private static List<WeightSegment> segments(DeclaredLayer layer, int in, int offset) {
    int weights = in * layer.units();
    int all = weights + (layer.bias() ? layer.units() : 0);
    if (layer.map().isEmpty() && layer.quantizer().isEmpty()) {
      return List.of();
    }
    boolean mapsBias = layer.bias() && layer.constrained()
        .flatMap(c -> c.booleanValue("bias")).orElse(true);
    int mapped = layer.map().isPresent() ? (mapsBias ? all : weights) : 0;
    List<WeightSegment> segments = new ArrayList<>();
    if (mapped > 0) {
      segments.add(new WeightSegment(offset, mapped, layer.map(), layer.quantizer()));
    }
    if (mapped < all && layer.quantizer().isPresent()) {
      segments.add(new WeightSegment(offset + mapped, all - mapped, Optional.empty(),
          layer.quantizer()));
    }
    return segments;
  }

  /** Graph rule: the loss must fit the output layer. */
  private static void checkLoss(Loss loss, DeclaredLayer output, Report report) {
    Annotations layer = output.layer();
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        if (output.units() < 2) {
          report.add(SOFTMAX_NEEDS_TWO_OUTPUTS, output.field(), layer.mirror(),
              layer.written("units"), output.name(), output.units());
        } else if (output.activation() != Activation.IDENTITY) {
          report.add(SOFTMAX_OVER_ACTIVATION, output.field(), layer.mirror(),
              layer.written("activation"), output.activation(), output.name());
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (output.activation() != Activation.SIGMOID) {
          report.add(BCE_NEEDS_SIGMOID, output.field(), layer.mirror(),
              layer.written("activation"), output.name(), output.activation());
        }
      }
      case MEAN_SQUARED_ERROR -> { }
    }
  }

  private static String relativeName(TypeElement type, String packageName) {
    String qualified = type.getQualifiedName().toString();
    return packageName.isEmpty() ? qualified : qualified.substring(packageName.length() + 1);
  }
}
