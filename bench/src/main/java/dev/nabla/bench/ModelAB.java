package dev.nabla.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A/B of one call of the Fashion 784-256-10 model between two builds of the benchmark jar, in one
 * JVM: each jar gets its own class loader, and blocks of calls alternate between them (the order
 * flips every block), so both sides see the same machine load. Prints the median ns per call of
 * each side and the median and quartiles of the per-block ratios B/A. Passing one jar twice gives
 * the noise floor. Args: {@code a.jar b.jar predictClass1|trainStep256|infer256-PRECISION
 * [blocks=40]} (PRECISION: FLOAT32, FLOAT16 or INT8; the inference object's batch-256
 * {@code predict}); run by bench/ab.sh. With {@code -Dab.clock=cpu} a block is timed by the
 * thread's CPU time instead of the wall clock: on a shared machine that leaves out the time the
 * thread waits for a core (with {@code -Dnabla.threads=1}, so that all the work is on this thread).
 */
public final class ModelAB {
  private static final int WARM_UP_BLOCKS = 5;
  private static final int BATCH = 256;
  private static final int PIXELS = 784;
  private static final int PREDICT_CLASS = 0;
  private static final int TRAIN_STEP = 1;
  private static final int INFER = 2;
  private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("ab.clock"));
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Where every result goes, so that no call can be dropped as unused. */
  private static volatile long sink;

  private ModelAB() {}

  public static void main(String[] args) throws Throwable {
    String precision = args[2].startsWith("infer256-") ? args[2].substring(9) : null;
    Side a = new Side(Path.of(args[0]), precision);
    Side b = new Side(Path.of(args[1]), precision);
    int call = precision != null ? INFER : switch (args[2]) {
      case "predictClass1" -> PREDICT_CLASS;
      case "trainStep256" -> TRAIN_STEP;
      default -> throw new IllegalArgumentException("unknown call " + args[2]);
    };
    int blocks = args.length > 3 ? Integer.parseInt(args[3]) : 40;
    int calls = call == PREDICT_CLASS ? 20_000 : 100;
    double[] nsA = new double[blocks];
    double[] nsB = new double[blocks];
    double[] ratios = new double[blocks];
    for (int block = -WARM_UP_BLOCKS; block < blocks; block++) {
      boolean aFirst = (block & 1) == 0;
      long first = (aFirst ? a : b).time(call, calls);
      long second = (aFirst ? b : a).time(call, calls);
      if (block >= 0) {
        nsA[block] = (double) (aFirst ? first : second) / calls;
        nsB[block] = (double) (aFirst ? second : first) / calls;
        ratios[block] = nsB[block] / nsA[block];
      }
    }
    System.out.printf(Locale.ROOT, "%s%s: A %.0f ns, B %.0f ns per call (medians of %d blocks of %d "
        + "calls); ratio B/A median %.3f, quartiles %.3f-%.3f%n", args[2],
        CPU_CLOCK ? " (thread CPU time)" : "",
        Quantiles.of(nsA, 0.5), Quantiles.of(nsB, 0.5), blocks, calls, Quantiles.of(ratios, 0.5),
        Quantiles.of(ratios, 0.25), Quantiles.of(ratios, 0.75));
  }

  private static long now() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }


  /**
   * One jar's FashionMlpModel, its inputs, its optimizer and (for infer256) its inference object
   * in the given precision, called through method handles.
   */
  private static final class Side {
    private final Object model;
    private final Object inference;
    private final MethodHandle predictBatch;
    private final float[] out = new float[BATCH * 10];
    private final Object sgd;
    private final MethodHandle predictClass;
    private final MethodHandle trainStep;
    private final float[] image = new float[PIXELS];
    private final float[] images = new float[BATCH * PIXELS];
    private final int[] labels;

    Side(Path jar, String precision) throws Throwable {
      ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      Class<?> type = loader.loadClass("dev.nabla.samples.fashion.FashionMlpModel");
      model = type.getConstructor(int.class).newInstance(BATCH);
      Class<?> optimizer = loader.loadClass("dev.nabla.optim.Optimizer");
      sgd = loader.loadClass("dev.nabla.optim.Sgd").getConstructor(double.class).newInstance(0.01);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      predictClass = lookup.findVirtual(type, "predictClass",
              MethodType.methodType(int.class, float[].class))
          .asType(MethodType.methodType(int.class, Object.class, float[].class));
      trainStep = lookup.findVirtual(type, "trainStep", MethodType.methodType(float.class,
              float[].class, int[].class, int.class, optimizer))
          .asType(MethodType.methodType(float.class, Object.class, float[].class, int[].class,
              int.class, Object.class));
      if (precision != null) {
        Class<?> inferenceType =
            loader.loadClass("dev.nabla.samples.fashion.FashionMlpInference");
        Class<?> precisions = loader.loadClass("dev.nabla.Precision");
        inference = inferenceType.getMethod("of", type, precisions)
            .invoke(null, model, precisions.getField(precision).get(null));
        predictBatch = lookup.findVirtual(inferenceType, "predict", MethodType.methodType(
                void.class, float[].class, int.class, float[].class))
            .asType(MethodType.methodType(void.class, Object.class, float[].class, int.class,
                float[].class));
      } else {
        inference = null;
        predictBatch = null;
      }
      SplittableRandom random = new SplittableRandom(1);
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) random.nextDouble();
      }
      System.arraycopy(images, 0, image, 0, PIXELS);
      labels = random.ints(BATCH, 0, 10).toArray();
    }

    /** ns for {@code calls} calls. */
    long time(int call, int calls) throws Throwable {
      long sum = 0;
      long start = now();
      for (int i = 0; i < calls; i++) {
        if (call == PREDICT_CLASS) {
          sum += (int) predictClass.invokeExact(model, image);
        } else if (call == TRAIN_STEP) {
          sum += (long) (float) trainStep.invokeExact(model, images, labels, BATCH, sgd);
        } else {
          predictBatch.invokeExact(inference, images, BATCH, out);
          sum += (long) out[3];
        }
      }
      long elapsed = now() - start;
      sink += sum;
      return elapsed;
    }
  }
}
