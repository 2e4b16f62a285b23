package dev.nabla.processor.fuzz;

import dev.nabla.Activation;
import dev.nabla.Constraint;
import dev.nabla.Loss;
import dev.nabla.processor.fuzz.FuzzCase.Verdict;
import dev.nabla.processor.fuzz.JavaSource.Annotation;
import dev.nabla.processor.fuzz.JavaSource.Field;
import dev.nabla.processor.fuzz.JavaSource.Member;
import dev.nabla.processor.fuzz.JavaSource.Method;
import dev.nabla.processor.fuzz.JavaSource.Type;
import dev.nabla.processor.fuzz.JavaSource.Unit;
import dev.nabla.processor.testing.NetworkSpec;
import dev.nabla.processor.testing.NetworkSpec.LayerSpec;
import dev.nabla.processor.testing.NetworkSpec.MapSpec;
import dev.nabla.processor.testing.NetworkSpec.QuantSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes random {@code @Model} declarations from a seed, valid and invalid, and decides by
 * construction what the processor must do with each ({@link Verdict}). The rules it models are
 * the documented ones: positive widths that chain, a loss that fits the output, float-valued
 * step/lo/hi, sizes that fit a Java array, a class the generated model can extend, annotations
 * only where they act.
 */
final class DeclarationGenerator {
  static final String PACKAGE = "fuzz";
  /** A model at most this large is instantiated and gradient-checked. */
  static final long MAX_CHECKED_PARAMETERS = 1_000_000;
  /** Layers beyond this may push a generated method past the JVM's 64 KB: debatable. */
  private static final int MANY_LAYERS = 300;

  /** Member names the generated model uses itself: accepted, the generator renames its own. */
  private static final List<String> GENERATED_NAMES = List.of("x", "rows", "r", "i", "o", "w",
      "b", "z", "parameters", "gradients", "targets", "layers", "maxBatch", "loss", "random",
      "seed", "INPUTS", "OUTPUTS", "PARAMETER_COUNT", "effective", "probabilities",
      "inputPlanes", "outputPlanes", "labels", "classes", "optimizer", "delta", "forwardPass",
      "backwardPass", "outputLoss", "initialize", "core", "Core", "nablaCore", "output",
      "dense", "activate", "activationBackward", "parameterGradients", "inputGradient",
      "weightsChanged", "dropPackedWeights", "toFeatureMajor", "toRowMajor", "units");
  /** Types the generated code refers to by simple name: a user member so named may shadow it. */
  private static final List<String> RUNTIME_NAMES = List.of("Loss", "Init", "Kernels", "Dense",
      "List", "Objects", "Optimizer", "ModelInputs", "SplittableRandom", "NablaModel",
      "WeightMaps", "Arrays", "Generated", "Override", "IllegalArgumentException", "String",
      "DenseShape", "GeneratedModel", "ModelCore", "RowMajorCore", "FeatureMajorCore");
  private static final List<String> PLAIN_NAMES = List.of("hidden", "out", "output", "h",
      "dense", "encoder", "fc", "logits", "z2", "a", "b_c", "bC", "HIDDEN", "Hidden", "état", "δ",
      "$h", "_h", "h$", "x1", "layer", "first", "second", "aVeryLongLayerNameForTheConstants");

  private record IntValue(String text, long value) {}

  private record DoubleValue(String text, double value) {
    float asFloat() {
      return (float) value;
    }
  }

  private static final List<IntValue> EDGE_WIDTHS = List.of(new IntValue("0", 0),
      new IntValue("-1", -1), new IntValue("-3", -3), new IntValue("1", 1),
      new IntValue("100000", 100_000), new IntValue("100_000", 100_000),
      new IntValue("2_000_000_000", 2_000_000_000), new IntValue("Integer.MAX_VALUE",
          Integer.MAX_VALUE), new IntValue("Integer.MIN_VALUE", Integer.MIN_VALUE),
      new IntValue("46341", 46_341), new IntValue("65536", 65_536),
      new IntValue("4 * 1024", 4096), new IntValue("0x7fffffff", Integer.MAX_VALUE));
  private static final List<DoubleValue> PLAIN_STEPS = List.of(new DoubleValue("0.1", 0.1),
      new DoubleValue("0.05", 0.05), new DoubleValue("0.25", 0.25), new DoubleValue("0.5", 0.5),
      new DoubleValue("1.0", 1.0), new DoubleValue("1e-3", 1e-3), new DoubleValue("2", 2));
  private static final List<DoubleValue> EDGE_STEPS = List.of(new DoubleValue("0", 0),
      new DoubleValue("-0.0", -0.0), new DoubleValue("-0.1", -0.1),
      new DoubleValue("0.0 / 0.0", Double.NaN), new DoubleValue("1.0 / 0.0",
          Double.POSITIVE_INFINITY), new DoubleValue("-1.0 / 0.0", Double.NEGATIVE_INFINITY),
      new DoubleValue("1e39", 1e39), new DoubleValue("3.5e38", 3.5e38),
      new DoubleValue("1e-50", 1e-50), new DoubleValue("Double.MIN_VALUE", Double.MIN_VALUE),
      new DoubleValue("Double.MAX_VALUE", Double.MAX_VALUE),
      new DoubleValue("Float.MAX_VALUE", Float.MAX_VALUE),
      new DoubleValue("Float.MIN_VALUE", Float.MIN_VALUE), new DoubleValue("1e-30", 1e-30),
      new DoubleValue("1e30", 1e30), new DoubleValue("100", 100), new DoubleValue("1e-5", 1e-5));
  /** lo, hi pairs: plain ones, then edges. */
  private static final List<DoubleValue[]> PLAIN_RANGES = List.of(
      range("-1", -1, "1", 1), range("-0.5", -0.5, "2.0", 2), range("0", 0, "1", 1),
      range("-3", -3, "3", 3), range("0.25", 0.25, "0.75", 0.75));
  private static final List<DoubleValue[]> EDGE_RANGES = List.of(
      range("1", 1, "1", 1), range("2", 2, "-2", -2), range("0.0 / 0.0", Double.NaN, "1", 1),
      range("-1", -1, "1.0 / 0.0", Double.POSITIVE_INFINITY), range("-1e39", -1e39, "1e39", 1e39),
      range("0", 0, "1e39", 1e39), range("1e-50", 1e-50, "2e-50", 2e-50),
      range("0", 0, "1e-50", 1e-50), range("-0.0", -0.0, "0.0", 0.0),
      range("1", 1, "1.000000001", 1.000000001), range("-3e38", -3e38, "3e38", 3e38),
      range("-1e30", -1e30, "1e30", 1e30), range("-1000", -1000, "1000", 1000),
      range("1e-7", 1e-7, "2e-7", 2e-7));

