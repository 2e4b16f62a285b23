package dev.nabla.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.data.Dataset;
import dev.nabla.onnx.OnnxExport;
import dev.nabla.samples.fashion.FashionStudy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime Java on exported Fashion-MNIST files, at its best practice: 1 intra-op thread,
 * sequential execution, inputs written into reused direct buffers, outputs written by ONNX Runtime
 * into reused direct buffers (pinned outputs) and read as a {@link FloatBuffer}. For each file:
 * test accuracy, single-sample latency on real test images (median of 5000 calls) and batch-256
 * throughput (median of 1000 calls), in alternating rounds. Prints {@code RESULT} lines
 * ({@code ort.<label>.…}) so that Nabla's inference object can be timed beside it in the same JVM.
 * Args: {@code [rounds=3] [data dir] label=FILE...}, e.g. {@code fp32=a.onnx int8=b.onnx}.
 */
public final class OrtFashionBench {
  private static final int INPUTS = 784;
  private static final int CLASSES = 10;
  private static final int BATCH = 256;

  private OrtFashionBench() {}

  /** One ONNX Runtime session with its reused input and output tensors. */
  static final class OrtModel implements AutoCloseable {
    private final OrtSession session;
    private final FloatBuffer oneIn = directFloats(INPUTS);
    private final FloatBuffer oneOut = directFloats(CLASSES);
    private final FloatBuffer batchIn = directFloats(BATCH * INPUTS);
    private final FloatBuffer batchOut = directFloats(BATCH * CLASSES);
    private final Map<String, OnnxTensor> oneInputs;
    private final Map<String, OnnxTensor> oneOutputs;
    private final Map<String, OnnxTensor> batchInputs;
    private final Map<String, OnnxTensor> batchOutputs;

    OrtModel(OrtEnvironment environment, Path file) throws OrtException {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = environment.createSession(file.toString(), options);
      }
      // Tensors over direct buffers share their memory: writing the buffer changes the input.
      oneInputs = Map.of(OnnxExport.INPUT, tensor(environment, oneIn, 1, INPUTS));
      oneOutputs = Map.of(OnnxExport.OUTPUT, tensor(environment, oneOut, 1, CLASSES));
      batchInputs = Map.of(OnnxExport.INPUT, tensor(environment, batchIn, BATCH, INPUTS));
      batchOutputs = Map.of(OnnxExport.OUTPUT, tensor(environment, batchOut, BATCH, CLASSES));
    }

    /** Class of test image {@code row}. */
    int predictClass(float[] images, int row) {
      oneIn.put(0, images, row * INPUTS, INPUTS);
      run(oneInputs, oneOutputs);
      return argMax(oneOut, 0);
    }

    /** Probabilities of images {@code first .. first + 256}, left in the batch output buffer. */
    FloatBuffer predictBatch(float[] images, int first) {
      batchIn.put(0, images, first * INPUTS, BATCH * INPUTS);
      run(batchInputs, batchOutputs);
      return batchOut;
    }

    private void run(Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs) {
      try {
        // With pinned outputs the result holds nothing of its own; closing it is cheap.
        session.run(inputs, outputs).close();
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() throws OrtException {
      for (Map<String, OnnxTensor> tensors : List.of(oneInputs, oneOutputs, batchInputs,
          batchOutputs)) {
        tensors.values().forEach(OnnxTensor::close);
      }
      session.close();
    }
  }

  public static void main(String[] args) throws OrtException {
    int rounds = 3;
    Path dir = Path.of("/usr/share/datasets/fashion-mnist");
    List<String> labels = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals > 0) {
        labels.add(arg.substring(0, equals));
        files.add(Path.of(arg.substring(equals + 1)));
      } else if (arg.matches("\\d+")) {
        rounds = Integer.parseInt(arg);
      } else {
        dir = Path.of(arg);
      }
    }
    if (files.isEmpty()) {
      System.err.println("usage: OrtFashionBench [rounds=3] [data dir] label=FILE...");
      System.exit(2);
    }
    Dataset test = loadTest(dir);
    float[] images = test.features();
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    SideBySide.result("ort.version", environment.getVersion());
    OrtModel[] models = new OrtModel[files.size()];
    for (int m = 0; m < models.length; m++) {
      models[m] = new OrtModel(environment, files.get(m));
      SideBySide.result("ort." + labels.get(m) + ".test_acc", accuracy(models[m], test));
    }
    for (int round = 1; round <= rounds; round++) {
      for (int m = 0; m < models.length; m++) {
        OrtModel model = models[m];
        String key = "ort." + labels.get(m) + ".round" + round;
        int[] next = {0};
        double latency = SideBySide.medianCallSeconds(
            () -> model.predictClass(images, next[0]++ % test.rows()), 5000, 500);
        SideBySide.result(key + ".batch1_latency_us_median", latency * 1e6);
        int batches = test.rows() / BATCH;
        double batch = SideBySide.medianCallSeconds(
            () -> model.predictBatch(images, (next[0]++ % batches) * BATCH), 1000, 30);
        SideBySide.result(key + ".batch256_samples_per_s", BATCH / batch);
      }
    }
    for (OrtModel model : models) {
      model.close();
    }
  }

  /** Test accuracy, every image once through the single-sample path. */
  static double accuracy(OrtModel model, Dataset test) {
    float[] images = test.features();
    int[] labels = test.labels();
    int correct = 0;
    for (int row = 0; row < test.rows(); row++) {
      if (model.predictClass(images, row) == labels[row]) {
        correct++;
      }
    }
    return correct / (double) test.rows();
  }

  private static Dataset loadTest(Path dir) {
    try {
      return FashionStudy.load(dir)[1];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int argMax(FloatBuffer values, int offset) {
    int best = 0;
    for (int k = 1; k < CLASSES; k++) {
      if (values.get(offset + k) > values.get(offset + best)) {
        best = k;
      }
    }
    return best;
  }

  private static FloatBuffer directFloats(int count) {
    return ByteBuffer.allocateDirect(Float.BYTES * count).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  private static OnnxTensor tensor(OrtEnvironment environment, FloatBuffer buffer, long rows,
      long width) throws OrtException {
    return OnnxTensor.createTensor(environment, buffer, new long[] {rows, width});
  }
}
