package dev.nabla.internal.kernel;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM kernels on the shapes of the Fashion-MNIST MLP 784-256-10 (batch 256 and batch 1) and the
 * quadrant nets, through {@link PanamaKernels} with 1 or 2 threads (this class sits in the
 * kernels' package to construct them directly; the facade {@link Kernels} picks the same
 * implementation).
 *
 * <p>The score is the average time per call (µs/op); GFLOP/s = 2·m·n·k / (score·1000), computed by
 * {@code bench/summarize.py}, which also reads the {@code gc.alloc.rate.norm} column (bytes
 * allocated per call) of JMH's gc profiler. Shapes (M×K·K×N of the logical product C = A′·B′):
 * <ul>
 *   <li>fwd1 NN 256×784·784×256 (X·W1 + b1), fwd2 NN 256×256·256×10 (H·W2 + b2);
 *   <li>dW1 TN C 784×256 = Xᵀ·dZ1 (inner 256), dW2 TN C 256×10 = Hᵀ·dZ2;
 *   <li>dX NT C 256×784 = dZ1·W1ᵀ (inner 256), dH NT C 256×256 = dZ2·W2ᵀ (inner 10);
 *   <li>b1fwd1 NN 1×784·784×256, b1fwd2 NN 1×256·256×10 (batch 1);
 *   <li>tiny NN 683×9·9×5 (quadrant net), sq512 NN 512×512·512×512.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBenchmark {
  @Param({"fwd1", "fwd2", "dW1", "dX", "dW2", "dH", "b1fwd1", "b1fwd2", "tiny", "sq512"})
  public String shape;

  @Param({"1", "2"})
  public int threads;

  private KernelSupport kernels;
  private int layout; // 0 NN, 1 TN, 2 NT
  private int m;
  private int k;
  private int n;
  private float[] a;
  private float[] b;
  private float[] bias;
  private float[] c;

  /** Shape name → layout, then M, K, N of C (M×N) = A′ (M×K) · B′ (K×N). */
  static int[] shape(String name) {
    switch (name) {
      case "fwd1": return new int[] {0, 256, 784, 256};
      case "fwd2": return new int[] {0, 256, 256, 10};
      case "dW1": return new int[] {1, 784, 256, 256};
      case "dX": return new int[] {2, 256, 256, 784};
      case "dW2": return new int[] {1, 256, 256, 10};
      case "dH": return new int[] {2, 256, 10, 256};
      case "b1fwd1": return new int[] {0, 1, 784, 256};
      case "b1fwd2": return new int[] {0, 1, 256, 10};
      case "tiny": return new int[] {0, 683, 9, 5};
      case "sq512": return new int[] {0, 512, 512, 512};
      default: throw new IllegalArgumentException("unknown shape " + name);
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    kernels = new PanamaKernels(threads, PanamaKernels.DEFAULT_PARALLEL_FLOPS);
    int[] s = shape(shape);
    layout = s[0];
    m = s[1];
    k = s[2];
    n = s[3];
    SplittableRandom rnd = new SplittableRandom(1);
    a = new float[m * k];
    b = new float[k * n];
    bias = new float[n];
    c = new float[m * n];
    for (float[] x : new float[][] {a, b, bias}) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextDouble(-1, 1);
      }
    }
  }

  @Benchmark
  public float[] gemm() {
    switch (layout) {
      case 0:
        kernels.matmul(a, 0, b, 0, bias, 0, c, 0, m, k, n);
        break;
      case 1: // C (m×n) = Aᵀ·B, A stored k×m, B stored k×n
        kernels.matmulTransposeA(a, 0, b, 0, c, 0, k, m, n);
        break;
      default: // C (m×n) = A·Bᵀ, A stored m×k, B stored n×k
        kernels.matmulTransposeB(a, 0, b, 0, c, 0, m, k, n);
        break;
    }
    return c;
  }
}