  private static DoubleValue[] range(String lo, double loValue, String hi, double hiValue) {
    return new DoubleValue[] {new DoubleValue(lo, loValue), new DoubleValue(hi, hiValue)};
  }

  /** How the model class itself is declared, and what the processor must say about that. */
  private enum Shape {
    ABSTRACT_CLASS(40, Verdict.VALID, "", "abstract"),
    CONCRETE_CLASS(8, Verdict.VALID, "", ""),
    PUBLIC_CLASS(5, Verdict.VALID, "", "public abstract"),
    STATIC_NESTED(8, Verdict.VALID, "", "abstract static"),
    PROTECTED_NESTED(2, Verdict.VALID, "", "protected abstract static"),
    NESTED_IN_INTERFACE(3, Verdict.VALID, "", "abstract"),
    DEEPLY_NESTED(3, Verdict.VALID, "", "abstract static"),
    FINAL_CLASS(3, Verdict.INVALID, "final class", "final"),
    PRIVATE_NESTED(3, Verdict.INVALID, "private nested class", "private abstract static"),
    INNER_CLASS(3, Verdict.INVALID, "inner class", "abstract"),
    SEALED_CLASS(3, Verdict.INVALID, "sealed class", "sealed abstract"),
    NESTED_IN_PRIVATE_CLASS(3, Verdict.INVALID, "nested in a private class", "abstract static"),
    INTERFACE(2, Verdict.INVALID, "interface", ""),
    ENUM(2, Verdict.INVALID, "enum", ""),
    RECORD(2, Verdict.INVALID, "record", ""),
    ANNOTATION_TYPE(1, Verdict.INVALID, "annotation type", ""),
    GENERIC_CLASS(3, Verdict.EITHER, "generic class", "abstract"),
    DEPRECATED_CLASS(2, Verdict.EITHER, "deprecated class", "abstract");

    final int weight;
    final Verdict verdict;
    final String reason;
    final String modifiers;
    final String kind;

    Shape(int weight, Verdict verdict, String reason, String modifiers) {
      this.weight = weight;
      this.verdict = verdict;
      this.reason = reason;
      this.modifiers = modifiers;
      this.kind = switch (reason) {
        case "interface", "enum", "record" -> reason;
        case "annotation type" -> "@interface";
        default -> "class";
      };
    }

    boolean isNested() {
      return this == STATIC_NESTED || this == PROTECTED_NESTED || this == NESTED_IN_INTERFACE
          || this == DEEPLY_NESTED || this == PRIVATE_NESTED || this == INNER_CLASS
          || this == NESTED_IN_PRIVATE_CLASS;
    }

    boolean isClass() {
      return this != INTERFACE && this != ENUM && this != RECORD && this != ANNOTATION_TYPE;
    }

    /** A class whose subclasses in the file need nothing extra: may get abstract methods. */
    boolean isOpenAbstract() {
      return isClass() && this != CONCRETE_CLASS && this != FINAL_CLASS && this != SEALED_CLASS;
    }

    /** Interface and annotation fields are constants, so layers need an initializer. */
    boolean hasConstantFields() {
      return this == INTERFACE || this == ANNOTATION_TYPE;
    }
  }

  private final long seed;

  DeclarationGenerator(long seed) {
    this.seed = seed;
  }

  FuzzCase generate(int index) {
    // Hashed, not seed + index·γ: that would make case i + 1 case i's stream shifted by one draw.
    long caseSeed = new SplittableRandom(seed + index).nextLong();
    return new Draft(index, new SplittableRandom(caseSeed)).build();
  }

