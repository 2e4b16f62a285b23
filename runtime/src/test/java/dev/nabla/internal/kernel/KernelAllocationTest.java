package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, no kernel call allocates: measured with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)} on the calling thread and,
 * for the 2-thread products, on the worker thread. Strict on every JDK: JDK 17's C2 boxed GEMM
 * accumulators for good only in launches that skipped the kernels' warm-up, which this test runs
 * first, as the README asks of applications.
 */
class KernelAllocationTest {
  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static float[] filled(int size, float scale) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = ((i * 7919) % 201 - 100) * scale;
    }
    return x;
  }

  /** One named kernel call with its warm-up and measurement repetitions. */
  private record Call(String name, int reps, Runnable body) {}

  private static List<Call> calls(KernelSupport k, int lanes) {
    int n10 = 10;
    float[] x = filled(256 * 784, 0.01f);
    float[] w1 = filled(784 * 256, 0.01f);
    float[] b1 = filled(256, 0.1f);
    float[] h = filled(256 * 256, 0.01f);
    float[] w2 = filled(256 * n10, 0.01f);
    float[] y = filled(256 * n10, 0.1f);
    float[] out = new float[784 * 256];
    float[] q1 = filled(683 * 9, 0.1f);
    float[] q2 = filled(9 * 5, 0.1f);
    float[] qo = new float[683 * 5];
    float[] back = new float[683 * 9];
    float[] z = filled(4099, 0.05f);
    float[] a = new float[4099];
    float[] d = filled(4099, 0.01f);
    float[] g = filled(4099, 0.001f);
    float[] p = filled(4099, 0.1f);
    float[] mm = new float[4099];
    float[] vv = new float[4099];
    float[] targets = new float[256 * n10];
    for (int i = 0; i < 256; i++) {
      targets[i * n10 + i % n10] = 1f;
    }
    float[] probs = new float[256 * n10];
    List<Call> list = new ArrayList<>();
    list.add(new Call("fwd1 NN 256×784·784×256 + bias", 8,
        () -> k.matmul(x, 0, w1, 0, b1, 0, out, 0, 256, 784, 256)));
    PackedWeights packed = new PackedWeights(784, 256, k.weightPanels(784, 256));
    list.add(new Call("fwd1 NN with W packed once, + bias", 8,
        () -> k.matmul(x, 0, w1, 0, packed, b1, 0, out, 0, 256, 784, 256)));
    list.add(new Call("fwd1 NN, W changed: packed into scratch, then into the kept panels",
        8, () -> {
          packed.invalidate();
          k.matmul(x, 0, w1, 0, packed, b1, 0, out, 0, 256, 784, 256);
          k.matmul(x, 0, w1, 0, packed, b1, 0, out, 0, 256, 784, 256);
        }));
    list.add(new Call("dW1 TN", 8,
        () -> k.matmulTransposeA(x, 0, h, 0, out, 0, 256, 784, 256)));
    list.add(new Call("dX NT", 8,
        () -> k.matmulTransposeB(h, 0, w1, 0, out, 0, 256, 256, 784)));
    list.add(new Call("fwd2 NN 256×256·256×10", 200,
        () -> k.matmul(h, 0, w2, 0, b1, 0, out, 0, 256, 256, n10)));
    list.add(new Call("dW2 TN", 200,
        () -> k.matmulTransposeA(h, 0, y, 0, out, 0, 256, 256, n10)));
    list.add(new Call("dH NT", 200,
        () -> k.matmulTransposeB(y, 0, w2, 0, out, 0, 256, n10, 256)));
    list.add(new Call("batch-1 NN", 500,
        () -> k.matmul(x, 0, w1, 0, b1, 0, out, 0, 1, 784, 256)));
    list.add(new Call("batch-1 NN n=10", 500,
        () -> k.matmul(h, 0, w2, 0, b1, 0, out, 0, 1, 256, n10)));
    list.add(new Call("batch-3 NN", 500,
        () -> k.matmul(x, 0, w1, 0, b1, 0, out, 0, 3, 784, 256)));
    list.add(new Call("batch-1 NT", 500,
        () -> k.matmulTransposeB(x, 0, w1, 0, out, 0, 1, 784, 256)));
    list.add(new Call("narrow NN n=L+3", 500,
        () -> k.matmul(h, 0, w1, 0, null, 0, out, 0, 64, 256, lanes + 3)));
    list.add(new Call("narrow TN n=L+3", 500,
        () -> k.matmulTransposeA(h, 0, y, 0, out, 0, 64, 64, lanes + 3)));
    list.add(new Call("tiny NN 683×9·9×5", 500,
        () -> k.matmul(q1, 0, q2, 0, b1, 0, qo, 0, 683, 9, 5)));
    list.add(new Call("tiny TN", 500,
        () -> k.matmulTransposeA(q1, 0, q1, 0, qo, 0, 683, 5, 2)));
    list.add(new Call("tiny NT", 500,
        () -> k.matmulTransposeB(q1, 0, q2, 0, qo, 0, 683, 3, 5)));
    for (ReducedWeights r : new ReducedWeights[] {
        Int8Weights.quantize(k, w1, 0, b1, 0, 784, 256, 0f),
        Float16Weights.round(k, w1, 0, b1, 0, 784, 256)}) {
      String name = r instanceof Int8Weights ? "int8 " : "float16 ";
      list.add(new Call(name + "batch-1 784→256", 500, () -> r.multiply(x, 0, 1, out, 0)));
      list.add(new Call(name + "batch-256 784→256", 8, () -> r.multiply(x, 0, 256, out, 0)));
    }
    for (ReducedWeights r : new ReducedWeights[] {
        Int8Weights.quantize(k, w2, 0, b1, 0, 256, n10, 0f),
        Float16Weights.round(k, w2, 0, b1, 0, 256, n10)}) {
      String name = r instanceof Int8Weights ? "int8 " : "float16 ";
      list.add(new Call(name + "batch-1 256→10", 500, () -> r.multiply(h, 0, 1, out, 0)));
      list.add(new Call(name + "batch-256 256→10", 200, () -> r.multiply(h, 0, 256, out, 0)));
    }
    list.add(new Call("columnSums", 500, () -> k.columnSums(h, 0, a, 0, 16, 256)));
    list.add(new Call("featureMajorProduct Wᵀ + bias", 500,
        () -> k.featureMajorProduct(q2, 0, 1, 5, b1, 0, q1, 0, qo, 0, 5, 9, 683)));
    list.add(new Call("featureMajorProduct W", 500,
        () -> k.featureMajorProduct(q2, 0, 5, 1, null, 0, qo, 0, q1, 0, 9, 5, 683)));
    list.add(new Call("featureMajorWeightGradient", 500,
        () -> k.featureMajorWeightGradient(q1, 0, qo, 0, a, 0, 9, 5, 683)));
    list.add(new Call("rowSums", 500, () -> k.rowSums(qo, 0, a, 0, 5, 683)));
    list.add(new Call("transpose to features", 500,
        () -> k.transpose(q1, 0, 683, 9, out, 0)));
    list.add(new Call("transpose to rows", 500, () -> k.transpose(out, 0, 9, 683, back, 0)));
    list.add(new Call("sigmoid", 500, () -> k.sigmoid(z, a, 4099)));
    list.add(new Call("tanh", 500, () -> k.tanh(z, a, 4099)));
    list.add(new Call("relu", 500, () -> k.relu(z, a, 4099)));
    list.add(new Call("sigmoidBackward", 500, () -> k.sigmoidBackward(a, d, 4099)));
    list.add(new Call("tanhBackward", 500, () -> k.tanhBackward(a, d, 4099)));
    list.add(new Call("reluBackward", 500, () -> k.reluBackward(z, d, 4099)));
    list.add(new Call("softmax", 500, () -> k.softmax(y, probs, 256, n10)));
    list.add(new Call("softmaxCrossEntropy", 500,
        () -> k.softmaxCrossEntropy(y, targets, probs, 256, n10)));
    list.add(new Call("softmaxCrossEntropy no delta", 500,
        () -> k.softmaxCrossEntropy(y, targets, null, 256, n10)));
    list.add(new Call("sigmoidBinaryCrossEntropy", 500,
        () -> k.sigmoidBinaryCrossEntropy(y, y, targets, probs, 256, n10)));
    list.add(new Call("meanSquaredError", 500,
        () -> k.meanSquaredError(y, targets, probs, 256, n10)));
    list.add(new Call("sgd", 500, () -> k.sgd(p, g, 3, 4096, 1e-3f, 1e-4f)));
    list.add(new Call("adam", 500,
        () -> k.adam(p, g, mm, vv, 3, 4096, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f, 1e-4f)));
    return list;
  }

  private static long allocated(Thread t) {
    return t == null ? 0 : MX.getThreadAllocatedBytes(t.getId());
  }

  private static void check(PanamaKernels k) {
    assertTrue(MX.isThreadAllocatedMemorySupported() && MX.isThreadAllocatedMemoryEnabled(),
        "per-thread allocation counters are not available");
    k.warmUp(2_000);
    List<Call> calls = calls(k, VectorLanes.L);
    // Warm-up: enough calls of every shape for C2 to compile each path (tails included).
    for (int round = 0; round < 5; round++) {
      for (Call c : calls) {
        for (int i = 0; i < c.reps(); i++) {
          c.body().run();
        }
      }
    }
    Thread self = Thread.currentThread();
    long probe = allocated(self);
    long probeCost = allocated(self) - probe;
    Map<String, Long> bytesPerCall = new LinkedHashMap<>();
    for (Call c : calls) {
      int reps = Math.max(5, c.reps() / 10);
      Thread worker = k.workerThread();
      long w0 = allocated(worker);
      long t0 = allocated(self);
      for (int i = 0; i < reps; i++) {
        c.body().run();
      }
      long bytes = allocated(self) - t0 - probeCost + allocated(worker) - w0;
      if (bytes > 0) {
        bytesPerCall.put(c.name(), bytes / reps);
      }
    }
    String jdk = "JDK " + Runtime.version().feature() + ", " + k.threads() + " thread(s)";
    assertTrue(bytesPerCall.isEmpty(),
        jdk + ": bytes allocated per call after warm-up: " + bytesPerCall);
  }

  @Test
  void oneThreadAllocatesNothingAfterWarmUp() {
    check((PanamaKernels) VectorSupport.panama(1, Long.MAX_VALUE));
  }

  @Test
  void twoThreadsAllocateNothingAfterWarmUp() {
    PanamaKernels k = (PanamaKernels) VectorSupport.panama(2, PanamaKernels.DEFAULT_PARALLEL_FLOPS);
    check(k);
    assertTrue(k.workerThread() != null, "the big products should have used the worker");
  }
}
