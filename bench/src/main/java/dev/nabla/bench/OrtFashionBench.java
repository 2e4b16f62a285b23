package dev.nabla.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.NablaInference;
import dev.nabla.Precision;
import dev.nabla.data.Dataset;
import dev.nabla.io.Weights;
import dev.nabla.kernel.Kernels;
import dev.nabla.onnx.OnnxExport;
import dev.nabla.samples.fashion.FashionMlpInference;
import dev.nabla.samples.fashion.FashionMlpModel;
import dev.nabla.samples.fashion.FashionStudy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nabla's Fashion-MNIST inference objects and ONNX Runtime Java on exported files of the same
 * weights, side by side in one JVM at 1 thread. ONNX Runtime runs at its best practice: 1 intra-op
 * thread, sequential execution, inputs written into reused direct buffers, outputs written by ONNX
 * Runtime into reused direct buffers (pinned outputs) and read as a {@link FloatBuffer}. For each
 * side: test accuracy, single-sample latency on real test images (median of 5000 calls) and
 * batch-256 throughput (median of 1000 calls), in rounds where every side takes its turn and the
 * order rotates, so that all sides see the same machine load. Prints {@code RESULT} lines per
 * round, then a markdown table of the medians and of the ratios issue 13 asks for, each the median
 * of its per-round ratios. Args: {@code [rounds=3] [data dir] [weights=FILE.safetensors]
 * label=FILE.onnx...}, e.g. {@code weights=w.safetensors fp32=a.onnx int8=b.onnx}: the weights
 * file gives one Nabla side per {@link Precision} ({@code FashionMlpInference.of}); the ratios use
 * the ONNX sides labelled {@code fp32} and {@code int8}.
 */
public final class OrtFashionBench {
  private static final int INPUTS = 784;
  private static final int CLASSES = 10;
  private static final int BATCH = 256;
  private static final int LATENCY_CALLS = 5000;
  private static final int BATCH_CALLS = 1000;

  private OrtFashionBench() {}

  /** One side of the comparison, over the test images it was built with. */
  interface Side extends AutoCloseable {
    /** Class of test image {@code row}. */
    int predictClass(int row);

    /** Probabilities of the test images in batch {@code batch} (rows 256·batch onwards). */
    void predictBatch(int batch);

    @Override
    default void close() throws OrtException {}
  }

  /**
   * A Nabla inference object. Each test image and batch is its own array, as an application
   * would hold it: predictClass reads the caller's array in place and returns the argmax of the
   * logits; predict writes softmax probabilities into a reused caller array.
   */
  static final class NablaSide implements Side {
    private final NablaInference inference;
    private final float[][] images;
    private final float[][] batches;
    private final float[] probabilities = new float[BATCH * CLASSES];

    NablaSide(NablaInference inference, float[] testImages) {
      this.inference = inference;
      images = slices(testImages, 1);
      batches = slices(testImages, BATCH);
    }

    @Override
    public int predictClass(int row) {
      return inference.predictClass(images[row]);
    }

    @Override
    public void predictBatch(int batch) {
      inference.predict(batches[batch], BATCH, probabilities);
    }

    private static float[][] slices(float[] images, int rows) {
      float[][] slices = new float[images.length / (rows * INPUTS)][];
      for (int i = 0; i < slices.length; i++) {
        slices[i] = Arrays.copyOfRange(images, i * rows * INPUTS, (i + 1) * rows * INPUTS);
      }
      return slices;
    }
  }

  /**
   * One ONNX Runtime session with its reused input and output tensors. A call copies the input
   * into the direct buffer, runs the session through JNI, and (single sample) takes the argmax of
   * the pinned softmax output.
   */
  static final class OrtSide implements Side {
    private final OrtSession session;
    private final float[] images;
    private final FloatBuffer oneIn = directFloats(INPUTS);
    private final FloatBuffer oneOut = directFloats(CLASSES);
    private final FloatBuffer batchIn = directFloats(BATCH * INPUTS);
    private final FloatBuffer batchOut = directFloats(BATCH * CLASSES);
    private final Map<String, OnnxTensor> oneInputs;
    private final Map<String, OnnxTensor> oneOutputs;
    private final Map<String, OnnxTensor> batchInputs;
    private final Map<String, OnnxTensor> batchOutputs;

