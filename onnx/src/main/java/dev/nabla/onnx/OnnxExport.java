package dev.nabla.onnx;

import com.google.protobuf.ByteString;
import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.SequenceModel;
import dev.nabla.onnx.proto.OnnxProto.AttributeProto;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.nabla.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import dev.nabla.onnx.proto.OnnxProto.TypeProto;
import dev.nabla.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Writes a Nabla model as a standard ONNX file (opset {@value #OPSET}), so that the trained model
 * runs in ONNX Runtime and every other tool that reads ONNX.
 *
 * <p>The graph takes {@value #INPUT}, float {@code [N, inputs]} with a symbolic batch dimension
 * {@value #BATCH_DIMENSION}, and gives {@value #OUTPUT}, float {@code [N, outputs]}: what
 * {@link NablaModel#predict} returns (softmax probabilities for softmax cross-entropy, the output
 * layer's activations otherwise). Each layer is {@code MatMul} with its weight {@code [in, units]},
 * {@code Add} of its bias (none without a bias), then {@code Relu}, {@code Sigmoid},
 * {@code Tanh}, {@code LeakyRelu(alpha = slope)}, {@code Softplus} or {@code Softmax(axis = -1)}
 * unless the activation is the identity, and GELU as z·(1 + Erf(z/√2))·0.5 ({@code Gelu} needs
 * opset 20); softmax cross-entropy adds {@code Softmax(axis = -1)}. MatMul rather than Gemm because ONNX Runtime's
 * {@code quantize_dynamic} turns MatMul into int8 but leaves Gemm in float32; its graph optimizer
 * fuses MatMul and Add into one Gemm for float32 anyway. Initializers {@code <layer>.weight} and
 * {@code <layer>.bias} (none without a bias) hold the effective weights: W = map(W′) for
 * constrained and quantized layers, as {@link Dense#weights()} gives them.
 *
 * <p>A {@link SequenceModel} takes int64 token indices and runs its cell as ONNX's {@code RNN}
 * or {@code LSTM}: see {@code SequenceGraph}.
 *
 * <p>The model class and the Nabla version are recorded as the producer and in
 * {@code metadata_props} ({@code nabla.model}, {@code nabla.version}, {@code nabla.loss}).
 */
public final class OnnxExport {
  /** The operator set the graph is written for. */
  public static final int OPSET = 17;
  /** IR version 8, the one that came with opset 17, so that older readers take the file too. */
  public static final long IR_VERSION = 8;
  public static final String INPUT = "x";
  public static final String OUTPUT = "y";
  public static final String BATCH_DIMENSION = "N";
  public static final String PRODUCER = "nabla";

  private OnnxExport() {}

  /**
   * The ONNX model of {@code model}'s current effective weights, serialized.
   *
   * @throws IllegalArgumentException if the model has no layers, its layer widths do not chain
   *     from {@code inputs()} to {@code outputs()}, two layers share a name, or an effective
   *     weight or bias is not finite (the message names the layer and the index)
   */
  public static byte[] toBytes(NablaModel model) {
    return toModel(model).toByteArray();
  }

  /**
   * Writes {@link #toBytes} to {@code file} atomically: into a temporary file in the same
   * directory, forced to disk, then moved over {@code file}. On any error {@code file} is as it
   * was and no temporary file is left behind.
   */
  public static void write(NablaModel model, Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] bytes = toBytes(model);
    Path target = file.toAbsolutePath();
    Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The ONNX model of {@code model}; see {@link #toBytes} for what is checked. */
  static ModelProto toModel(NablaModel model) {
    Objects.requireNonNull(model, "model");
    GraphProto.Builder graph = GraphProto.newBuilder().setName(model.getClass().getSimpleName());
    List<NodeProto.Builder> nodes = new ArrayList<>();
    String description;
    if (model instanceof SequenceModel sequences) {
      description = SequenceGraph.add(sequences, graph, nodes);
    } else {
      List<Dense> layers = model.layers();
      checkShapes(model, layers);
      graph.addInput(floatMatrix(INPUT, model.inputs()))
          .addOutput(floatMatrix(OUTPUT, model.outputs()));
      String value = INPUT;
      for (Dense layer : layers) {
        value = addLayer(graph, nodes, layer, value);
      }
      if (model.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
        nodes.add(softmax(value));
      }
      description = describe(model);
    }
    // The last node writes the graph output.
    nodes.get(nodes.size() - 1).setOutput(0, OUTPUT);
    nodes.forEach(graph::addNode);

    String version = nablaVersion();
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName(PRODUCER)
        .setProducerVersion(version)
        .setDocString(description)
        .setGraph(graph)
        .addMetadataProps(entry("nabla.model", model.getClass().getName()))
        .addMetadataProps(entry("nabla.version", version))
        .addMetadataProps(entry("nabla.loss", model.loss().name()))
        .build();
  }

  /** The softmax over the last axis of {@code value}: what softmax cross-entropy predicts. */
  static NodeProto.Builder softmax(String value) {
    return node("Softmax", "softmax", value, "probabilities")
        .addAttribute(intAttribute("axis", -1));
  }

  /**
   * Adds one layer's initializers and nodes after {@code input} (rows on its last axis, any
   * leading axes); returns its output's name.
   */
  static String addLayer(GraphProto.Builder graph, List<NodeProto.Builder> nodes,
      Dense layer, String input) {
    String name = layer.name();
    graph.addInitializer(weights(layer));
    String z = name + ".z";
    nodes.add(node("MatMul", name + ".matmul", input, layer.hasBias() ? name + ".xw" : z)
        .addInput(name + ".weight"));
    if (layer.hasBias()) {
      graph.addInitializer(biases(layer));
      nodes.add(node("Add", name + ".add", name + ".xw", z).addInput(name + ".bias"));
    }
    return addActivation(graph, nodes, layer, z);
  }

  /** The layer's activation of {@code z}; returns its output's name, z itself for the identity. */
  static String addActivation(GraphProto.Builder graph, List<NodeProto.Builder> nodes,
      Dense layer, String z) {
    String name = layer.name();
    String operator = switch (layer.activation()) {
      case IDENTITY -> null;
      case SIGMOID -> "Sigmoid";
      case TANH -> "Tanh";
      case RELU -> "Relu";
      case LEAKY_RELU -> "LeakyRelu";
      case GELU -> "Erf"; // opset 17 has no Gelu (opset 20 does): z·(1 + erf(z/√2))/2
      case SOFTPLUS -> "Softplus";
      case SOFTMAX -> "Softmax";
    };
    if (operator == null) {
      return z;
    }
    String a = name + ".a";
    String nodeName = name + "." + operator.toLowerCase(Locale.ROOT);
    switch (layer.activation()) {
      case LEAKY_RELU -> nodes.add(node(operator, nodeName, z, a)
          .addAttribute(floatAttribute("alpha", (float) layer.slope())));
      case SOFTMAX -> nodes.add(node(operator, nodeName, z, a)
          .addAttribute(intAttribute("axis", -1)));
      case GELU -> {
        graph.addInitializer(floats(name + ".sqrt2", new float[] {(float) Math.sqrt(2)}));
        graph.addInitializer(floats(name + ".one", new float[] {1f}));
        graph.addInitializer(floats(name + ".half", new float[] {0.5f}));
        nodes.add(node("Div", name + ".div", z, name + ".scaled").addInput(name + ".sqrt2"));
        nodes.add(node(operator, nodeName, name + ".scaled", name + ".erf"));
        nodes.add(node("Add", name + ".add1", name + ".erf", name + ".cdf2")
            .addInput(name + ".one"));
        nodes.add(node("Mul", name + ".mulz", name + ".cdf2", name + ".zcdf2").addInput(z));
        nodes.add(node("Mul", name + ".mulhalf", name + ".zcdf2", a).addInput(name + ".half"));
      }
      default -> nodes.add(node(operator, nodeName, z, a));
    }
    return a;
  }

  private static void checkShapes(NablaModel model, List<Dense> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("model " + model.getClass().getName() + " has no layers");
    }
    Set<String> names = new HashSet<>();
    int width = model.inputs();
    for (Dense layer : layers) {
      if (!names.add(layer.name())) {
        throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
      }
      if (layer.in() != width) {
        throw new IllegalArgumentException("layer '" + layer.name() + "' takes " + layer.in()
            + " inputs but receives " + width);
      }
      width = layer.units();
    }
    if (width != model.outputs()) {
      throw new IllegalArgumentException("the last layer gives " + width
          + " outputs but the model declares " + model.outputs());
    }
  }

  /** W as an {@code [in, units]} tensor, row-major as {@link Dense#weights()} gives it. */
  static TensorProto weights(Dense layer) {
    float[][] w = layer.weights();
    float[] values = new float[layer.in() * layer.units()];
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < w[i].length; j++) {
        checkFinite(w[i][j], "effective weight W[" + i + "][" + j + "]", layer);
      }
      System.arraycopy(w[i], 0, values, i * layer.units(), layer.units());
    }
    return floats(layer.name() + ".weight", values, layer.in(), layer.units());
  }

  static TensorProto biases(Dense layer) {
    float[] b = layer.biases();
    for (int j = 0; j < b.length; j++) {
      checkFinite(b[j], "effective bias b[" + j + "]", layer);
    }
    return floats(layer.name() + ".bias", b, layer.units());
  }

  /** ONNX would carry a NaN or ∞ weight into every prediction: refuse it before writing. */
  static void checkFinite(float value, String what, Dense layer) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(what + " of layer '" + layer.name()
          + "' is not finite: " + value);
    }
  }

  static TensorProto floats(String name, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      bytes.putFloat(value);
    }
    TensorProto.Builder tensor = TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor.build();
  }

  /** A float {@code [N, width]} graph input or output. */
  private static ValueInfoProto floatMatrix(String name, int width) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIMENSION))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    TypeProto type = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape))
        .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  static NodeProto.Builder node(String operator, String name, String input,
      String output) {
    return NodeProto.newBuilder().setOpType(operator).setName(name).addInput(input)
        .addOutput(output);
  }

  static AttributeProto floatAttribute(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
        .setF(value).build();
  }

  static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
        .setI(value).build();
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  /** E.g. "FashionMlpModel: 784 → 256 relu → 10 identity, SOFTMAX_CROSS_ENTROPY; y = ...". */
  private static String describe(NablaModel model) {
    StringBuilder text = new StringBuilder(model.getClass().getSimpleName()).append(": ")
        .append(model.inputs());
    for (Dense layer : model.layers()) {
      text.append(" → ").append(layer.units()).append(' ')
          .append(layer.activation().name().toLowerCase(Locale.ROOT));
    }
    text.append(", ").append(model.loss()).append("; ").append(OUTPUT).append(" = ")
        .append(model.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? "softmax probabilities"
            : "output activations")
        .append(". Exported by Nabla ").append(nablaVersion()).append('.');
    return text.toString();
  }

  /** The version this module was built as, from its filtered version.properties. */
  static String nablaVersion() {
    return Version.VALUE;
  }

  private static final class Version {
    static final String VALUE = load();

    private static String load() {
      try (InputStream in = OnnxExport.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IllegalStateException("dev/nabla/onnx/version.properties is missing");
        }
        Properties properties = new Properties();
        properties.load(in);
        return Objects.requireNonNull(properties.getProperty("version"),
            "version.properties has no version");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