  /** A layer as declared: attribute values as written, for the source and for the rules. */
  private record LayerPlan(String name, IntValue units, Optional<IntValue> in,
      Optional<Activation> activation, Optional<Boolean> bias, Optional<MapPlan> map,
      Optional<QuantPlan> quantizer, String modifiers, String type, boolean typeIsDense,
      String initializer, boolean deprecated) {
    Activation effectiveActivation() {
      return activation.orElse(Activation.IDENTITY);
    }

    boolean effectiveBias() {
      return bias.orElse(true);
    }
  }

  private record MapPlan(Constraint constraint, Optional<DoubleValue> lo, Optional<DoubleValue> hi,
      Optional<Boolean> bias) {}

  private record QuantPlan(DoubleValue step, Optional<Boolean> straightThrough) {}

  /** The state of one declaration while it is being written. */
  private static final class Draft {
    private final int index;
    private final SplittableRandom random;
    private final String name;
    private final Set<String> invalid = new LinkedHashSet<>();
    private final Set<String> either = new LinkedHashSet<>();
    private final Set<String> warnings = new TreeSet<>();
    /** Every member name of the model class, so none is declared twice. */
    private final Set<String> used = new LinkedHashSet<>();
    /** Runtime types a nested type of the model shadows: the user's code qualifies them. */
    private final Set<String> shadowed = new LinkedHashSet<>();
    private final List<Member> members = new ArrayList<>();
    private final List<Type> topLevel = new ArrayList<>();
    private final List<LayerPlan> inherited = new ArrayList<>();
    private final List<LayerPlan> layers = new ArrayList<>();
    private boolean tame = true;
    /** Scales the odds of an odd value per layer, so deep networks are not always invalid. */
    private double mischief = 1;
    private Shape shape;
    private Loss loss;
    /** The width feeding the next layer; only meaningful while every width so far is valid. */
    private long width;

    Draft(int index, SplittableRandom random) {
      this.index = index;
      this.random = random;
      this.name = "Fuzz" + index;
    }

    FuzzCase build() {
      shape = pickShape();
      reason(shape.verdict, shape.reason);
      if (shape.isClass() && chance(0.06)) {
        nestedTypeNamedLikeRuntimeType();
      }
      loss = pick(Loss.values());
      IntValue inputs = width();
      width = inputs.value();
      int depth = depth();
      mischief = depth > MANY_LAYERS ? 0 : Math.min(1, 3.0 / Math.max(1, depth));
      Base base = shape.isClass() && chance(0.1) ? base() : Base.NONE;
      for (int k = 0; k < depth; k++) {
        layers.add(layer(k == depth - 1));
      }
      if (shape.isClass()) {
        extras();
      }
      Optional<NetworkSpec> network = judge(inputs);
      Type model = modelType(inputs, base);
      String relative = wrap(model);
      String generated = PACKAGE + "." + relative.replace('.', '_') + "Model";
      if (chance(0.02)) {
        String taken = generated.substring(PACKAGE.length() + 1);
        topLevel.add(new Type(List.of(), "", "class", taken, "", List.of()));
        reason(Verdict.INVALID, "generated class name " + taken + " is taken");
      }
      Unit unit = new Unit(PACKAGE, List.of("dev.nabla.*"), topLevel);
      Verdict verdict = !invalid.isEmpty() ? Verdict.INVALID
          : !either.isEmpty() ? Verdict.EITHER : Verdict.VALID;
      long parameters = network.map(n -> (long) n.parameterCount()).orElse(0L);
      return new FuzzCase(index, unit, unit.render(), verdict, List.copyOf(invalid),
          List.copyOf(either), warnings, generated,
          network, tame && parameters <= MAX_CHECKED_PARAMETERS);
    }

    private void reason(Verdict verdict, String reason) {
      switch (verdict) {
        case INVALID -> invalid.add(reason);
        case EITHER -> either.add(reason);
        case VALID -> { }
      }
    }

    // ---- random choices ----

    private boolean chance(double p) {
      return random.nextDouble() < p;
    }

    /** A per-layer oddity: {@link #chance}, scaled down in deep networks. */
    private boolean oddly(double p) {
      return chance(p * mischief);
    }

    private <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    @SafeVarargs
    private <T> T pick(T... values) {
      return values[random.nextInt(values.length)];
    }

    private Shape pickShape() {
      int total = 0;
      for (Shape s : Shape.values()) {
        total += s.weight;
      }
      int ticket = random.nextInt(total);
      for (Shape s : Shape.values()) {
        ticket -= s.weight;
        if (ticket < 0) {
          return s;
        }
      }
      throw new AssertionError(ticket);
    }

    /** Mostly small widths; now and then an edge value. */
    private IntValue width() {
      if (chance(0.06)) {
        return pick(EDGE_WIDTHS);
      }
      int value = 1 + random.nextInt(6);
      return new IntValue(Integer.toString(value), value);
    }

    private int depth() {
      double p = random.nextDouble();
      if (p < 0.02) {
        return 0;
      } else if (p < 0.85) {
        return 1 + random.nextInt(4);
      } else if (p < 0.996) {
        return 5 + random.nextInt(40);
      }
      // 600 one-unit layers still fit in 64 KB of bytecode per method, 1 350 did not
      return MANY_LAYERS + random.nextInt(2000);
    }

