package dev.nabla.onnx;

import com.google.protobuf.ByteString;
import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import dev.nabla.onnx.proto.OnnxProto.TypeProto;
import dev.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The graph of a {@link SequenceModel}: input {@value #TOKENS}, int64 {@code [N, T]} token
 * indices with symbolic {@code N} and {@code T} (the weights serve any number of steps); output
 * {@value OnnxExport#OUTPUT}, the softmax probabilities {@link SequenceModel#predict} gives:
 * {@code [N, T, classes]} for every-step targets, {@code [N, classes]} for the last step.
 *
 * <p>{@code Gather} rows of the embedding's E (then its activation); the cell as ONNX's
 * {@code RNN} (activation Tanh, Sigmoid, Relu, or Affine(1, 0) for the identity) or {@code LSTM},
 * whose X is time-major, so a {@code Transpose} before and after it; then the output layer's
 * {@code MatMul} and {@code Add} over the last axis and {@code Softmax}. ONNX's RNN and LSTM add
 * two biases, W_b and R_b: W_b is Nabla's b and R_b zeros. ONNX orders an LSTM's gates i, o, f, c
 * where Nabla (and PyTorch) order them i, f, g, o: the exported blocks are reordered.
 */
final class SequenceGraph {
  static final String TOKENS = "tokens";
  private static final String STEPS_DIMENSION = "T";
  /** Nabla's gate blocks (i, f, g, o) in ONNX's LSTM order (i, o, f, c). */
  private static final int[] ONNX_GATE_ORDER = {0, 3, 1, 2};

  private SequenceGraph() {}

  /** Adds the model's inputs, outputs, initializers and nodes; returns the doc string. */
  static String add(SequenceModel model, GraphProto.Builder graph,
      List<NodeProto.Builder> nodes) {
    List<Dense> layers = model.layers();
    boolean everyStep = model.targets() == Sequence.Targets.EVERY_STEP;
    Dense embedding = layers.get(0);
    Dense output = layers.get(layers.size() - 1);
    graph.addInput(tensor(TOKENS, TensorProto.DataType.INT64_VALUE, true, 0))
        .addOutput(tensor(OnnxExport.OUTPUT, TensorProto.DataType.FLOAT_VALUE, everyStep,
            model.outputs()));
    graph.addInitializer(OnnxExport.weights(embedding));
    String x = embedding.name() + ".x";
    nodes.add(OnnxExport.node("Gather", embedding.name() + ".gather",
        embedding.name() + ".weight", x).addInput(TOKENS));
    String value = OnnxExport.addActivation(graph, nodes, embedding, x);
    StringBuilder description = new StringBuilder(model.getClass().getSimpleName())
        .append(": tokens [N, T] of ").append(model.vocabulary()).append(" → embedding ")
        .append(embedding.units());
    if (layers.size() == 4) {
      Dense input = layers.get(1);
      Dense hidden = layers.get(2);
      boolean lstm = hidden.units() != hidden.in();
      value = addCell(graph, nodes, input, hidden, lstm, value, everyStep);
      description.append(" → ").append(lstm ? "LSTM " : "RNN ").append(hidden.in())
          .append(lstm ? "" : " " + input.activation().name().toLowerCase(Locale.ROOT));
    } else if (!everyStep) {
      graph.addInitializer(TensorProto.newBuilder().setName("last")
          .setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(-1)); // a scalar: drops T
      nodes.add(OnnxExport.node("Gather", "last.step", value, "last.x").addInput("last")
          .addAttribute(OnnxExport.intAttribute("axis", 1)));
      value = "last.x";
    }
    nodes.add(OnnxExport.softmax(OnnxExport.addLayer(graph, nodes, output, value)));
    return description.append(" → ").append(output.units()).append(", softmax at ")
        .append(everyStep ? "every step" : "the last step").append("; exported by Nabla ")
        .append(OnnxExport.nablaVersion()).append('.').toString();
  }

  /**
   * The cell over {@code x} [N, T, in]; returns the name of its hidden states, [N, T, H] for every
   * step or [N, H] for the last.
   */
  private static String addCell(GraphProto.Builder graph, List<NodeProto.Builder> nodes,
      Dense input, Dense hidden, boolean lstm, String x, boolean everyStep) {
    String cell = input.name().substring(0, input.name().lastIndexOf('.'));
    int units = hidden.in();
    int gates = hidden.units() / units;
    graph.addInitializer(cellWeights(cell + ".W", input, gates));
    graph.addInitializer(cellWeights(cell + ".R", hidden, gates));
    float[] bias = new float[2 * hidden.units()];
    float[] b = input.biases();
    for (int k = 0; k < b.length; k++) {
      OnnxExport.checkFinite(b[k], "effective bias b[" + k + "]", input);
    }
    System.arraycopy(reorderGates(b, gates), 0, bias, 0, b.length);
    graph.addInitializer(OnnxExport.floats(cell + ".B", bias, 1, bias.length));
    nodes.add(OnnxExport.node("Transpose", cell + ".time_major", x, cell + ".x")
        .addAttribute(ints("perm", 1, 0, 2)));
    NodeProto.Builder recurrent = OnnxExport.node(lstm ? "LSTM" : "RNN", cell + ".cell",
            cell + ".x", cell + ".y")
        .addInput(cell + ".W").addInput(cell + ".R").addInput(cell + ".B")
        .addOutput(cell + ".y_h")
        .addAttribute(OnnxExport.intAttribute("hidden_size", units));
    if (!lstm) {
      addActivation(recurrent, input.activation());
    }
    nodes.add(recurrent);
    if (!everyStep) {
      graph.addInitializer(longs(cell + ".first", 0));
      nodes.add(OnnxExport.node("Squeeze", cell + ".last", cell + ".y_h", cell + ".h")
          .addInput(cell + ".first"));
      return cell + ".h";
    }
    graph.addInitializer(longs(cell + ".direction", 1));
    nodes.add(OnnxExport.node("Squeeze", cell + ".steps", cell + ".y", cell + ".y3")
        .addInput(cell + ".direction"));
    nodes.add(OnnxExport.node("Transpose", cell + ".batch_major", cell + ".y3", cell + ".h")
        .addAttribute(ints("perm", 1, 0, 2)));
    return cell + ".h";
  }

  /** The RNN's activations attribute; the identity as Affine with α = 1, β = 0. */
  private static void addActivation(NodeProto.Builder recurrent, Activation activation) {
    String name = switch (activation) {
      case TANH -> "Tanh";
      case SIGMOID -> "Sigmoid";
      case RELU -> "Relu";
      case IDENTITY -> "Affine";
      default -> throw new IllegalArgumentException("a recurrent cell has no " + activation
          + " in ONNX's RNN");
    };
    recurrent.addAttribute(AttributeProto.newBuilder().setName("activations")
        .setType(AttributeProto.AttributeType.STRINGS)
        .addStrings(ByteString.copyFrom(name, StandardCharsets.UTF_8)));
    if (activation == Activation.IDENTITY) {
      recurrent.addAttribute(floatsAttribute("activation_alpha", 1f))
          .addAttribute(floatsAttribute("activation_beta", 0f));
    }
  }

  /** W (in × units) as ONNX's [1, units, in], an LSTM's gate blocks in ONNX's order. */
  private static TensorProto cellWeights(String name, Dense layer, int gates) {
    float[][] w = layer.weights();
    int in = layer.in();
    int units = layer.units();
    float[] transposed = new float[in * units];
    for (int i = 0; i < in; i++) {
      for (int u = 0; u < units; u++) {
        OnnxExport.checkFinite(w[i][u], "effective weight W[" + i + "][" + u + "]", layer);
        transposed[u * in + i] = w[i][u];
      }
    }
    return OnnxExport.floats(name, reorderGates(transposed, gates), 1, units, in);
  }

  /** {@code values} as {@code gates} blocks of equal size, in ONNX's order. */
  private static float[] reorderGates(float[] values, int gates) {
    if (gates == 1) {
      return values;
    }
    float[] reordered = new float[values.length];
    int block = values.length / gates;
    for (int k = 0; k < gates; k++) {
      System.arraycopy(values, ONNX_GATE_ORDER[k] * block, reordered, k * block, block);
    }
    return reordered;
  }

  private static TensorProto longs(String name, long... values) {
    TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
    for (long value : values) {
      tensor.addInt64Data(value);
    }
    return tensor.build();
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
        .setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  private static AttributeProto floatsAttribute(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS)
        .addFloats(value).build();
  }

  /** [N], then T when {@code steps}, then {@code width} when positive. */
  private static ValueInfoProto tensor(String name, int type, boolean steps, int width) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(OnnxExport.BATCH_DIMENSION));
    if (steps) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(STEPS_DIMENSION));
    }
    if (width > 0) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(type).setShape(shape)))
        .build();
  }
}