    OrtSide(OrtEnvironment environment, Path file, float[] images) throws OrtException {
      this.images = images;
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

    @Override
    public int predictClass(int row) {
      oneIn.put(0, images, row * INPUTS, INPUTS);
      run(oneInputs, oneOutputs);
      return argMax(oneOut);
    }

    @Override
    public void predictBatch(int batch) {
      batchIn.put(0, images, batch * BATCH * INPUTS, BATCH * INPUTS);
      run(batchInputs, batchOutputs);
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

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    Path dir = Path.of("/usr/share/datasets/fashion-mnist");
    Path weights = null;
    Map<String, Path> onnxFiles = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (arg.startsWith("weights=")) {
        weights = Path.of(arg.substring(equals + 1));
      } else if (equals > 0) {
        onnxFiles.put(arg.substring(0, equals), Path.of(arg.substring(equals + 1)));
      } else if (arg.matches("\\d+")) {
        rounds = Integer.parseInt(arg);
      } else {
        dir = Path.of(arg);
      }
    }
    if (onnxFiles.isEmpty() && weights == null) {
      System.err.println("usage: OrtFashionBench [rounds=3] [data dir] [weights=FILE.safetensors]"
          + " label=FILE.onnx...");
      System.exit(2);
    }
    Dataset test = loadTest(dir);
    Map<String, Side> sides = new LinkedHashMap<>();
    if (weights != null) {
      Kernels.warmUp();
      SideBySide.result("nabla.kernels", Kernels.implementation());
      FashionMlpModel model = FashionStudy.newModel(0);
      Weights.load(model, weights);
      for (Precision precision : Precision.values()) {
        String label = "nabla." + precision.name().toLowerCase(Locale.ROOT);
        try {
          sides.put(label, new NablaSide(FashionMlpInference.of(model, precision),
              test.features()));
        } catch (UnsupportedOperationException e) {
          SideBySide.result(label + ".unavailable", e.getMessage());
        }
      }
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    SideBySide.result("ort.version", environment.getVersion());
    for (Map.Entry<String, Path> file : onnxFiles.entrySet()) {
      sides.put("ort." + file.getKey(), new OrtSide(environment, file.getValue(),
          test.features()));
    }
    List<String> labels = new ArrayList<>(sides.keySet());
    Map<String, Double> accuracy = new LinkedHashMap<>();
    for (String label : labels) {
      accuracy.put(label, accuracy(sides.get(label), test));
      SideBySide.result(label + ".test_acc", accuracy.get(label));
    }
    double[][] latency = new double[labels.size()][rounds];
    double[][] throughput = new double[labels.size()][rounds];
    MachineBounds machine = new MachineBounds();
    double[][] bounds = new double[rounds][];
    int batches = test.rows() / BATCH;
    for (int round = 0; round < rounds; round++) {
      bounds[round] = machine.round();
      for (int f = 0; f < MachineBounds.FIGURES.length; f++) {
        SideBySide.result("bounds." + MachineBounds.FIGURES[f] + ".round" + (round + 1),
            bounds[round][f]);
      }
      for (int turn = 0; turn < labels.size(); turn++) {
        int s = (turn + round) % labels.size();
        Side side = sides.get(labels.get(s));
        int[] next = {0};
        latency[s][round] = 1e6 * SideBySide.medianCallSeconds(
            () -> side.predictClass(next[0]++ % test.rows()), LATENCY_CALLS, 500);
        throughput[s][round] = BATCH / SideBySide.medianCallSeconds(
            () -> side.predictBatch(next[0]++ % batches), BATCH_CALLS, 30);
        String key = labels.get(s) + ".round" + (round + 1);
        SideBySide.result(key + ".batch1_latency_us_median", latency[s][round]);
        SideBySide.result(key + ".batch256_samples_per_s", throughput[s][round]);
      }
    }
    for (Side side : sides.values()) {
      side.close();
    }
    printTable(labels, accuracy, latency, throughput);
    printBounds(labels, latency, throughput, bounds, nonzeroFraction(test.features()));
  }

  /** Bytes of one weight in float32, float16, int8. */
  private static final int[] WEIGHT_BYTES = {Float.BYTES, 2, 1};

  /** Flops of one sample through 784 → 256 → 10. */
  private static final double FLOPS_PER_SAMPLE = 2.0 * (INPUTS * 256 + 256 * CLASSES);

  /**
   * This core's bounds from the same run (medians of the rounds, {@link MachineBounds}), and what
   * each side reaches of them: batch 256 against the FMA peak; a single sample against reading
   * W₁ in each precision (only the rows of nonzero inputs, which is all the batch-1 kernels read)
   * at the measured L2 bandwidth, and against its multiply-adds at the FMA peak.
   */
  private static void printBounds(List<String> labels, double[][] latency, double[][] throughput,
      double[][] bounds, double nonzero) {
    double[] median = new double[MachineBounds.FIGURES.length];
    System.out.println();
    System.out.println("| bound (median of rounds, quartiles) | value |");
    System.out.println("|---|---|");
    for (int f = 0; f < median.length; f++) {
      double[] byRound = new double[bounds.length];
      for (int r = 0; r < bounds.length; r++) {
        byRound[r] = bounds[r][f];
      }
      double[] q = MachineBounds.quartiles(byRound);
      median[f] = q[1];
      System.out.printf(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) |%n", MachineBounds.FIGURES[f],
          q[1], q[0], q[2]);
    }
    System.out.printf(Locale.ROOT, "| nonzero inputs of the test images | %.3f |%n", nonzero);
    double peak = median[0];
    System.out.println();
    System.out.println("| side | batch-256 GF/s (% of FMA peak) | batch-1 read bound µs |"
        + " batch-1 FMA bound µs | batch-1 latency µs |");
    System.out.println("|---|---|---|---|---|");
    String[] precisions = {"nabla.float32", "nabla.float16", "nabla.int8"};
    for (int s = 0; s < labels.size(); s++) {
      double gflops = 1e-9 * FLOPS_PER_SAMPLE * median(throughput[s]);
      int p = Arrays.asList(precisions).indexOf(labels.get(s));
      // W₁'s nonzero-input rows in this precision at the bandwidth of an array of that size
      String read = p < 0 ? "" : String.format(Locale.ROOT, "%.2f",
          1e6 * nonzero * INPUTS * 256 * WEIGHT_BYTES[p] / (1e9 * median[1 + p]));
      String fma = p < 0 ? "" : String.format(Locale.ROOT, "%.2f",
          1e6 * nonzero * 2.0 * INPUTS * 256 / (1e9 * peak));
      System.out.printf(Locale.ROOT, "| %s | %.1f (%.0f %%) | %s | %s | %.2f |%n", labels.get(s),
          gflops, 100 * gflops / peak, read, fma, median(latency[s]));
    }
  }