    /** A fresh member name: usually plain, sometimes one the generated code uses itself. */
    private String memberName() {
      for (int attempt = 0; ; attempt++) {
        double p = random.nextDouble();
        String candidate = p < 0.7 ? pick(PLAIN_NAMES)
            : p < 1 - 0.05 * mischief ? pick(GENERATED_NAMES) : pick(RUNTIME_NAMES);
        if (attempt > 5) {
          candidate = candidate + used.size();
        }
        if (used.add(candidate)) {
          if (RUNTIME_NAMES.contains(candidate)) {
            reason(Verdict.EITHER, "member named like the runtime type " + candidate);
          }
          return candidate;
        }
      }
    }

    /** A runtime type's simple name, qualified when a nested type of the model shadows it. */
    private String ref(String simple) {
      return shadowed.contains(simple) ? "dev.nabla." + simple : simple;
    }

    // ---- layers ----

    private LayerPlan layer(boolean output) {
      String layerName = memberName();
      IntValue units = oddly(0.03) ? pick(EDGE_WIDTHS) : smallUnits(output);
      Optional<IntValue> in = in();
      Optional<Activation> activation = activation(output);
      Optional<Boolean> bias = chance(0.4) ? Optional.of(random.nextDouble() < 0.4)
          : Optional.empty();
      // Deep networks are about method size: fewer maps and quantizers, none beyond 300 layers.
      double weightTransforms = Math.min(1, 2 * mischief);
      Optional<MapPlan> map = chance(0.15 * weightTransforms) ? Optional.of(map())
          : Optional.empty();
      Optional<QuantPlan> quantizer = chance(0.12 * weightTransforms)
          ? Optional.of(new QuantPlan(oddly(0.15) ? pick(EDGE_STEPS) : pick(PLAIN_STEPS),
              chance(0.8) ? Optional.empty() : Optional.of(chance(0.3))))
          : Optional.empty();
      String modifiers = !oddly(0.05) || (!shape.isClass() && shape != Shape.ENUM) ? ""
          : pick("protected", "public", "volatile", "transient", "private", "final", "static",
              "static final");
      String type = !oddly(0.07) ? ref("Dense") : chance(0.7) ? "dev.nabla.Dense"
          : pick("float[]", "Object", "String");
      boolean typeIsDense = type.endsWith("Dense");
      String initializer = shape.hasConstantFields() || modifiers.contains("final")
          || (shape != Shape.RECORD && chance(0.03)) ? "null" : null;
      LayerPlan plan = new LayerPlan(layerName, units, in, activation, bias, map, quantizer,
          modifiers, type, typeIsDense, initializer, oddly(0.02));
      width = units.value();
      return plan;
    }

    private IntValue smallUnits(boolean output) {
      int value = output && loss == Loss.SOFTMAX_CROSS_ENTROPY && chance(0.95)
          ? 2 + random.nextInt(4) : 1 + random.nextInt(6);
      return new IntValue(Integer.toString(value), value);
    }

    /** Usually chained; sometimes the right width, CHAINED spelt out, a wrong width or an edge. */
    private Optional<IntValue> in() {
      if (!oddly(0.2)) {
        return Optional.empty();
      }
      double p = random.nextDouble();
      if (p < 0.5) {
        return Optional.of(new IntValue(Long.toString(width), width));
      } else if (p < 0.75) {
        return Optional.of(pick(new IntValue("-1", -1), new IntValue("Layer.CHAINED", -1)));
      } else if (p < 0.9) {
        long wrong = width < Integer.MAX_VALUE - 3 ? Math.max(1, width) + 1 + random.nextInt(3)
            : width - 1;
        return Optional.of(new IntValue(Long.toString(wrong), wrong));
      }
      return Optional.of(pick(EDGE_WIDTHS));
    }

    /** The output mostly fits the loss; hidden layers take any activation or the default. */
    private Optional<Activation> activation(boolean output) {
      if (output && chance(0.9)) {
        return switch (loss) {
          case BINARY_CROSS_ENTROPY -> Optional.of(Activation.SIGMOID);
          case SOFTMAX_CROSS_ENTROPY -> chance(0.5) ? Optional.empty()
              : Optional.of(Activation.IDENTITY);
          case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> chance(0.3) ? Optional.empty()
              : Optional.of(pick(Activation.values()));
        };
      }
      return chance(0.3) ? Optional.empty() : Optional.of(pick(Activation.values()));
    }

    private MapPlan map() {
      Constraint constraint = pick(Constraint.values());
      Optional<DoubleValue> lo = Optional.empty();
      Optional<DoubleValue> hi = Optional.empty();
      if (constraint == Constraint.RANGE ? chance(0.95) : chance(0.08)) {
        DoubleValue[] bounds = oddly(0.3) ? pick(EDGE_RANGES) : pick(PLAIN_RANGES);
        double p = random.nextDouble();
        lo = p < 0.9 || p >= 0.95 ? Optional.of(bounds[0]) : Optional.empty();
        hi = p < 0.95 ? Optional.of(bounds[1]) : Optional.empty();
      }
      Optional<Boolean> bias = chance(0.7) ? Optional.empty() : Optional.of(chance(0.5));
      return new MapPlan(constraint, lo, hi, bias);
    }

