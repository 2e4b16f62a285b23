package dev.nabla.processor.validation;

import static dev.nabla.processor.diagnostics.NablaDiagnostic.*;

import dev.nabla.Activation;
import dev.nabla.Constrained;
import dev.nabla.Constraint;
import dev.nabla.Dense;
import dev.nabla.Dropout;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;
import dev.nabla.NablaModel;
import dev.nabla.Quantized;
import com.palantir.javapoet.ClassName;
import dev.nabla.processor.codegen.ModelWriter;
import dev.nabla.processor.diagnostics.Report;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;
import dev.nabla.processor.model.Quantizer;
import dev.nabla.processor.model.WeightMap;
import dev.nabla.processor.model.WeightSegment;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads one {@code @Model} class into a {@link NetworkModel}, reporting every problem it finds:
 * the class and its members, each field on its own (local rules), then the layer chain, the sizes
 * and the loss/output fit (graph rules). Each check runs whenever the values it reads are valid,
 * so one bad attribute hides nothing else. Returns a model only when nothing was an error.
 */
public final class ModelReader {
  private final Elements elements;
  private final Types types;
  private final int featureMajorLimit;

  public ModelReader(Elements elements, Types types, int featureMajorLimit) {
    this.elements = elements;
    this.types = types;
    this.featureMajorLimit = featureMajorLimit;
  }

