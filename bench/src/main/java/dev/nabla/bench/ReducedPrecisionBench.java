package dev.nabla.bench;

import dev.nabla.kernel.Kernels;
import dev.nabla.samples.fashion.FashionMlpModel;
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
 * Fashion MLP inference with float32, int8 and float16 weights ({@link FashionForward}): batch
 * 256 to softmax, and one image (two thirds background, as a Fashion image) to its class. JMH
 * runs the variants one after another; {@link ReducedPrecisionAB} alternates them in one JVM for
 * ratios on a shared machine. Run with {@code -prof gc} for the bytes allocated per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ReducedPrecisionBench {
  static final int BATCH = 256;

  @Param({"float32Model", "float32Gemm", "int8", "float16"})
  public String variant;

  private FashionForward forward;
  private float[] images;
  private float[] image;

  @Setup
  public void setUp() {
    Kernels.warmUp();
    FashionMlpModel model = ReducedPrecisionAB.model(BATCH);
    forward = new FashionForward(variant, model, BATCH);
    images = ReducedPrecisionAB.images(BATCH);
    image = ReducedPrecisionAB.imageOnBackground();
  }

  @Benchmark
  public float[] predict256() {
    return forward.predict(images, BATCH);
  }

  @Benchmark
  public int predictClass1() {
    return forward.predictClass(image);
  }
}