    private Field layerField(LayerPlan layer) {
      List<Annotation> annotations = new ArrayList<>();
      List<Map.Entry<String, String>> values = new ArrayList<>();
      values.add(Map.entry("units", layer.units().text()));
      layer.in().ifPresent(in -> values.add(Map.entry("in", in.text())));
      layer.activation().ifPresent(a -> values.add(Map.entry("activation", "Activation." + a)));
      layer.bias().ifPresent(b -> values.add(Map.entry("bias", b.toString())));
      if (random.nextBoolean()) {
        Collections.shuffle(values, new Random(random.nextLong()));
      }
      annotations.add(new Annotation("Layer", values));
      layer.map().ifPresent(m -> annotations.add(random.nextInt(annotations.size() + 1),
          constrained(m)));
      layer.quantizer().ifPresent(q -> annotations.add(random.nextInt(annotations.size() + 1),
          quantized(q)));
      if (layer.deprecated()) {
        annotations.add(0, new Annotation("Deprecated", List.of()));
      }
      return new Field(annotations, layer.modifiers(), layer.type(), List.of(layer.name()),
          layer.initializer());
    }

    private static Annotation constrained(MapPlan map) {
      List<Map.Entry<String, String>> values = new ArrayList<>();
      values.add(Map.entry("value", "Constraint." + map.constraint()));
      map.lo().ifPresent(lo -> values.add(Map.entry("lo", lo.text())));
      map.hi().ifPresent(hi -> values.add(Map.entry("hi", hi.text())));
      map.bias().ifPresent(b -> values.add(Map.entry("bias", b.toString())));
      return new Annotation("Constrained", values);
    }

    private static Annotation quantized(QuantPlan quantizer) {
      List<Map.Entry<String, String>> values = new ArrayList<>();
      values.add(Map.entry("step", quantizer.step().text()));
      quantizer.straightThrough().ifPresent(s -> values.add(Map.entry("straightThrough",
          s.toString())));
      return new Annotation("Quantized", values);
    }

    // ---- the rules ----

    /** Applies the declaration rules to the whole network; the network when it is valid. */
    private Optional<NetworkSpec> judge(IntValue inputs) {
      List<LayerPlan> all = new ArrayList<>(inherited);
      all.addAll(layers);
      if (all.isEmpty()) {
        reason(Verdict.INVALID, "no layers");
      }
      if (all.size() > MANY_LAYERS) {
        reason(Verdict.EITHER, all.size() + " layers: generated methods may exceed 64 KB");
      }
      if (inputs.value() <= 0) {
        reason(Verdict.INVALID, "inputs = " + inputs.text());
      }
      boolean widthsValid = inputs.value() > 0;
      long previous = inputs.value();
      long parameters = 0;
      List<LayerSpec> specs = new ArrayList<>();
      for (LayerPlan layer : all) {
        String where = " on layer " + layer.name();
        long units = layer.units().value();
        if (units <= 0) {
          reason(Verdict.INVALID, "units = " + layer.units().text() + where);
        }
        if (layer.in().isPresent() && layer.in().get().value() != -1) {
          long in = layer.in().get().value();
          if (in <= 0) {
            reason(Verdict.INVALID, "in = " + layer.in().get().text() + where);
          } else if (widthsValid && in != previous) {
            reason(Verdict.INVALID, "in = " + in + " after width " + previous + where);
          }
        }
        fieldRules(layer, where);
        if (layer != all.get(all.size() - 1)
            && layer.effectiveActivation() == Activation.SOFTMAX) {
          reason(Verdict.INVALID, "SOFTMAX" + where + ", not the output");
        }
        Optional<MapSpec> map = layer.map().flatMap(m -> mapRules(m, layer, where));
        Optional<QuantSpec> quantizer = layer.quantizer().flatMap(q -> quantizerRules(q, where));
        if (map.isPresent() && quantizer.isPresent()) {
          combinationRules(map.get(), quantizer.get(), where);
        }
        if (widthsValid && units > 0) {
          parameters += previous * units + (layer.effectiveBias() ? units : 0);
        }
        widthsValid &= units > 0;
        previous = units;
        if (units > 100_000 || previous > 100_000) {
          tame = false;
        }
        specs.add(new LayerSpec((int) Math.max(0, Math.min(units, Integer.MAX_VALUE)),
            layer.effectiveActivation(), layer.effectiveBias(), map, quantizer));
      }
      if (!all.isEmpty()) {
        lossRules(all.get(all.size() - 1));
      }
      if (widthsValid && parameters > Integer.MAX_VALUE) {
        reason(Verdict.INVALID, parameters + " parameters do not fit a Java array");
      } else if (widthsValid && parameters > Integer.MAX_VALUE - 8) {
        reason(Verdict.EITHER, parameters + " parameters: at the VM's array limit");
      }
      if (!invalid.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new NetworkSpec(name, (int) inputs.value(), loss, specs));
    }

    private void fieldRules(LayerPlan layer, String where) {
      for (String modifier : List.of("private", "final", "static")) {
        if (layer.modifiers().contains(modifier)) {
          reason(Verdict.INVALID, modifier + " field" + where);
        }
      }
      if (!layer.typeIsDense()) {
        reason(Verdict.INVALID, "field type " + layer.type() + where);
      }
      if (layer.deprecated()) {
        reason(Verdict.EITHER, "deprecated field" + where);
      }
    }

