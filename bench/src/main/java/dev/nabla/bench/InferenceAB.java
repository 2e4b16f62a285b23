package dev.nabla.bench;

import dev.nabla.Dense;
import dev.nabla.init.Init;
import dev.nabla.kernel.Kernels;
import dev.nabla.samples.fashion.FashionMlpInference;
import dev.nabla.samples.fashion.FashionMlpModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * The Fashion 784-256-10 trainable model against its float32 inference object in one JVM, blocks
 * of calls alternating (the order rotating every block) so that every side sees the same machine
 * load: single-sample predictClass on an image with two thirds background, batch-256 predict, and
 * the inference object on 256 rows passed as 64- and 32-row calls (each one tile), against its
 * own 128-row tiles and the model's single 256-row product: how the tile size was chosen. Prints
 * the median µs per call (per 256 rows for batches) over the blocks. Run with
 * {@code -Dnabla.threads=1} for products on one thread on both sides, as the inference object's
 * always are. Args: {@code [blocks=30]}.
 */
public final class InferenceAB {
  private static final int BATCH = 256;
  private static final int PIXELS = 784;
  private static final int WARM_UP_BLOCKS = 5;
  /** Where every result goes, so that no call can be dropped as unused. */
  private static volatile long sink;

  private InferenceAB() {}

  /** One side: a name, calls per block, and the call (256 rows' worth for a batch side). */
  private record Side(String name, int calls, IntSupplier call) {
    double microsPerCall() {
      long start = System.nanoTime();
      long sum = 0;
      for (int i = 0; i < calls; i++) {
        sum += call.getAsInt();
      }
      sink += sum;
      return (System.nanoTime() - start) / 1e3 / calls;
    }
  }

  public static void main(String[] args) {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Kernels.warmUp();
    SplittableRandom random = new SplittableRandom(1);
    FashionMlpModel model = new FashionMlpModel(BATCH);
    for (Dense layer : model.layers()) {
      layer.initialize(Init.normal(0.01), Init.zeros(), random);
    }
    FashionMlpInference inference = FashionMlpInference.of(model);
    float[] images = new float[BATCH * PIXELS];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    float[] image = Arrays.copyOf(images, PIXELS);
    for (int i = 0; i < PIXELS; i++) {
      image[i] = random.nextInt(3) > 0 ? 0f : image[i];
    }
    float[] out = new float[BATCH * FashionMlpInference.OUTPUTS];
    float[][] slices64 = slices(images, 64);
    float[][] slices32 = slices(images, 32);
    Side[] sides = {
        new Side("model predictClass", 20_000, () -> model.predictClass(image)),
        new Side("inference predictClass", 20_000, () -> inference.predictClass(image)),
        new Side("model predict 256", 100, () -> (int) model.predict(images, BATCH)[3]),
        new Side("inference predict 256 (128-row tiles)", 100, () -> {
          inference.predict(images, BATCH, out);
          return (int) out[3];
        }),
        new Side("inference 4 × predict 64", 100, () -> {
          for (float[] slice : slices64) {
            inference.predict(slice, 64, out);
          }
          return (int) out[3];
        }),
        new Side("inference 8 × predict 32", 100, () -> {
          for (float[] slice : slices32) {
            inference.predict(slice, 32, out);
          }
          return (int) out[3];
        }),
    };
    double[][] micros = new double[sides.length][blocks];
    for (int block = -WARM_UP_BLOCKS; block < blocks; block++) {
      for (int s = 0; s < sides.length; s++) {
        int side = Math.floorMod(s + block, sides.length);
        double time = sides[side].microsPerCall();
        if (block >= 0) {
          micros[side][block] = time;
        }
      }
    }
    for (int s = 0; s < sides.length; s++) {
      double[] sorted = micros[s].clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "%-40s %9.2f µs (quartiles %.2f-%.2f)%n", sides[s].name(),
          sorted[blocks / 2], sorted[blocks / 4], sorted[3 * blocks / 4]);
    }
  }

  private static float[][] slices(float[] images, int rows) {
    float[][] slices = new float[BATCH / rows][];
    for (int i = 0; i < slices.length; i++) {
      slices[i] = Arrays.copyOfRange(images, i * rows * PIXELS, (i + 1) * rows * PIXELS);
    }
    return slices;
  }
}
