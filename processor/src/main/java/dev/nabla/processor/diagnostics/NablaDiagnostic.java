package dev.nabla.processor.diagnostics;

import javax.tools.Diagnostic.Kind;

/**
 * Every message the processor can print, with a stable tag printed as {@code [Nabla/Tag]}.
 * Each format names the offending value; tests refer to these constants, not copied strings.
 */
public enum NablaDiagnostic {
  SHAPE_MISMATCH(Kind.ERROR, "ShapeMismatch",
      "Layer '%s' declares in = %d, but %s has width %d. A layer's input width must equal the "
          + "width feeding it; remove 'in' to chain automatically or change it to %d."),
  NON_POSITIVE_WIDTH(Kind.ERROR, "NonPositiveWidth",
      "%s = %d is not a valid width; widths must be positive."),
  NO_LAYERS(Kind.ERROR, "NoLayers",
      "Model '%s' declares no @Layer fields, so there is nothing to compute. Add at least one "
          + "'@Layer(units = ...) Dense name;' field."),
  WRONG_FIELD_TYPE(Kind.ERROR, "WrongFieldType",
      "@Layer field '%s' has type %s; layer fields must have type dev.nabla.Dense, which the "
          + "generated model assigns."),
  FIELD_MODIFIERS(Kind.ERROR, "FieldModifiers",
      "@Layer field '%s' is %s; the generated subclass assigns it in its constructor, so it "
          + "must not be private, final or static."),
  CLASS_MODIFIERS(Kind.ERROR, "ClassModifiers",
      "@Model class '%s' is %s; the generated model extends it, so it must be a non-final, "
          + "non-sealed, non-generic, non-private top-level or static nested class outside any "
          + "private class."),
  NO_ACCESSIBLE_CONSTRUCTOR(Kind.ERROR, "NoAccessibleConstructor",
      "@Model class '%s' has no non-private constructor without parameters that throws no "
          + "checked exception; the generated subclass needs one to call."),
  AUXILIARY_CLASS(Kind.WARNING, "AuxiliaryClass",
      "@Model class '%s' is in the file of another class, '%s', so javac warns wherever the "
          + "generated model refers to it (-Xlint:auxiliaryclass); move '%s' to %s.java, or "
          + "nest the model in '%s'."),
  SOFTMAX_NEEDS_TWO_OUTPUTS(Kind.ERROR, "SoftmaxNeedsTwoOutputs",
      "SOFTMAX_CROSS_ENTROPY over the output layer '%s' with %d unit is constant: softmax of "
          + "one value is 1, so the loss is 0 and nothing learns. Use at least 2 units, or "
          + "BINARY_CROSS_ENTROPY with a SIGMOID output."),
  BCE_NEEDS_SIGMOID(Kind.ERROR, "BceNeedsSigmoid",
      "BINARY_CROSS_ENTROPY needs outputs in (0, 1), but the output layer '%s' uses %s. Use "
          + "activation = SIGMOID, or SOFTMAX_CROSS_ENTROPY for logits."),
  SOFTMAX_OVER_ACTIVATION(Kind.WARNING, "SoftmaxOverActivation",
      "SOFTMAX_CROSS_ENTROPY takes the softmax of the %s outputs of layer '%s', not of logits, "
          + "which squeezes the scores into a narrow range and slows learning. This is legal "
          + "(a reference study does it); use an IDENTITY output for the usual fused loss."),
  SOFTMAX_TWICE(Kind.ERROR, "SoftmaxTwice",
      "SOFTMAX_CROSS_ENTROPY takes the softmax of its inputs itself, so the SOFTMAX output of "
          + "layer '%s' would apply it twice. Use activation = IDENTITY: the loss's softmax gives "
          + "the probabilities, and predict returns them."),
  BCE_OVER_SOFTMAX(Kind.ERROR, "BceOverSoftmax",
      "BINARY_CROSS_ENTROPY scores each output as an independent yes/no, but the SOFTMAX outputs "
          + "of layer '%s' sum to 1, so two labels can never both hold, and the loss could not be "
          + "taken stably from logits. For one class per row use SOFTMAX_CROSS_ENTROPY with an "
          + "IDENTITY output; for independent labels use SIGMOID."),
  SOFTMAX_NOT_LAST(Kind.ERROR, "SoftmaxNotLast",
      "Layer '%s' uses SOFTMAX, which turns a row into probabilities and belongs on the output "
          + "layer only; '%s' is the output layer. Use another activation here."),
  SOFTMAX_OF_ONE_UNIT(Kind.ERROR, "SoftmaxOfOneUnit",
      "The SOFTMAX output layer '%s' has 1 unit: softmax of one value is always 1, so nothing "
          + "learns. Use at least 2 units, or SIGMOID for one probability."),
  SLOPE_WITHOUT_LEAKY_RELU(Kind.ERROR, "SlopeWithoutLeakyRelu",
      "Layer '%s' states a slope, but its activation %s has none; the slope is LEAKY_RELU's. "
          + "Remove it or use activation = LEAKY_RELU."),
  INVALID_SLOPE(Kind.ERROR, "InvalidSlope",
      "slope = %s of layer '%s' is not a LEAKY_RELU slope: it must be at least 0 and below 1 "
          + "(as a float); 1 would make the layer linear."),
  HUBER_DELTA_WITHOUT_HUBER(Kind.ERROR, "HuberDeltaWithoutHuber",
      "huberDelta is the HUBER loss's, but the model's loss is %s. Remove it or use "
          + "loss = Loss.HUBER."),
  INVALID_HUBER_DELTA(Kind.ERROR, "InvalidHuberDelta",
      "huberDelta = %s is not a valid Huber δ: it must be finite and positive, from %s to %s "
          + "as the float the model computes in."),
  MISPLACED_ANNOTATION(Kind.ERROR, "MisplacedAnnotation",
      "@%s on '%s' has no effect: %s."),
  INVALID_STEP(Kind.ERROR, "InvalidStep",
      "@Quantized step = %s is not a valid step; it must be finite and positive."),
  STEP_OUTSIDE_FLOAT(Kind.ERROR, "StepOutsideFloat",
      "@Quantized step = %s %s in float, the precision the model computes in; use a step from "
          + "%s to %s."),
  INVALID_RANGE(Kind.ERROR, "InvalidRange",
      "@Constrained(RANGE) needs finite bounds with lo < hi, got lo = %s, hi = %s."),
  RANGE_OUTSIDE_FLOAT(Kind.ERROR, "RangeOutsideFloat",
      "@Constrained(RANGE) lo = %s, hi = %s gives %s in float, the precision the model "
          + "computes in; the bounds must stay distinct and their width finite in float."),
  BOUNDS_WITHOUT_RANGE(Kind.ERROR, "BoundsWithoutRange",
      "@Constrained(%s) has a fixed range, so lo/hi (%s) would be ignored; use RANGE to choose "
          + "the bounds."),
  QUANTIZER_CANNOT_LEARN(Kind.WARNING, "QuantizerCannotLearn",
      "Layer '%s' is quantized with straightThrough = false: the gradient of rounding is zero "
          + "almost everywhere, so its parameters never change. Keep it only to demonstrate that."),
  INVALID_DROPOUT(Kind.ERROR, "InvalidDropout",
      "@Dropout(%s) is not a valid rate; it is the probability of zeroing each output of the "
          + "layer, so it must be at least 0 and below 1 (and below 1 in float, the precision "
          + "the model computes in), e.g. 0.5."),
  DROPOUT_ON_OUTPUT(Kind.ERROR, "DropoutOnOutput",
      "@Dropout on the output layer '%s' would zero the model's outputs at random in training, "
          + "but the loss is evaluated from the output layer's Z, so it would see none of it; "
          + "put the dropout on the layer before, whose outputs the output layer reads."),
  UNSUPPORTED_COMBINATION(Kind.ERROR, "UnsupportedCombination",
      "Layer '%s' quantizes a %s-constrained range of width %s with step %s: the step is wider "
          + "than the range, so every weight rounds to at most two values. Use a step smaller "
          + "than the range."),
  TOO_MANY_PARAMETERS(Kind.ERROR, "TooManyParameters",
      "Layer '%s' (%d × %d weights%s) brings the model to %d parameters, more than the %d "
          + "floats a Java array can hold; use fewer units or fewer layers."),
  TOO_MANY_LAYERS(Kind.ERROR, "TooManyLayers",
      "@Model class '%s' declares %d layers; the generated passes hold %d at most, because a "
          + "Java method's bytecode is limited to 64 KB. Use fewer, wider layers."),
  INHERITED_LAYER(Kind.ERROR, "InheritedLayer",
      "@Model class '%s' inherits the @Layer field '%s' from '%s'; the generated model reads "
          + "layers from the model class itself, so that field would stay null. Declare the "
          + "layer in '%s', or generate the model from '%s'."),
  ABSTRACT_METHOD(Kind.ERROR, "AbstractMethod",
      "@Model class '%s' leaves '%s' (declared in '%s') abstract; the generated model "
          + "implements only NablaModel, so it could not be compiled. Implement or remove it."),
  MEMBER_CLASH(Kind.ERROR, "MemberClash",
      "Method '%s' of '%s' has the signature of %s, which the generated model defines; rename "
          + "or remove it."),
  SHADOWED_PACKAGE(Kind.ERROR, "ShadowedPackage",
      "@Model class '%s' has a member named '%s', so the generated code must write %s in full, "
          + "but its member named '%s' hides that package; rename one of the two."),
  NAME_TAKEN(Kind.ERROR, "NameTaken",
      "@Model class '%s' generates '%s', but that name is taken by %s; rename that type or the "
          + "model class."),
  INVALID_OPTION(Kind.ERROR, "InvalidOption",
      "Processor option -A%s=%s is not valid; it takes an integer from 0 to %d."),
  SEQUENCE_LAYOUT(Kind.ERROR, "SequenceLayout",
      "@Sequence class '%s' %s; a sequence model declares, in this order, one @Embedding field, "
          + "at most one @Recurrent field and one @Layer output field."),
  SEQUENCE_FIELD(Kind.ERROR, "SequenceField",
      "@%s field '%s' %s; the generated model assigns it in its constructor, so it must have "
          + "type %s and must not be private, final or static."),
  NON_POSITIVE_STEPS(Kind.ERROR, "NonPositiveSteps",
      "@Sequence steps = %d is not valid; a sequence has at least 1 step."),
  SEQUENCE_OUTPUT_WIDTH(Kind.ERROR, "SequenceOutputWidth",
      "The output layer '%s' of a @Sequence model has %d unit; softmax cross-entropy over one "
          + "value is constant, so nothing learns. Use one unit per class, at least 2."),
  SEQUENCE_TOO_LONG(Kind.ERROR, "SequenceTooLong",
      "@Sequence steps = %d makes one sequence need %d floats in a buffer, more than the %d a "
          + "Java array holds; use fewer steps or narrower layers."),
  UNSUPPORTED_IN_SEQUENCE(Kind.ERROR, "UnsupportedInSequence",
      "@%s on '%s' is not supported in a @Sequence model, whose layers are plain dense "
          + "maps. Remove it, or declare a @Model for float rows."),
  SEQUENCE_ACTIVATION(Kind.ERROR, "SequenceActivation",
      "activation %s on '%s' is not supported in a @Sequence model; use IDENTITY, SIGMOID, TANH "
          + "or RELU."),
  LSTM_ACTIVATION(Kind.ERROR, "LstmActivation",
      "activation %s on the LSTM cell '%s' does not apply: an LSTM's gates are σ and tanh by "
          + "definition. Remove the attribute, or declare cell = Recurrent.Cell.SIMPLE."),
  MODEL_AND_SEQUENCE(Kind.ERROR, "ModelAndSequence",
      "'%s' is annotated both @Model and @Sequence; a class declares one network. Keep "
          + "@Sequence for token input or @Model for float rows."),
  INTERNAL_ERROR(Kind.ERROR, "Internal",
      "Nabla failed while processing '%s'; this is a bug in Nabla, please report it with this "
          + "trace: %s");

  private final Kind kind;
  private final String tag;
  private final String format;

  NablaDiagnostic(Kind kind, String tag, String format) {
    this.kind = kind;
    this.tag = tag;
    this.format = format;
  }

  public Kind kind() {
    return kind;
  }

  /** The full message, prefixed with {@code [Nabla/Tag]}. */
  public String format(Object... args) {
    return "[Nabla/" + tag + "] " + String.format(java.util.Locale.ROOT, format, args);
  }
}