    /** Bounds are used as floats: they must be finite, ordered floats with a finite width. */
    private Optional<MapSpec> mapRules(MapPlan map, LayerPlan layer, String where) {
      boolean mapsBias = map.bias().orElse(true);
      if (map.constraint() != Constraint.RANGE) {
        if (map.lo().isPresent() || map.hi().isPresent()) {
          reason(Verdict.INVALID, "lo/hi without RANGE" + where);
          return Optional.empty();
        }
        return Optional.of(new MapSpec(map.constraint(), Double.NaN, Double.NaN, mapsBias));
      }
      float lo = map.lo().map(DoubleValue::asFloat).orElse(Float.NaN);
      float hi = map.hi().map(DoubleValue::asFloat).orElse(Float.NaN);
      if (!Float.isFinite(lo) || !Float.isFinite(hi) || !(lo < hi)) {
        reason(Verdict.INVALID, "RANGE lo = " + lo + ", hi = " + hi + " as floats" + where);
        return Optional.empty();
      }
      if (!Float.isFinite(hi - lo)) {
        reason(Verdict.EITHER, "RANGE width overflows float" + where);
      }
      if (Math.abs(lo) > 8 || Math.abs(hi) > 8 || hi - lo < 1e-3) {
        tame = false;
      }
      return Optional.of(new MapSpec(Constraint.RANGE, lo, hi, mapsBias));
    }

    /** The step is used as a float: it must be a finite, positive float. */
    private Optional<QuantSpec> quantizerRules(QuantPlan quantizer, String where) {
      float step = quantizer.step().asFloat();
      if (!(step > 0) || !Float.isFinite(step)) {
        reason(Verdict.INVALID, "step = " + quantizer.step().text() + " (" + step
            + " as float)" + where);
        return Optional.empty();
      }
      if (step < Float.MIN_NORMAL || step > 1e30f) {
        reason(Verdict.EITHER, "step = " + step + " is extreme" + where);
      }
      if (step < 1e-3f || step > 4) {
        tame = false;
      }
      boolean straightThrough = quantizer.straightThrough().orElse(true);
      if (!straightThrough) {
        warnings.add("QuantizerCannotLearn");
      }
      return Optional.of(new QuantSpec(step, straightThrough));
    }

    private void combinationRules(MapSpec map, QuantSpec quantizer, String where) {
      double range = switch (map.constraint()) {
        case TANH -> 2;
        case SIGMOID, UNIT_TANH -> 1;
        case RANGE -> (float) map.hi() - (float) map.lo();
      };
      if (Math.abs(quantizer.step() - range) <= 1e-6 * range) {
        reason(Verdict.EITHER, "step equals the map's range" + where);
      } else if (quantizer.step() > range) {
        reason(Verdict.INVALID, "step " + quantizer.step() + " wider than range " + range + where);
      }
    }

    private void lossRules(LayerPlan output) {
      long units = output.units().value();
      Activation activation = output.effectiveActivation();
      switch (loss) {
        case SOFTMAX_CROSS_ENTROPY -> {
          if (units == 1) {
            reason(Verdict.INVALID, "softmax over 1 unit");
          } else if (units > 1 && activation == Activation.SOFTMAX) {
            reason(Verdict.INVALID, "softmax cross-entropy over a SOFTMAX output");
          } else if (units > 1 && activation != Activation.IDENTITY) {
            warnings.add("SoftmaxOverActivation");
          }
        }
        case BINARY_CROSS_ENTROPY -> {
          if (activation != Activation.SIGMOID) {
            reason(Verdict.INVALID, "BCE over " + activation);
          }
        }
        case MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR, HUBER -> {
          if (units == 1 && activation == Activation.SOFTMAX) {
            reason(Verdict.INVALID, "SOFTMAX output of 1 unit");
          }
        }
      }
    }

    // ---- members other than layers ----

    private void nestedTypeNamedLikeRuntimeType() {
      String typeName = pick(RUNTIME_NAMES);
      used.add(typeName);
      shadowed.add(typeName);
      String kind = pick("static class", "interface", "enum", "@interface", "record");
      String header = kind.equals("record") ? "()" : "";
      String modifiers = kind.equals("static class") ? "static" : "";
      members.add(new Type(List.of(), modifiers, kind.replace("static ", ""), typeName, header,
          List.of()));
      reason(Verdict.EITHER, "nested type named like the runtime type " + typeName);
    }

