package dev.nabla.bench;

import dev.nabla.data.Dataset;
import dev.nabla.io.Weights;
import dev.nabla.samples.fashion.FashionMlpModel;
import dev.nabla.samples.fashion.FashionStudy;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Nabla's side of bench/weights-to-torch.sh: loads a Fashion-MNIST weights file into the
 * sample's model and writes its predicted class of every test image, one per line. Args:
 * {@code WEIGHTS OUT [data dir]}.
 */
public final class PredictFashion {
  private PredictFashion() {}

  public static void main(String[] args) throws IOException {
    Path weights = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Path dir = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
    Dataset test = FashionStudy.load(dir)[1];
    FashionMlpModel model = new FashionMlpModel(FashionStudy.BATCH);
    Weights.load(model, weights);
    int[] classes = new int[test.rows()];
    int[] batch = new int[FashionStudy.BATCH];
    for (int start = 0; start < test.rows(); start += FashionStudy.BATCH) {
      int rows = Math.min(FashionStudy.BATCH, test.rows() - start);
      float[] x = Arrays.copyOfRange(test.features(), start * test.width(),
          (start + rows) * test.width());
      model.predictClasses(x, rows, batch);
      System.arraycopy(batch, 0, classes, start, rows);
    }
    Files.writeString(out, Arrays.stream(classes).mapToObj(Integer::toString)
        .collect(Collectors.joining("\n", "", "\n")));
    System.out.printf(Locale.ROOT, "nabla: %d test images, accuracy %.4f%n", test.rows(),
        Trainer.accuracy(model, test));
  }
}
