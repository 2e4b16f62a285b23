package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.Activation;
import dev.nabla.Dense;
import dev.nabla.Loss;
import dev.nabla.NablaModel;
import dev.nabla.Sequence;
import dev.nabla.SequenceModel;
import dev.nabla.init.Init;
import dev.nabla.onnx.proto.OnnxProto.GraphProto;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.nabla.onnx.proto.OnnxProto.TensorProto;
import dev.nabla.onnx.proto.OnnxProto.TensorShapeProto;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs exported models in ONNX Runtime and compares them with Nabla's {@code predict}: every
 * activation, loss head, constraint and the quantizer, on one row and on several.
 */
class OnnxExportTest {
  private static final int MAX_BATCH = 16;
  private static final float TOLERANCE = 1e-5f;

  /** A test model with non-trivial weights and biases. */
  record Net(String name, IntFunction<NablaModel> constructor) {
    NablaModel build(long seed) {
      NablaModel model = constructor.apply(MAX_BATCH);
      SplittableRandom random = new SplittableRandom(seed);
      for (Dense layer : model.layers()) {
        // Wide enough that constrained maps and rounding give many distinct values.
        layer.initialize(Init.normal(1.0), Init.normal(0.5), random);
      }
      return model;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Net> nets() {
    return Stream.of(
        new Net("every activation, MSE", TestNets_ActivationsModel::new),
        new Net("GELU, LeakyReLU 0.3, softplus, softmax output", TestNets_LaterActivationsModel::new),
        new Net("LeakyReLU at its default slope", TestNets_DefaultLeakyModel::new),
        new Net("softmax-CE on logits", TestNets_SoftmaxLogitsModel::new),
        new Net("softmax-CE after tanh", TestNets_SoftmaxAfterTanhModel::new),
        new Net("BCE, hidden layer without bias", TestNets_BinaryModel::new),
        new Net("every constraint", TestNets_ConstraintsModel::new),
        new Net("quantized, alone and constrained", TestNets_QuantizersModel::new),
        new Net("dropout, the identity at inference", TestNets_DroppedModel::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nets")
  void onnxRuntimeGivesWhatPredictGives(Net net) throws OrtException {
    NablaModel model = net.build(42);
    byte[] onnx = OnnxExport.toBytes(model);
    SplittableRandom random = new SplittableRandom(7);
    try (OrtSession session = session(onnx)) {
      for (int rows : new int[] {1, 7, MAX_BATCH}) {
        float[] x = new float[rows * model.inputs()];
        for (int k = 0; k < x.length; k++) {
          x[k] = (float) random.nextDouble(-2, 2);
        }
        float[] expected = Arrays.copyOf(model.predict(x, rows), rows * model.outputs());
        float[][] actual = run(session, x, rows, model.inputs());
        assertEquals(rows, actual.length, "rows");
        for (int r = 0; r < rows; r++) {
          float[] expectedRow = Arrays.copyOfRange(expected, r * model.outputs(),
              (r + 1) * model.outputs());
          assertArrayEquals(expectedRow, actual[r], TOLERANCE,
              net + ": row " + r + " of " + rows);
        }
      }
    }
  }

  @Test
  void constrainedAndQuantizedLayersExportTheirEffectiveWeights() throws OrtException {
    // Guards the comparison above: were W′ exported, these layers would give other outputs.
    for (Net net : List.of(new Net("constraints", TestNets_ConstraintsModel::new),
        new Net("quantizers", TestNets_QuantizersModel::new))) {
      NablaModel model = net.build(42);
      for (Dense layer : model.layers()) {
        assertNotEquals(layer.freeWeight(0, 1), layer.weight(0, 1), net + " " + layer.name());
        float[] exported = initializer(OnnxExport.toModel(model).getGraph(),
            layer.name() + ".weight");
        assertEquals(layer.weight(0, 1), exported[1], net + " " + layer.name());
      }
    }
  }

  @Test
  void graphHasOpset17ASymbolicBatchAndMatMulPerLayer() {
    NablaModel model = new Net("bce", TestNets_BinaryModel::new).build(3);
    ModelProto proto = OnnxExport.toModel(model);
    assertEquals(17, proto.getOpsetImport(0).getVersion());
    assertEquals("", proto.getOpsetImport(0).getDomain());
    assertEquals(8, proto.getIrVersion());
    GraphProto graph = proto.getGraph();
    assertEquals("x", graph.getInput(0).getName());
    assertEquals("y", graph.getOutput(0).getName());
    for (var value : List.of(graph.getInput(0), graph.getOutput(0))) {
      List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape()
          .getDimList();
      assertEquals("N", dims.get(0).getDimParam(), value.getName());
      assertEquals(TensorProto.DataType.FLOAT_VALUE, value.getType().getTensorType()
          .getElemType());
    }
    assertEquals(3, graph.getInput(0).getType().getTensorType().getShape().getDim(1)
        .getDimValue());
    assertEquals(2, graph.getOutput(0).getType().getTensorType().getShape().getDim(1)
        .getDimValue());
    // The hidden layer has no bias: no Add and no bias initializer.
    assertEquals(List.of("MatMul", "Tanh", "MatMul", "Add", "Sigmoid"),
        graph.getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toList()));
    assertEquals(List.of("hidden.weight", "output.weight", "output.bias"),
        graph.getInitializerList().stream().map(TensorProto::getName)
            .collect(Collectors.toList()));
    assertEquals(List.of("x", "hidden.weight"), graph.getNode(0).getInputList());
    assertEquals(List.of(3L, 6L), graph.getInitializer(0).getDimsList());
    assertEquals(List.of(2L), graph.getInitializer(2).getDimsList());
    float[] w = initializer(graph, "hidden.weight");
    Dense hidden = model.layers().get(0);
    assertEquals(hidden.weight(2, 5), w[2 * 6 + 5], "W[2][5] is stored at [2, 5]");
  }

  @Test
  void softmaxHeadIsTheLastNodeOnTheLastAxis() {
    GraphProto graph = OnnxExport.toModel(
        new Net("softmax", TestNets_SoftmaxLogitsModel::new).build(1)).getGraph();
    NodeProto last = graph.getNode(graph.getNodeCount() - 1);
    assertEquals("Softmax", last.getOpType());
    assertEquals(-1, last.getAttribute(0).getI());
    assertEquals("axis", last.getAttribute(0).getName());
    assertEquals(List.of("y"), last.getOutputList());
  }

  @Test
  void metadataNamesTheModelClassAndNablaVersion() {
    NablaModel model = new Net("mse", TestNets_ActivationsModel::new).build(1);
    ModelProto proto = OnnxExport.toModel(model);
    String version = OnnxExport.nablaVersion();
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    assertEquals("nabla", proto.getProducerName());
    assertEquals(version, proto.getProducerVersion());
    Map<String, String> metadata = proto.getMetadataPropsList().stream()
        .collect(Collectors.toMap(StringStringEntryProto::getKey,
            StringStringEntryProto::getValue));
    assertEquals(Map.of("nabla.model", TestNets_ActivationsModel.class.getName(),
        "nabla.version", version, "nabla.loss", "MEAN_SQUARED_ERROR"), metadata);
    assertEquals("TestNets_ActivationsModel: 5 → 7 sigmoid → 6 tanh → 4 relu → 3 identity, "
        + "MEAN_SQUARED_ERROR; y = output activations. Exported by Nabla " + version + ".",
        proto.getDocString());
  }

  @Test
  void writeReplacesTheFileAtomically(@TempDir Path dir) throws IOException, OrtException {
    NablaModel model = new Net("softmax", TestNets_SoftmaxLogitsModel::new).build(5);
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "an older file");
    OnnxExport.write(model, file);
    assertArrayEquals(OnnxExport.toBytes(model), Files.readAllBytes(file));
    assertEquals(List.of(file), listing(dir), "no temporary file left");
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString())) {
      assertEquals(Map.of("nabla.model", TestNets_SoftmaxLogitsModel.class.getName(),
          "nabla.version", OnnxExport.nablaVersion(), "nabla.loss", "SOFTMAX_CROSS_ENTROPY"),
          session.getMetadata().getCustomMetadata());
    }
  }