    private void extras() {
      if (chance(0.2)) {
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          fieldNamedLikeGeneratedMember();
        }
      }
      if (chance(0.06)) {
        otherField("runtime type", pick(RUNTIME_NAMES));
      }
      if (chance(0.02)) {
        otherField("package", pick("dev", "java", "javax"));
      }
      if (chance(0.05)) {
        method(Verdict.VALID, "", pick("int helper() { return 1; }",
            "int forwardPass(int a) { return a; }",
            "static float[] parameters(int n) { return new float[n]; }",
            "private void initialize() { }"));
      }
      if (chance(0.05)) {
        method(Verdict.EITHER, "method with a generated method's signature",
            pick("void forwardPass(float[] x, int rows) { }",
                "float backwardPass(float[] x, float[] targets, int rows) { return 0; }",
                "float outputLoss(float[] targets, int rows, float[] delta) { return 0; }",
                "void materializeEffectiveWeights() { }",
                "float[] oneHot(int[] labels, int rows) { return new float[rows]; }",
                "public void initialize(long seed) { }",
                "static void forwardPass(float[] x, int rows) { }",
                "private int backwardPass(float[] x, float[] targets, int rows) { return rows; }"));
      }
      if (chance(0.03)) {
        method(Verdict.EITHER, "method the generated model overrides",
            pick("public int inputs() { return 0; }", "int outputs() { return 0; }",
                "public void parametersChanged() { }", "public int maxBatch() { return 1; }"));
      }
      if (chance(0.02)) {
        method(Verdict.INVALID, "final method the generated model must override",
            pick("public final int inputs() { return 0; }",
                "public final float[] gradients() { return new float[0]; }",
                "public final void parametersChanged() { }"));
      }
      if (chance(0.02)) {
        method(Verdict.INVALID, "method incompatible with NablaModel",
            pick("public String inputs() { return \"\"; }", "public long maxBatch() { return 0; }",
                "public void forward(float[] x, int rows) { }",
                "static int inputs() { return 0; }"));
      }
      if (shape.isOpenAbstract() && chance(0.03)) {
        method(Verdict.INVALID, "abstract method",
            pick("abstract void hook();", "protected abstract float score(float[] x);"));
      }
      if (shape.isOpenAbstract() && chance(0.02)) {
        method(Verdict.EITHER, "abstract method NablaModel declares",
            pick("public abstract int inputs();",
                "public abstract float[] forward(float[] x, int rows);",
                "abstract int maxBatch();"));
      }
      if (chance(0.04)) {
        misplacedAnnotation();
      }
      if (shape != Shape.SEALED_CLASS && chance(0.2)) {
        constructor();
      }
    }

    private void fieldNamedLikeGeneratedMember() {
      String fieldName;
      if (!layers.isEmpty() && chance(0.4)) {
        String layer = pick(layers).name();
        String upper = layer.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        fieldName = chance(0.5) ? layer + pick("Out", "Delta", "Logits") : upper;
      } else {
        fieldName = pick(GENERATED_NAMES);
      }
      if (used.add(fieldName)) {
        members.add(pick(
            new Field(List.of(), "", "int", List.of(fieldName), null),
            new Field(List.of(), "protected", "float[]", List.of(fieldName), null),
            new Field(List.of(), "static final", "int", List.of(fieldName), "7"),
            new Field(List.of(), "private", "Object", List.of(fieldName), null)));
      }
    }

    private void otherField(String what, String fieldName) {
      if (used.add(fieldName)) {
        members.add(new Field(List.of(), pick("", "static", "private"), "int", List.of(fieldName),
            null));
        reason(Verdict.EITHER, "field named like the " + what + " " + fieldName);
      }
    }

    /** A method from its source text, {@code modifiers type name(params) {body}}. */
    private void method(Verdict verdict, String reason, String text) {
      int open = text.indexOf('(');
      String[] head = text.substring(0, open).trim().split(" ");
      String methodName = head[head.length - 1];
      if (!used.add(methodName + "()")) {
        return;
      }
      String modifiers = String.join(" ", Arrays.copyOf(head, head.length - 2));
      String returnType = head[head.length - 2];
      int close = text.indexOf(')');
      int body = text.indexOf('{');
      members.add(new Method(modifiers, returnType, methodName, text.substring(open + 1, close),
          body < 0 ? null : text.substring(body + 1, text.lastIndexOf('}'))));
      reason(verdict, reason);
    }

    private void misplacedAnnotation() {
      String fieldName = "notALayer" + used.size();
      used.add(fieldName);
      Annotation quantized = new Annotation("Quantized", List.of(Map.entry("step", "0.1")));
      Annotation constrained =
          new Annotation("Constrained", List.of(Map.entry("value", "Constraint.TANH")));
      Annotation layer = new Annotation("Layer", List.of(Map.entry("units", "2")));
      members.add(switch (random.nextInt(4)) {
        case 0 -> new Field(List.of(quantized), "", "float[]", List.of(fieldName), null);
        case 1 -> new Field(List.of(constrained), "", "Object", List.of(fieldName), null);
        case 2 -> new Field(List.of(pick(quantized, constrained)), "", ref("Dense"),
            List.of(fieldName), null);
        default -> new Type(List.of(), "static", "class", "Helper" + used.size(), "",
            List.of(new Field(List.of(layer), "", ref("Dense"), List.of("h"), null)));
      });
      reason(Verdict.INVALID, "misplaced annotation");
    }