  /** Fraction of the inputs that are not zero. */
  private static double nonzeroFraction(float[] features) {
    long nonzero = 0;
    for (float value : features) {
      if (value != 0f) {
        nonzero++;
      }
    }
    return nonzero / (double) features.length;
  }

  private static void printTable(List<String> labels, Map<String, Double> accuracy,
      double[][] latency, double[][] throughput) {
    System.out.println();
    System.out.println("| side | test accuracy | batch-1 latency µs | batch-256 samples/s |");
    System.out.println("|---|---|---|---|");
    for (int s = 0; s < labels.size(); s++) {
      System.out.printf(Locale.ROOT, "| %s | %.4f | %.2f | %,.0f |%n", labels.get(s),
          accuracy.get(labels.get(s)), median(latency[s]), median(throughput[s]));
    }
    System.out.println();
    System.out.println("| ratio (median of per-round ratios, quartiles) | value | target |"
        + " per round |");
    System.out.println("|---|---|---|---|");
    ratio(labels, latency, "batch-1 latency", "nabla.float32", "ort.fp32", "≤ 0.25");
    ratio(labels, latency, "batch-1 latency", "nabla.int8", "ort.int8", "≤ 0.25");
    ratio(labels, throughput, "batch-256 throughput", "nabla.float32", "ort.fp32", "≥ 1.0");
    ratio(labels, throughput, "batch-256 throughput", "nabla.float16", "ort.fp32", "≥ 1.0");
    ratio(labels, throughput, "batch-256 throughput", "nabla.int8", "ort.fp32", "≥ 1.0");
    ratio(labels, throughput, "batch-256 throughput", "nabla.int8", "ort.int8", "report");
  }

  /** One table row: {@code numerator / denominator} per round and their median. */
  private static void ratio(List<String> labels, double[][] figures, String what,
      String numerator, String denominator, String target) {
    String name = what + " " + numerator + " / " + denominator;
    int n = labels.indexOf(numerator);
    int d = labels.indexOf(denominator);
    if (n < 0 || d < 0) {
      System.out.printf("| %s | n/a (side missing) | %s | |%n", name, target);
      return;
    }
    double[] ratios = new double[figures[n].length];
    StringBuilder perRound = new StringBuilder();
    for (int round = 0; round < ratios.length; round++) {
      ratios[round] = figures[n][round] / figures[d][round];
      perRound.append(round == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f",
          ratios[round]));
    }
    double[] q = MachineBounds.quartiles(ratios);
    System.out.printf(Locale.ROOT, "| %s | %.3f (%.3f–%.3f) | %s | %s |%n", name, q[1], q[0],
        q[2], target, perRound);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Test accuracy, every image once through the single-sample path. */
  static double accuracy(Side side, Dataset test) {
    int[] labels = test.labels();
    int correct = 0;
    for (int row = 0; row < test.rows(); row++) {
      if (side.predictClass(row) == labels[row]) {
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

  private static int argMax(FloatBuffer values) {
    int best = 0;
    for (int k = 1; k < CLASSES; k++) {
      if (values.get(k) > values.get(best)) {
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