  @Test
  void nonFiniteWeightIsRefusedAndTheOldFileKept(@TempDir Path dir) throws IOException {
    NablaModel model = new Net("bce", TestNets_BinaryModel::new).build(5);
    Dense output = model.layers().get(1);
    model.parameters()[output.weightOffset() + 2 * output.units() + 1] = Float.NaN;
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "an older file");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.write(model, file));
    assertEquals("effective weight W[2][1] of layer 'output' is not finite: NaN",
        error.getMessage());
    assertEquals("an older file", Files.readString(file));
    assertEquals(List.of(file), listing(dir), "no temporary file left");

    model.parameters()[output.weightOffset() + 2 * output.units() + 1] = 0;
    model.parameters()[output.biasOffset() + 1] = Float.POSITIVE_INFINITY;
    error = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model));
    assertEquals("effective bias b[1] of layer 'output' is not finite: Infinity",
        error.getMessage());
  }

  @Test
  void failedMoveLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    NablaModel model = new Net("bce", TestNets_BinaryModel::new).build(5);
    Path occupied = Files.createDirectory(dir.resolve("model.onnx"));
    Files.writeString(occupied.resolve("inside"), "keeps the directory non-empty");
    assertThrows(IOException.class, () -> OnnxExport.write(model, occupied));
    assertEquals(List.of(occupied), listing(dir), "no temporary file left");
    assertEquals(List.of(occupied.resolve("inside")), listing(occupied));
  }

  static Stream<Arguments> sequenceNets() {
    return Stream.of(
        Arguments.of("embedding → output, every step", (IntFunction<SequenceModel>) TestNets_TokensModel::new),
        Arguments.of("sigmoid embedding → output, last step", (IntFunction<SequenceModel>) TestNets_LastTokenModel::new),
        Arguments.of("tanh RNN, every step", (IntFunction<SequenceModel>) TestNets_TanhRnnModel::new),
        Arguments.of("tanh embedding, sigmoid RNN, last step", (IntFunction<SequenceModel>) TestNets_SigmoidRnnModel::new),
        Arguments.of("ReLU RNN, every step", (IntFunction<SequenceModel>) TestNets_ReluRnnModel::new),
        Arguments.of("identity RNN, last step", (IntFunction<SequenceModel>) TestNets_LinearRnnModel::new),
        Arguments.of("LSTM, every step", (IntFunction<SequenceModel>) TestNets_LstmModel::new),
        Arguments.of("tanh embedding, LSTM, last step", (IntFunction<SequenceModel>) TestNets_LastStepLstmModel::new));
  }

  /** Sequence models: tokens [N, T] in, predict's probabilities out, for 1 and 7 sequences. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sequenceNets")
  void onnxRuntimeGivesWhatASequenceModelPredicts(String name,
      IntFunction<SequenceModel> constructor) throws OrtException {
    SequenceModel model = constructor.apply(MAX_BATCH);
    SplittableRandom random = new SplittableRandom(11);
    for (Dense layer : model.layers()) {
      layer.initialize(Init.normal(0.8), Init.normal(0.5), random);
    }
    int perRow = model.targets() == Sequence.Targets.EVERY_STEP
        ? model.steps() * model.outputs() : model.outputs();
    try (OrtSession session = session(OnnxExport.toBytes(model))) {
      for (int rows : new int[] {1, 7}) {
        int[] tokens = new int[rows * model.steps()];
        long[] wide = new long[tokens.length];
        for (int k = 0; k < tokens.length; k++) {
          tokens[k] = random.nextInt(model.vocabulary());
          wide[k] = tokens[k];
        }
        float[] expected = Arrays.copyOf(model.predict(tokens, rows), rows * perRow);
        float[] actual = runTokens(session, wide, rows, model.steps());
        assertArrayEquals(expected, actual, TOLERANCE, name + ", " + rows + " rows");
      }
    }
  }

  @Test
  void layersThatDoNotChainAreRefused() {
    // A hand-written NablaModel, not a generated one: its one layer takes 4 inputs, not 3.
    Dense layer = (Dense) Proxy.newProxyInstance(Dense.class.getClassLoader(),
        new Class<?>[] {Dense.class}, (proxy, method, args) -> switch (method.getName()) {
          case "name" -> "only";
          case "in" -> 4;
          case "units" -> 2;
          case "activation" -> Activation.IDENTITY;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    NablaModel model = (NablaModel) Proxy.newProxyInstance(NablaModel.class.getClassLoader(),
        new Class<?>[] {NablaModel.class}, (proxy, method, args) -> switch (method.getName()) {
          case "inputs" -> 3;
          case "outputs" -> 2;
          case "layers" -> List.of(layer);
          case "loss" -> Loss.MEAN_SQUARED_ERROR;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.toBytes(model));
    assertEquals("layer 'only' takes 4 inputs but receives 3", error.getMessage());
  }

  private static OrtSession session(byte[] onnx) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      return OrtEnvironment.getEnvironment().createSession(onnx, options);
    }
  }

  private static float[][] run(OrtSession session, float[] x, int rows, int inputs)
      throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(x),
            new long[] {rows, inputs});
        OrtSession.Result result = session.run(Map.of("x", input))) {
      return (float[][]) result.get("y").orElseThrow().getValue();
    }
  }

  /** The output of {@code session} for token rows, flattened row-major. */
  private static float[] runTokens(OrtSession session, long[] tokens, int rows, int steps)
      throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OnnxTensor input = OnnxTensor.createTensor(environment, LongBuffer.wrap(tokens),
            new long[] {rows, steps});
        OrtSession.Result result = session.run(Map.of(SequenceGraph.TOKENS, input))) {
      FloatBuffer values = ((OnnxTensor) result.get(OnnxExport.OUTPUT).orElseThrow())
          .getFloatBuffer();
      float[] out = new float[values.remaining()];
      values.get(out);
      return out;
    }
  }

  private static float[] initializer(GraphProto graph, String name) {
    TensorProto tensor = graph.getInitializerList().stream()
        .filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    FloatBuffer values = tensor.getRawData().asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[values.remaining()];
    values.get(out);
    return out;
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.collect(Collectors.toList());
    }
  }
}