  /**
   * A layer read from its field: the declared values, before chaining. A value is empty when it
   * is invalid (already reported) or javac could not resolve it; {@code valid} is false when any
   * local rule failed, so the layer takes part in the graph checks but no model is built.
   */
  private record DeclaredLayer(VariableElement field, Annotations layer, Optional<Integer> units,
      Optional<Integer> declaredIn, Optional<Activation> activation, Optional<Boolean> bias,
      Optional<Annotations> constrained, Optional<WeightMap> map,
      Optional<Annotations> quantized, Optional<Quantizer> quantizer,
      Optional<Annotations> dropout, Optional<Float> dropoutRate, boolean valid) {
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
    checkClass(type, report);
    Optional<Integer> inputs = model.intValue("inputs");
    Optional<Loss> loss = model.enumValue("loss", Loss.class);
    if (inputs.isPresent() && inputs.get() <= 0) {
      report.add(NON_POSITIVE_WIDTH, type, model.mirror(), model.written("inputs"),
          "inputs", inputs.get());
      inputs = Optional.empty();
    }
    List<DeclaredLayer> declared = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Annotations.find(field, Layer.class, elements)
          .ifPresent(layer -> declared.add(readLayer(field, layer, report)));
    }
    checkInheritedLayers(type, report);
    if (type.getKind() == ElementKind.CLASS) {
      // A record, enum or interface cannot be extended at all (reported above): its methods'
      // clashes are moot, and a record's implicit accessors have no place to point at.
      checkMethods(type, report, NablaModel.class);
    }
    List<String> memberNames = memberNames(type);
    checkPackagesVisible(type, memberNames, report);
    if (declared.isEmpty()) {
      report.add(NO_LAYERS, type, type.getSimpleName());
      return Optional.empty();
    }
    if (declared.size() > NetworkModel.MAX_LAYERS) {
      report.add(TOO_MANY_LAYERS, type, type.getSimpleName(), declared.size(),
          NetworkModel.MAX_LAYERS);
    }
    Optional<List<LayerModel>> layers = chain(inputs, declared, report);
    checkOutputDropout(declared.get(declared.size() - 1), report);
    loss.ifPresent(l -> checkLoss(l, declared.get(declared.size() - 1), report));
    checkSoftmaxOnlyLast(declared, report);
    Optional<Double> huberDelta = readHuberDelta(type, model, loss, report);
    if (report.hasErrors() || inputs.isEmpty() || loss.isEmpty() || layers.isEmpty()
        || huberDelta.isEmpty()) {
      return Optional.empty();
    }
    PackageElement pkg = elements.getPackageOf(type);
    String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    String relative = relativeName(type, packageName);
    return Optional.of(new NetworkModel(packageName, relative,
        relative.replace('.', '_') + "Model", inputs.get(), loss.get(), layers.get(),
        memberNames, featureMajorLimit, suppressedWarnings(type, declared), huberDelta.get()));
  }

  /**
   * Lint warnings the user's declaration would cause in the generated class: deprecation when the
   * model must use something deprecated, serial when it inherits Serializable (its buffers and
   * layers are not serializable state, and have no serialVersionUID to declare).
   */
  private List<String> suppressedWarnings(TypeElement type, List<DeclaredLayer> declared) {
    List<String> categories = new ArrayList<>();
    if (usesDeprecated(type, declared)) {
      categories.addAll(List.of("deprecation", "removal"));
    }
    if (types.isAssignable(type.asType(),
        elements.getTypeElement(Serializable.class.getCanonicalName()).asType())) {
      categories.add("serial");
    }
    return categories;
  }

  /** Whether the class (or one it is nested in), its constructor or a layer is deprecated. */
  private boolean usesDeprecated(TypeElement type, List<DeclaredLayer> declared) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (elements.isDeprecated(e)) {
        return true;
      }
    }
    return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
            .anyMatch(c -> c.getParameters().isEmpty() && elements.isDeprecated(c))
        || declared.stream().anyMatch(layer -> elements.isDeprecated(layer.field()));
  }

  /**
   * The generated code writes a type in full when a member shadows its simple name; a member
   * named like the package it starts with ({@code dev}, {@code java}) would then hide that too.
   */
  private static void checkPackagesVisible(TypeElement type, List<String> memberNames,
      Report report) {
    Set<String> reported = new HashSet<>();
    for (ClassName used : ModelWriter.TYPES_IN_BODY) {
      String root = used.packageName().split("\\.")[0];
      if (memberNames.contains(used.simpleName()) && memberNames.contains(root)
          && reported.add(root)) {
        report.add(SHADOWED_PACKAGE, type, type.getSimpleName(), used.simpleName(),
            used.canonicalName(), root);
      }
    }
  }

  /**
   * Every member name in scope in the generated subclass (fields, methods and member types,
   * inherited or declared): generated names must not shadow them, nor they the generated code's
   * references to runtime types.
   */
  List<String> memberNames(TypeElement type) {
    return elements.getAllMembers(type).stream()
        .filter(e -> e.getKind().isField() || e.getKind() == ElementKind.METHOD
            || e.getKind().isClass() || e.getKind().isInterface())
        .map(e -> e.getSimpleName().toString())
        .distinct()
        .sorted()
        .collect(Collectors.toList());
  }

  /** Class-level rules: the generated model must be able to extend the class. */
  void checkClass(TypeElement type, Report report) {
    List<String> problems = new ArrayList<>();
    if (type.getKind() != ElementKind.CLASS) {
      String kind = type.getKind().toString().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ');
      problems.add(("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + ", not a class");
    }
    for (Modifier modifier : List.of(Modifier.FINAL, Modifier.SEALED, Modifier.PRIVATE)) {
      if (type.getModifiers().contains(modifier)) {
        problems.add(modifier.toString());
      }
    }
    if (!type.getTypeParameters().isEmpty()) {
      problems.add("generic (" + type.getTypeParameters().stream()
          .map(Object::toString).collect(Collectors.joining(", ", "<", ">")) + ")");
    }
    if (type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)) {
      problems.add("an inner (non-static) class");
    }
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS) {
      problems.add("a local class");
    }
    for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement enclosing;
        outer = outer.getEnclosingElement()) {
      if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
        problems.add("nested in the private class '" + enclosing.getSimpleName() + "'");
      }
    }
    if (!problems.isEmpty()) {
      report.add(CLASS_MODIFIERS, type, type.getSimpleName(), String.join(" and ", problems));
      return;
    }
    boolean constructible = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE)
            && c.getThrownTypes().stream().allMatch(this::isUnchecked));
    if (!constructible) {
      report.add(NO_ACCESSIBLE_CONSTRUCTOR, type, type.getSimpleName());
    }
  }

  private boolean isUnchecked(TypeMirror thrown) {
    return Stream.of(RuntimeException.class, Error.class).anyMatch(unchecked -> types.isSubtype(
        thrown, elements.getTypeElement(unchecked.getCanonicalName()).asType()));
  }

  /** Layers are read from the model class only: an inherited one is reported, not dropped. */
  private void checkInheritedLayers(TypeElement type, Report report) {
    for (TypeMirror parent = type.getSuperclass(); parent.getKind() == TypeKind.DECLARED;
        parent = ((TypeElement) types.asElement(parent)).getSuperclass()) {
      TypeElement superclass = (TypeElement) types.asElement(parent);
      for (VariableElement field : ElementFilter.fieldsIn(superclass.getEnclosedElements())) {
        if (Annotations.isPresent(field, Layer.class)) {
          report.add(INHERITED_LAYER, type, type.getSimpleName(), field.getSimpleName(),
              superclass.getSimpleName(), type.getSimpleName(), superclass.getSimpleName());
        }
      }
    }
  }

  /**
   * The generated class implements {@link NablaModel}, {@code initialize(long)} and
   * {@code nablaCore()} and nothing else: a user method with one of those signatures, or any
   * method left abstract, would make it fail to compile (or, for a default method, silently win).
   * {@code api} is the interface the generated class implements, NablaModel or one extending it.
   */
  void checkMethods(TypeElement type, Report report, Class<?> api) {
    Map<String, String> generated = new LinkedHashMap<>();
    TypeElement nablaModel = elements.getTypeElement(api.getCanonicalName());
    if (nablaModel != null) {
      for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(nablaModel))) {
        if (method.getEnclosingElement().getKind() == ElementKind.INTERFACE) {
          generated.put(signature(method), "the " + method.getEnclosingElement().getSimpleName()
              + " method '" + signature(method) + "'");
        }
      }
    }
    generated.put("initialize(long)", "the generated 'initialize(long)'");
    generated.put(ModelWriter.CORE_ACCESSOR + "()",
        "the generated '" + ModelWriter.CORE_ACCESSOR + "()'");
    List<ExecutableElement> methods = ElementFilter.methodsIn(elements.getAllMembers(type));
    for (ExecutableElement method : methods) {
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      if (generated.containsKey(signature(method)) && owner.getKind() == ElementKind.INTERFACE
          && types.isAssignable(nablaModel.asType(), owner.asType())
          || method.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      Element at = owner.equals(type) ? method : type;
      String clash = generated.get(signature(method));
      if (clash != null) {
        report.add(MEMBER_CLASH, at, signature(method), owner.getSimpleName(), clash);
      } else if (method.getModifiers().contains(Modifier.ABSTRACT)
          && methods.stream().noneMatch(other -> !other.getModifiers().contains(Modifier.ABSTRACT)
              && elements.overrides(other, method, type))) {
        report.add(ABSTRACT_METHOD, at, type.getSimpleName(), signature(method),
            owner.getSimpleName());
      }
    }
  }

  /** Name and erased parameter types, e.g. {@code predict(float[], int)}. */
  private String signature(ExecutableElement method) {
    return method.getParameters().stream()
        .map(parameter -> types.erasure(parameter.asType()).toString())
        .collect(Collectors.joining(", ", method.getSimpleName() + "(", ")"));
  }

  private DeclaredLayer readLayer(VariableElement field, Annotations layer, Report report) {
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
    Optional<Integer> units = positive(layer, "units", "units of layer '" + name + "'", report);
    Optional<Integer> in = layer.intValue("in").filter(value -> value != Layer.CHAINED);
    Optional<Integer> declaredIn = in.isEmpty() ? in
        : positive(layer, "in", "in of layer '" + name + "'", report);
    Optional<Activation> activation = layer.enumValue("activation", Activation.class);
    Optional<Boolean> bias = layer.booleanValue("bias");
    Optional<Annotations> constrained = Annotations.find(field, Constrained.class, elements);
    Optional<WeightMap> map = constrained.flatMap(c -> readConstraint(c, report));
    Optional<Annotations> quantized = Annotations.find(field, Quantized.class, elements);
    Optional<Quantizer> quantizer = quantized.flatMap(q -> readQuantizer(name, q, report));
    Optional<Annotations> dropout = Annotations.find(field, Dropout.class, elements);
    Optional<Float> dropoutRate = dropout.flatMap(d -> readDropout(d, report));
    if (map.isPresent() && quantizer.isPresent()) {
      // Compared in float, as the generated code computes the map and rounds.
      float width = (float) map.get().hi() - (float) map.get().lo();
      if ((float) quantizer.get().step() > width) {
        report.add(UNSUPPORTED_COMBINATION, field, quantized.get().mirror(),
            quantized.get().written("step"), name, map.get().constraint(), width,
            quantizer.get().step());
        ok = false;
      }
    }
    ok &= activation.isEmpty() || slopeFits(name, layer, activation.get(), report);
    boolean valid = ok && units.isPresent() && in.isPresent() == declaredIn.isPresent()
        && activation.isPresent() && bias.isPresent()
        && constrained.isPresent() == map.isPresent()
        && quantized.isPresent() == quantizer.isPresent()
        && dropout.isPresent() == dropoutRate.isPresent();
    return new DeclaredLayer(field, layer, units, declaredIn, activation, bias, constrained, map,
        quantized, quantizer, dropout, dropoutRate, valid);
  }

  /**
   * A slope is LEAKY_RELU's only, in [0, 1) as the float the generated code holds: from 1 on the
   * activation is no longer leaky but linear or growing for z ≤ 0.
   */
  private static boolean slopeFits(String name, Annotations layer, Activation activation,
      Report report) {
    Optional<Double> slope = layer.doubleValue("slope");
    if (slope.isEmpty()) {
      return false;
    }
    if (activation != Activation.LEAKY_RELU) {
      if (layer.isWritten("slope")) {
        report.add(SLOPE_WITHOUT_LEAKY_RELU, layer.element(), layer.mirror(),
            layer.written("slope"), name, activation);
        return false;
      }
      return true;
    }
    float asFloat = slope.get().floatValue();
    if (!(asFloat >= 0 && asFloat < 1)) {
      report.add(INVALID_SLOPE, layer.element(), layer.mirror(), layer.written("slope"),
          slope.get(), name);
      return false;
    }
    return true;
  }

  /** SOFTMAX couples the units of a row: it is an output head, not a hidden activation. */
  private static void checkSoftmaxOnlyLast(List<DeclaredLayer> declared, Report report) {
    for (DeclaredLayer layer : declared.subList(0, declared.size() - 1)) {
      if (layer.activation().filter(a -> a == Activation.SOFTMAX).isPresent()) {
        report.add(SOFTMAX_NOT_LAST, layer.field(), layer.layer().mirror(),
            layer.layer().written("activation"), layer.name(),
            declared.get(declared.size() - 1).name());
      }
    }
  }

  /**
   * δ of a Huber loss: finite and positive as the float the generated code holds; stating it
   * with another loss is an error. Empty when invalid (reported) or unresolved.
   */
  private static Optional<Double> readHuberDelta(TypeElement type, Annotations model,
      Optional<Loss> loss, Report report) {
    Optional<Double> delta = model.doubleValue("huberDelta");
    if (delta.isEmpty() || loss.isEmpty()) {
      return delta;
    }
    if (loss.get() != Loss.HUBER) {
      if (model.isWritten("huberDelta")) {
        report.add(HUBER_DELTA_WITHOUT_HUBER, type, model.mirror(), model.written("huberDelta"),
            loss.get());
        return Optional.empty();
      }
      return delta;
    }
    float asFloat = delta.get().floatValue();
    if (!(asFloat >= Float.MIN_NORMAL && asFloat <= Float.MAX_VALUE)) {
      report.add(INVALID_HUBER_DELTA, type, model.mirror(), model.written("huberDelta"),
          delta.get(), Float.MIN_NORMAL, Float.MAX_VALUE);
      return Optional.empty();
    }
    return delta;
  }

  /** The width {@code attribute}, empty (and reported) unless positive. */
  private static Optional<Integer> positive(Annotations annotation, String attribute,
      String what, Report report) {
    Optional<Integer> value = annotation.intValue(attribute);
    if (value.isPresent() && value.get() <= 0) {
      report.add(NON_POSITIVE_WIDTH, annotation.element(), annotation.mirror(),
          annotation.written(attribute), what, value.get());
      return Optional.empty();
    }
    return value;
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
      Optional<String> problem = floatRangeProblem(l, h);
      if (problem.isPresent()) {
        report.add(RANGE_OUTSIDE_FLOAT, field, constrained.mirror(), null, l, h, problem.get());
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

  /**
   * What goes wrong with finite bounds lo < hi once the generated code holds them as floats:
   * W = mid + half·tanh(W′) needs finite bounds, distinct in float, and a finite, normal width.
   */
  private static Optional<String> floatRangeProblem(double lo, double hi) {
    float fl = (float) lo;
    float fh = (float) hi;
    if (Float.isInfinite(fl) || Float.isInfinite(fh)) {
      return Optional.of("lo = " + fl + ", hi = " + fh);
    }
    float width = fh - fl;
    if (Float.isInfinite(width)) {
      return Optional.of("a width hi − lo of Infinity");
    }
    if (!(width >= Float.MIN_NORMAL) || !((float) ((hi - lo) / 2) >= Float.MIN_NORMAL)) {
      return Optional.of("bounds " + fl + " and " + fh + ", too close to tell apart");
    }
    return Optional.empty();
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
    // The generated code holds the step as a float literal: it must stay a normal float.
    float asFloat = step.get().floatValue();
    if (Float.isInfinite(asFloat) || asFloat < Float.MIN_NORMAL) {
      String becomes = Float.isInfinite(asFloat) ? "overflows to Infinity"
          : asFloat == 0 ? "rounds to 0" : "rounds to the subnormal " + asFloat;
      report.add(STEP_OUTSIDE_FLOAT, quantized.element(), quantized.mirror(),
          quantized.written("step"), step.get(), becomes, Float.MIN_NORMAL, Float.MAX_VALUE);
      return Optional.empty();
    }
    if (!straightThrough.get()) {
      report.add(QUANTIZER_CANNOT_LEARN, quantized.element(), quantized.mirror(),
          quantized.written("straightThrough"), name);
    }
    return Optional.of(new Quantizer(step.get(), straightThrough.get()));
  }

  /** The rate of {@code @Dropout}, empty (and reported) unless in [0, 1) as a float. */
  private static Optional<Float> readDropout(Annotations dropout, Report report) {
    Optional<Double> rate = dropout.doubleValue("value");
    if (rate.isPresent() && !(rate.get() >= 0 && (float) (double) rate.get() < 1f)) {
      report.add(INVALID_DROPOUT, dropout.element(), dropout.mirror(), dropout.written("value"),
          rate.get());
      return Optional.empty();
    }
    return rate.map(Double::floatValue);
  }

  /** Graph rule: the output layer's outputs go to the loss, which reads its Z, not A. */
  private static void checkOutputDropout(DeclaredLayer output, Report report) {
    output.dropout().ifPresent(dropout -> report.add(DROPOUT_ON_OUTPUT, output.field(),
        dropout.mirror(), null, output.name()));
  }

  /**
   * Graph rules: each layer's input width is the previous layer's units (or the inputs), and
   * all parameters fit one Java array, counted in long so that nothing wraps. Checks every link
   * whose two widths are known; returns the layers only when every one of them is valid.
   */
  private Optional<List<LayerModel>> chain(Optional<Integer> inputs, List<DeclaredLayer> declared,
      Report report) {
    List<LayerModel> layers = new ArrayList<>();
    Optional<Integer> width = inputs;
    String source = "the model's inputs";
    long offset = 0;
    boolean complete = inputs.isPresent();
    for (DeclaredLayer layer : declared) {
      if (layer.declaredIn().isPresent() && width.isPresent()
          && !layer.declaredIn().get().equals(width.get())) {
        report.add(SHAPE_MISMATCH, layer.field(), layer.layer().mirror(),
            layer.layer().written("in"), layer.name(), layer.declaredIn().get(), source,
            width.get(), width.get());
      }
      Optional<Integer> in = width.or(layer::declaredIn);
      complete &= layer.valid() && in.isPresent();
      if (in.isPresent() && layer.units().isPresent() && layer.bias().isPresent()
          && offset <= NetworkModel.MAX_ARRAY_LENGTH) {
        int units = layer.units().get();
        long count = (long) in.get() * units + (layer.bias().get() ? units : 0);
        if (offset + count > NetworkModel.MAX_ARRAY_LENGTH) {
          report.add(TOO_MANY_PARAMETERS, layer.field(), layer.layer().mirror(),
              layer.layer().written("units"), layer.name(), in.get(), units,
              layer.bias().get() ? " + " + units + " biases" : "", offset + count,
              NetworkModel.MAX_ARRAY_LENGTH);
        } else if (complete) {
          layers.add(new LayerModel(layer.name(), in.get(), units, layer.activation().get(),
              layer.bias().get(), (int) offset, segments(layer, in.get(), (int) offset),
              layer.activation().get() == Activation.LEAKY_RELU
                  ? layer.layer().doubleValue("slope").orElseThrow() : 0)
              .withDropout(layer.dropoutRate().orElse(0f)));
        }
        offset += count;
      }
      width = layer.units();
      source = "the previous layer '" + layer.name() + "'";
    }
    return complete && offset <= NetworkModel.MAX_ARRAY_LENGTH
        ? Optional.of(layers) : Optional.empty();
  }

  /**
   * The constrained part is W, plus b when the constraint includes the bias; the quantizer covers
   * W and b. Where both apply, the map's output is quantized.
   */
  private static List<WeightSegment> segments(DeclaredLayer layer, int in, int offset) {
    int units = layer.units().orElseThrow();
    boolean bias = layer.bias().orElseThrow();
    int weights = in * units;
    int all = weights + (bias ? units : 0);
    if (layer.map().isEmpty() && layer.quantizer().isEmpty()) {
      return List.of();
    }
    boolean mapsBias = bias && layer.constrained()
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

  /** Graph rule: the loss must fit the output layer (as far as its values are valid). */
  private static void checkLoss(Loss loss, DeclaredLayer output, Report report) {
    Annotations layer = output.layer();
    Optional<Activation> activation = output.activation();
    switch (loss) {
      case SOFTMAX_CROSS_ENTROPY -> {
        if (output.units().isPresent() && output.units().get() < 2) {
          report.add(SOFTMAX_NEEDS_TWO_OUTPUTS, output.field(), layer.mirror(),
              layer.written("units"), output.name(), output.units().get());
        } else if (activation.isPresent() && activation.get() == Activation.SOFTMAX) {
          report.add(SOFTMAX_TWICE, output.field(), layer.mirror(), layer.written("activation"),
              output.name());
        } else if (activation.isPresent() && activation.get() != Activation.IDENTITY) {
          report.add(SOFTMAX_OVER_ACTIVATION, output.field(), layer.mirror(),
              layer.written("activation"), activation.get(), output.name());
        }
      }
      case BINARY_CROSS_ENTROPY -> {
        if (activation.isPresent() && activation.get() == Activation.SOFTMAX) {
          report.add(BCE_OVER_SOFTMAX, output.field(), layer.mirror(),
              layer.written("activation"), output.name());
        } else if (activation.isPresent() && activation.get() != Activation.SIGMOID) {
          report.add(BCE_NEEDS_SIGMOID, output.field(), layer.mirror(),
              layer.written("activation"), output.name(), activation.get());
        }
      }
      case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> {
        if (activation.isPresent() && activation.get() == Activation.SOFTMAX
            && output.units().isPresent() && output.units().get() < 2) {
          report.add(SOFTMAX_OF_ONE_UNIT, output.field(), layer.mirror(),
              layer.written("units"), output.name());
        }
      }
    }
  }

  static String relativeName(TypeElement type, String packageName) {
    String qualified = type.getQualifiedName().toString();
    return packageName.isEmpty() ? qualified : qualified.substring(packageName.length() + 1);
  }
}
