package dev.nabla.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nabla.Constraint;
import dev.nabla.processor.model.LayerModel;
import dev.nabla.processor.model.NetworkModel;
import dev.nabla.processor.model.Quantizer;
import dev.nabla.processor.model.WeightMap;
import dev.nabla.processor.model.WeightSegment;
import java.util.Optional;

/**
 * Constrained and quantized weights: W = quantize(map(W′)) materialised after every change of W′,
 * and the chain rule from ∇W back to ∇W′ at the end of the backward pass.
 */
final class WeightMapEmitter {
  static final ClassName WEIGHT_MAPS = ClassName.get(LayoutEmitter.INTERNAL, "WeightMaps");
  static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");

  private final NetworkModel model;

  WeightMapEmitter(NetworkModel model) {
    this.model = model;
  }

  /** A step of {@code body} for one mapped segment of a layer. */
  private interface SegmentStep {
    void write(CodeBlock.Builder body, LayerModel layer, WeightSegment segment);
  }

  private void forEachSegment(CodeBlock.Builder body, SegmentStep step) {
    for (LayerModel layer : model.layers()) {
      for (WeightSegment segment : layer.segments()) {
        step.write(body, layer, segment);
      }
    }
  }

  /** ∇W′ from ∇W through W = quantize(map(W′)), for every mapped segment. */
  void chainRule(CodeBlock.Builder body) {
    forEachSegment(body, this::chainRule);
  }

  private void chainRule(CodeBlock.Builder body, LayerModel layer, WeightSegment segment) {
    String what = layer.name() + " " + segmentName(layer, segment);
    Optional<Quantizer> quantizer = segment.quantizer();
    if (quantizer.isPresent() && !quantizer.get().straightThrough()) {
      body.add("// $L: ∇W′ = 0, the true gradient of rounding (no straight-through estimator)\n",
              what)
          .addStatement("$T.fill(gradients, $L, $L, 0f)", ARRAYS, segment.offset(),
              segment.offset() + segment.length());
      return;
    }
    if (segment.map().isEmpty()) {
      double step = quantizer.orElseThrow().step();
      body.add("// $L: W = $L·round(W′), straight-through estimator: ∇W′ = $L·∇W\n", what,
              number(step), number(step))
          .addStatement("$T.scale(gradients, $L, $L, $L)", WEIGHT_MAPS, segment.offset(),
              segment.length(), floatLiteral(step));
      return;
    }
    WeightMap map = segment.map().get();
    String through = quantizer.isPresent() ? " (straight through the rounding)" : "";
    if (map.constraint() == Constraint.SIGMOID) {
      body.add("// $L: ∇W′ = ∇W ⊙ σ(W′) ⊙ (1 − σ(W′))$L\n", what, through)
          .addStatement("$T.sigmoidBackward(parameters, gradients, $L, $L)", WEIGHT_MAPS,
              segment.offset(), segment.length());
    } else {
      body.add("// $L: ∇W′ = ∇W ⊙ $L(1 − tanh²(W′))$L\n", what,
              map.half() == 1 ? "" : number(map.half()) + "·", through)
          .addStatement("$T.tanhRangeBackward(parameters, gradients, $L, $L, $L)", WEIGHT_MAPS,
              segment.offset(), segment.length(), floatLiteral(map.half()));
    }
  }

  /** The effective weights from W′, for every mapped segment. */
  void materialize(CodeBlock.Builder body) {
    forEachSegment(body, this::materialize);
  }

  private void materialize(CodeBlock.Builder body, LayerModel layer, WeightSegment segment) {
    String what = layer.name() + " " + segmentName(layer, segment);
    int offset = segment.offset();
    int length = segment.length();
    if (segment.map().isPresent()) {
      WeightMap map = segment.map().get();
      body.add("// $L: W = $L\n", what, mapFormula(map));
      if (map.constraint() == Constraint.SIGMOID) {
        body.addStatement("$T.sigmoid(parameters, effective, $L, $L)", WEIGHT_MAPS, offset,
            length);
      } else {
        body.addStatement("$T.tanhRange(parameters, effective, $L, $L, $L, $L)", WEIGHT_MAPS,
            offset, length, floatLiteral(map.mid()), floatLiteral(map.half()));
      }
    }
    if (segment.quantizer().isPresent()) {
      double step = segment.quantizer().get().step();
      if (segment.map().isPresent()) {
        body.add("// $L: W = $L·round(W / $L)\n", what, number(step), number(step))
            .addStatement("$T.quantize(effective, effective, $L, $L, $L, $L)", WEIGHT_MAPS,
                offset, length, floatLiteral(step), floatLiteral(step));
      } else {
        body.add("// $L: W = $L·round(W′), W′ counted in steps\n", what, number(step))
            .addStatement("$T.quantize(parameters, effective, $L, $L, $L, 1f)", WEIGHT_MAPS,
                offset, length, floatLiteral(step));
      }
    }
  }

  private static String mapFormula(WeightMap map) {
    return switch (map.constraint()) {
      case TANH -> "tanh(W′)";
      case SIGMOID -> "σ(W′)";
      case UNIT_TANH -> "(tanh(W′) + 1) / 2";
      case RANGE -> number(map.lo()) + " + " + number(map.hi() - map.lo())
          + "·(tanh(W′) + 1) / 2";
    };
  }

  private static String segmentName(LayerModel layer, WeightSegment segment) {
    boolean hasWeights = segment.offset() == layer.weightOffset();
    boolean hasBias = layer.bias()
        && segment.offset() + segment.length() == layer.weightOffset() + layer.parameterCount();
    return hasWeights && hasBias ? "[W; b]" : hasWeights ? "W" : "b";
  }

  private static String floatLiteral(double value) {
    return Float.toString((float) value) + "f";
  }

  /** A value for a formula comment: as the float the code uses, without ".0" when integral. */
  private static String number(double value) {
    float f = (float) value;
    return f == Math.rint(f) && Math.abs(f) < 1e7f ? Integer.toString((int) f) : Float.toString(f);
  }
}
