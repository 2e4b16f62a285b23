package dev.nabla.bench;

import dev.nabla.Dense;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.samples.fashion.FashionMlpModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The {@link FashionForward} variants in one JVM, alternating: each block times every variant
 * (the order rotates every block) on batch-256 prediction and on single images, so all see the
 * same machine load. Prints per variant the median µs per call and the median and quartiles of
 * its per-block ratio to the trainable float32 model. Args: {@code [blocks=30]}; run by
 * bench/run-reduced.sh.
 */
public final class ReducedPrecisionAB {
  private static final int WARM_UP_BLOCKS = 5;
  private static final int BATCH_CALLS = 20;
  private static final int SINGLE_CALLS = 4_000;
  /** Where every result goes, so that no call can be dropped as unused. */
  private static volatile long sink;

  private ReducedPrecisionAB() {}

  /** The Fashion MLP with weights as its study initialises them (normal, σ 0.01), seed 1. */
  static FashionMlpModel model(int batch) {
    FashionMlpModel model = new FashionMlpModel(batch);
    SplittableRandom random = new SplittableRandom(1);
    for (Dense layer : model.layers()) {
      layer.initialize(Init.normal(0.01), Init.normal(0.01), random);
    }
    return model;
  }

  /** Random pixels in [0, 1). */
  static float[] images(int rows) {
    SplittableRandom random = new SplittableRandom(2);
    float[] x = new float[rows * FashionForward.PIXELS];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  /** One image with two thirds of its pixels 0, the background share of a Fashion image. */
  static float[] imageOnBackground() {
    SplittableRandom random = new SplittableRandom(3);
    float[] x = new float[FashionForward.PIXELS];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(3) > 0 ? 0f : (float) random.nextDouble();
    }
    return x;
  }

  public static void main(String[] args) {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Kernels.warmUp();
    FashionMlpModel model = model(ReducedPrecisionBench.BATCH);
    List<FashionForward> variants = new ArrayList<>();
    for (String v : FashionForward.VARIANTS) {
      variants.add(new FashionForward(v, model, ReducedPrecisionBench.BATCH));
    }
    float[] images = images(ReducedPrecisionBench.BATCH);
    float[] image = imageOnBackground();
    int n = variants.size();
    double[][] batchUs = new double[n][blocks];
    double[][] singleUs = new double[n][blocks];
    for (int block = -WARM_UP_BLOCKS; block < blocks; block++) {
      for (int t = 0; t < n; t++) {
        int v = Math.floorMod(block + t, n);
        FashionForward f = variants.get(v);
        long start = System.nanoTime();
        for (int c = 0; c < BATCH_CALLS; c++) {
          sink += f.predict(images, ReducedPrecisionBench.BATCH).length;
        }
        long middle = System.nanoTime();
        for (int c = 0; c < SINGLE_CALLS; c++) {
          sink += f.predictClass(image);
        }
        long end = System.nanoTime();
        if (block >= 0) {
          batchUs[v][block] = (middle - start) / 1e3 / BATCH_CALLS;
          singleUs[v][block] = (end - middle) / 1e3 / SINGLE_CALLS;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s, %d blocks of %d batch-256 and %d single-image calls "
        + "per variant, alternating%n", Runtime.version(), blocks, BATCH_CALLS, SINGLE_CALLS);
    for (int v = 0; v < n; v++) {
      System.out.printf(Locale.ROOT, "%-13s batch 256: %8.1f µs (%6.0f k samples/s), ratio to "
          + "float32Model %s | 1 image: %6.2f µs, ratio %s%n", variants.get(v).variant(),
          Quantiles.of(batchUs[v], 0.5), ReducedPrecisionBench.BATCH / Quantiles.of(batchUs[v], 0.5) * 1e3,
          ratios(batchUs[v], batchUs[0]), Quantiles.of(singleUs[v], 0.5),
          ratios(singleUs[v], singleUs[0]));
    }
  }

  /** Median and quartiles of the per-block ratios a/b. */
  private static String ratios(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", Quantiles.of(r, 0.5),
        Quantiles.of(r, 0.25), Quantiles.of(r, 0.75));
  }
}
