package dev.nabla.bench;

import dev.nabla.data.Batches;
import dev.nabla.data.Dataset;
import dev.nabla.kernel.Kernels;
import dev.nabla.optim.Sgd;
import dev.nabla.samples.fashion.FashionMlpModel;
import dev.nabla.samples.fashion.FashionStudy;
import dev.nabla.samples.quadrants.QuadrantStudy;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * One round of the Nabla side of bench/compare-torch.sh, measured exactly as the PyTorch
 * reference scripts measure themselves: Fashion-MNIST training samples/s over whole epochs,
 * batch-1 latency as the median of 5000 timed calls, batch-256 inference as the median of 1000,
 * the quadrant net's µs per full-batch epoch. Prints {@code RESULT key=value} lines with the
 * reference's keys. Args: {@code [epochs=2] [data dir]}.
 */
public final class SideBySide {
  private SideBySide() {}

  public static void main(String[] args) throws IOException {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Path dir = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
    result("kernels", Kernels.implementation());
    Kernels.warmUp(); // start-up cost, like loading a native library: not part of any figure
    Dataset[] data = FashionStudy.load(dir);
    FashionMlpModel model = FashionStudy.newModel(0);
    Sgd sgd = new Sgd(FashionStudy.LEARNING_RATE);
    Batches batches = new Batches(data[0], FashionStudy.BATCH, 0);
    double seconds = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      FashionStudy.trainEpoch(model, batches, sgd);
      double epochSeconds = (System.nanoTime() - start) / 1e9;
      seconds += epochSeconds;
      result("mlp.epoch" + epoch + ".train_samples_per_s", data[0].rows() / epochSeconds);
    }
    result("mlp.train_samples_per_s", data[0].rows() * (double) epochs / seconds);
    result("mlp.test_acc", Trainer.accuracy(model, data[1]));

    float[] images = data[1].features();
    float[] one = Arrays.copyOf(images, 784);
    double latency = medianCallSeconds(() -> model.predictClass(one), 5000, 500);
    result("mlp.infer.eager.batch1_latency_us_median", latency * 1e6);
    double batch = medianCallSeconds(() -> model.predict(images, FashionStudy.BATCH), 1000, 30);
    result("mlp.infer.eager.batch256_forward_samples_per_s", FashionStudy.BATCH / batch);

    result("us_per_epoch", QuadrantStudy.run(QuadrantStudy.EPOCHS, false).microsPerEpoch());
  }

  /** Median seconds of one {@code call} over {@code iterations} timed calls after a warm-up. */
  static double medianCallSeconds(Runnable call, int iterations, int warmUp) {
    for (int i = 0; i < warmUp; i++) {
      call.run();
    }
    long[] times = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      call.run();
      times[i] = System.nanoTime() - t0;
    }
    Arrays.sort(times);
    return times[iterations / 2] * 1e-9;
  }

  /** Prints one {@code RESULT key=value} line, the form bench/results.py reads. */
  static void result(String key, Object value) {
    System.out.println("RESULT " + key + "=" + (value instanceof Double d
        ? String.format(Locale.ROOT, "%.6g", d) : value));
  }
}