    private void constructor() {
      String className = modelName();
      switch (random.nextInt(8)) {
        case 0 -> members.add(new Method("public", null, className, "", " "));
        case 1 -> members.add(new Method("protected", null, className, "", " "));
        case 2 -> {
          members.add(new Method("", null, className, "", " "));
          members.add(new Method("", null, className, "int a", " "));
        }
        case 3 -> {
          members.add(new Method("private", null, className, "", " "));
          reason(Verdict.INVALID, "only a private constructor");
        }
        case 4 -> {
          members.add(new Method("", null, className, "int a", " "));
          reason(Verdict.INVALID, "only a constructor with parameters");
        }
        case 5 -> {
          members.add(new Method("", null, className, "", " "));
          members.add(new Method("private", null, className, "String s", " "));
        }
        case 6 -> {
          members.add(new Method("", null, className, "int... sizes", " "));
          reason(Verdict.EITHER, "varargs constructor");
        }
        default -> {
          members.add(new Method("", null, className, "", "Exception", " "));
          reason(Verdict.EITHER, "constructor throws a checked exception");
        }
      }
    }

    // ---- the class ----

    private String modelName() {
      return shape.isNested() ? "Net" : name;
    }

    private Type modelType(IntValue inputs, Base base) {
      List<Map.Entry<String, String>> values = new ArrayList<>(List.of(
          Map.entry("inputs", inputs.text()), Map.entry("loss", "Loss." + loss)));
      if (random.nextBoolean()) {
        Collections.reverse(values);
      }
      List<Annotation> annotations = new ArrayList<>(List.of(new Annotation("Model", values)));
      if (shape == Shape.DEPRECATED_CLASS) {
        annotations.add(random.nextInt(2), new Annotation("Deprecated", List.of()));
      }
      String header = switch (shape) {
        case GENERIC_CLASS -> "<T>";
        case RECORD -> layers.stream().map(this::layerField)
            .map(f -> f.annotations().stream().map(Annotation::render)
                .collect(Collectors.joining(" ", "", " ")) + f.type() + " " + f.names().get(0))
            .collect(Collectors.joining(", ", "(", ")"));
        default -> "";
      };
      if (base != Base.NONE) {
        header += " extends " + name + "Base";
      }
      List<Member> body = new ArrayList<>(members);
      if (shape == Shape.SEALED_CLASS) {
        header += " permits " + modelName() + ".Sub";
        body.add(new Type(List.of(), "static final", "class", "Sub", " extends " + modelName(),
            List.of()));
      }
      if (shape != Shape.RECORD) {
        // Extras go anywhere; the layers keep their order, which is the network's.
        int position = 0;
        for (LayerPlan layer : layers) {
          position += random.nextInt(body.size() - position + 1);
          body.add(position++, layerField(layer));
        }
      }
      return new Type(annotations, shape.modifiers, shape.kind, modelName(), header, body);
    }

    /** Puts the model class where its shape says; returns its name relative to the package. */
    private String wrap(Type model) {
      Type outer = switch (shape) {
        case STATIC_NESTED, PROTECTED_NESTED, PRIVATE_NESTED, INNER_CLASS ->
            new Type(List.of(), "", "class", name, "", List.of(model));
        case NESTED_IN_INTERFACE -> new Type(List.of(), "", "interface", name, "", List.of(model));
        case DEEPLY_NESTED -> new Type(List.of(), "", "class", name, "", List.of(
            new Type(List.of(), "static", "class", "Mid", "", List.of(model))));
        case NESTED_IN_PRIVATE_CLASS -> new Type(List.of(), "", "class", name, "", List.of(
            new Type(List.of(), "private static", "class", "Hidden", "", List.of(model))));
        default -> model;
      };
      topLevel.add(0, outer);
      return switch (shape) {
        case DEEPLY_NESTED -> name + ".Mid.Net";
        case NESTED_IN_PRIVATE_CLASS -> name + ".Hidden.Net";
        default -> shape.isNested() ? name + ".Net" : name;
      };
    }

    // ---- the superclass ----

    private enum Base { NONE, PLAIN, LAYERS }

    /** A superclass with members the generated model meets through inheritance. */
    private Base base() {
      String baseName = name + "Base";
      List<Member> baseMembers = new ArrayList<>();
      Base kind = chance(0.5) ? Base.LAYERS : Base.PLAIN;
      if (kind == Base.LAYERS) {
        for (int n = 1 + random.nextInt(2); n > 0; n--) {
          LayerPlan layer = layer(false);
          inherited.add(layer);
          baseMembers.add(layerField(layer));
        }
        reason(Verdict.EITHER, "layers inherited from a plain superclass");
      } else {
        double p = random.nextDouble();
        if (p < 0.5) {
          String fieldName = pick(GENERATED_NAMES);
          used.add(fieldName);
          baseMembers.add(new Field(List.of(), "protected", "float[]", List.of(fieldName), null));
        } else if (p < 0.8) {
          // outputLoss: every own method the generator may add with this name overrides it
          // legally, where a static own forwardPass would not compile beside an inherited one.
          baseMembers.add(new Method("", "float", "outputLoss",
              "float[] targets, int rows, float[] delta", " return 0; "));
          reason(Verdict.EITHER, "inherited method with a generated method's signature");
        } else {
          baseMembers.add(new Method("public final", "int", "outputs", "", " return 1; "));
          reason(Verdict.INVALID, "inherited final method the generated model must override");
        }
      }
      topLevel.add(new Type(List.of(), "abstract", "class", baseName, "", baseMembers));
      return kind;
    }
  }
}
