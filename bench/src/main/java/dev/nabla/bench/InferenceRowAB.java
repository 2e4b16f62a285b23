package dev.nabla.bench;

import dev.nabla.samples.fashion.FashionStudy;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A/B of the Fashion MLP's single-sample inference ({@code FashionMlpInference.predictClass}) in
 * every precision between two builds of the benchmark jar, in one JVM: each jar gets its own
 * class loader and loads the same trained weights; blocks of calls on real test images (cycled,
 * as {@link OrtFashionBench} does) alternate between the builds, the order flipping every block.
 * Prints per precision the median ns per call of each side and the median and quartiles of the
 * per-block ratios B/A. Args: {@code a.jar b.jar weights.safetensors [blocks=30] [data dir]}; run
 * with {@code -Dnabla.threads=1}.
 */
public final class InferenceRowAB {
  private static final int WARM_UP_BLOCKS = 5;
  private static final int CALLS = 2000;
  private static final int IMAGES = 10_000;
  private static final int PIXELS = 784;
  private static final String[] PRECISIONS = {"FLOAT32", "FLOAT16", "INT8"};
  /** Where every result goes, so that no call can be dropped as unused. */
  private static volatile long sink;

  private InferenceRowAB() {}

  public static void main(String[] args) throws Throwable {
    Path weights = Path.of(args[2]);
    int blocks = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    Path dir = Path.of(args.length > 4 ? args[4] : "/usr/share/datasets/fashion-mnist");
    float[] test = FashionStudy.load(dir)[1].features();
    float[][] images = new float[IMAGES][];
    for (int i = 0; i < IMAGES; i++) {
      images[i] = Arrays.copyOfRange(test, i * PIXELS, (i + 1) * PIXELS);
    }
    Side[] a = Side.all(Path.of(args[0]), weights);
    Side[] b = Side.all(Path.of(args[1]), weights);
    int n = PRECISIONS.length;
    double[][] nsA = new double[n][blocks];
    double[][] nsB = new double[n][blocks];
    int next = 0;
    for (int block = -WARM_UP_BLOCKS; block < blocks; block++) {
      boolean aFirst = (block & 1) == 0;
      for (int p = 0; p < n; p++) {
        double first = (aFirst ? a : b)[p].nanosPerCall(images, next);
        double second = (aFirst ? b : a)[p].nanosPerCall(images, next);
        next = (next + CALLS) % IMAGES;
        if (block >= 0) {
          nsA[p][block] = aFirst ? first : second;
          nsB[p][block] = aFirst ? second : first;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s; %d blocks of %d predictClass calls per side on the "
        + "test images%n", Runtime.version(), blocks, CALLS);
    for (int p = 0; p < n; p++) {
      double[] ratios = new double[blocks];
      for (int i = 0; i < blocks; i++) {
        ratios[i] = nsB[p][i] / nsA[p][i];
      }
      double[] ratio = MachineBounds.quartiles(ratios);
      System.out.printf(Locale.ROOT, "%-8s A %6.0f ns, B %6.0f ns; B/A median %.3f, quartiles "
          + "%.3f-%.3f%n", PRECISIONS[p], MachineBounds.quartiles(nsA[p])[1],
          MachineBounds.quartiles(nsB[p])[1], ratio[1], ratio[0], ratio[2]);
    }
  }

  /** One jar's inference object in one precision, called through a method handle. */
  private static final class Side {
    private final Object inference;
    private final MethodHandle predictClass;

    private Side(Object inference, MethodHandle predictClass) {
      this.inference = inference;
      this.predictClass = predictClass;
    }

    /** The jar's inference objects, one per precision of {@link #PRECISIONS}. */
    static Side[] all(Path jar, Path weights) throws Throwable {
      ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      Class<?> modelType = loader.loadClass("dev.nabla.samples.fashion.FashionMlpModel");
      Class<?> inferenceType = loader.loadClass("dev.nabla.samples.fashion.FashionMlpInference");
      Class<?> precisionType = loader.loadClass("dev.nabla.Precision");
      loader.loadClass("dev.nabla.kernel.Kernels").getMethod("warmUp").invoke(null);
      Object model = loader.loadClass("dev.nabla.samples.fashion.FashionStudy")
          .getMethod("newModel", long.class).invoke(null, 0L);
      loader.loadClass("dev.nabla.io.Weights").getMethod("load",
          loader.loadClass("dev.nabla.NablaModel"), Path.class).invoke(null, model, weights);
      MethodHandle predict = MethodHandles.publicLookup().findVirtual(inferenceType,
          "predictClass", MethodType.methodType(int.class, float[].class))
          .asType(MethodType.methodType(int.class, Object.class, float[].class));
      Side[] sides = new Side[PRECISIONS.length];
      for (int p = 0; p < PRECISIONS.length; p++) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object precision = Enum.valueOf((Class) precisionType, PRECISIONS[p]);
        Object inference = inferenceType.getMethod("of", modelType, precisionType)
            .invoke(null, model, precision);
        sides[p] = new Side(inference, predict);
      }
      return sides;
    }

    double nanosPerCall(float[][] images, int first) throws Throwable {
      long sum = 0;
      long start = System.nanoTime();
      for (int c = 0; c < CALLS; c++) {
        sum += (int) predictClass.invokeExact(inference, images[(first + c) % IMAGES]);
      }
      long elapsed = System.nanoTime() - start;
      sink += sum;
      return (double) elapsed / CALLS;
    }
  }
}
