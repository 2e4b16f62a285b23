package dev.nabla.bench;

import dev.nabla.Dense;
import dev.nabla.Precision;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Sgd;
import dev.nabla.samples.fashion.FashionMlpInference;
import dev.nabla.samples.fashion.FashionMlpModel;
import dev.nabla.samples.quadrants.QuadrantNetModel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Generated models on the reference studies' shapes. Conversions: Fashion training samples/s =
 * 256 / (s per trainStep); batch-256 inference samples/s likewise; predict latency and quadrant
 * epoch are read directly in µs. Data are random. Speed does not depend on the values, except
 * that batch-1 products skip zero inputs: {@code fashionPredictClass1} has none, and
 * {@code fashionPredictClass1Background} has two thirds, like a Fashion-MNIST image (the first
 * test image, which bench/compare-torch.sh times, has 517 zeros of 784 pixels). The
 * {@code inference*} benchmarks run the same calls on {@code FashionMlpInference}, the inference
 * object built from the same weights in each {@link Precision} (its products never use the worker
 * thread); {@code -prof gc} shows their bytes allocated per call ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ModelBench {
  static final int BATCH = 256;
  static final int QUADRANT_ROWS = 800;

  private FashionMlpModel fashion;
  private float[] images;
  private int[] labels;
  private float[] oneImage;
  private float[] oneImageOnBackground;
  private Sgd sgd;
  private QuadrantNetModel quadrant;
  private float[] points;
  private int[] quadrants;

  @Setup
  public void setUp() {
    Kernels.warmUp(); // start-up, as in an application: every kernel path compiled before use
    SplittableRandom random = new SplittableRandom(1);
    fashion = new FashionMlpModel(BATCH);
    for (Dense layer : fashion.layers()) {
      layer.initialize(Init.normal(0.01), Init.zeros(), random);
    }
    images = new float[BATCH * 784];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    labels = random.ints(BATCH, 0, 10).toArray();
    oneImage = java.util.Arrays.copyOf(images, 784);
    oneImageOnBackground = oneImage.clone();
    for (int i = 0; i < oneImageOnBackground.length; i++) {
      if (random.nextInt(3) > 0) {
        oneImageOnBackground[i] = 0f;
      }
    }
    sgd = new Sgd(0.01);
    quadrant = new QuadrantNetModel(QUADRANT_ROWS);
    points = new float[QUADRANT_ROWS * 2];
    for (int i = 0; i < points.length; i++) {
      points[i] = (float) (2 * random.nextDouble() - 1);
    }
    quadrants = random.ints(QUADRANT_ROWS, 0, 4).toArray();
  }

  /** One SGD step of the 784-256-10 MLP on a batch of 256. */
  @Benchmark
  public float fashionTrainStep256() {
    return fashion.trainStep(images, labels, BATCH, sgd);
  }

  /** Batch-256 inference (softmax probabilities). */
  @Benchmark
  public float[] fashionPredict256() {
    return fashion.predict(images, BATCH);
  }

  /** Single-sample latency: one image to its class. */
  @Benchmark
  public int fashionPredictClass1() {
    return fashion.predictClass(oneImage);
  }

  /** The same with two thirds of the pixels 0, the share of background in a Fashion image. */
  @Benchmark
  public int fashionPredictClass1Background() {
    return fashion.predictClass(oneImageOnBackground);
  }

  /** The inference object of {@link #fashion} in one precision, and its output array. */
  @State(Scope.Thread)
  public static class Inference {
    @Param({"FLOAT32", "FLOAT16", "INT8"})
    public Precision precision;
    FashionMlpInference inference;
    final float[] probabilities = new float[BATCH * FashionMlpInference.OUTPUTS];

    @Setup
    public void setUp(ModelBench bench) {
      inference = FashionMlpInference.of(bench.fashion, precision);
    }
  }

  /** {@link #fashionPredict256} on the inference object. */
  @Benchmark
  public float[] inferencePredict256(Inference state) {
    state.inference.predict(images, BATCH, state.probabilities);
    return state.probabilities;
  }

  /** {@link #fashionPredictClass1} on the inference object. */
  @Benchmark
  public int inferencePredictClass1(Inference state) {
    return state.inference.predictClass(oneImage);
  }

  /** {@link #fashionPredictClass1Background} on the inference object. */
  @Benchmark
  public int inferencePredictClass1Background(Inference state) {
    return state.inference.predictClass(oneImageOnBackground);
  }

  /** One full-batch epoch (800 points) of the 2-3-3-4 quadrant net. */
  @Benchmark
  public float quadrantEpoch() {
    return quadrant.trainStep(points, quadrants, QUADRANT_ROWS, sgd);
  }
}
