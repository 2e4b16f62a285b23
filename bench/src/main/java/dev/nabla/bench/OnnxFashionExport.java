package dev.nabla.bench;

import dev.nabla.data.Batches;
import dev.nabla.data.Dataset;
import dev.nabla.kernel.Kernels;
import dev.nabla.onnx.OnnxExport;
import dev.nabla.optim.Sgd;
import dev.nabla.samples.fashion.FashionMlpModel;
import dev.nabla.samples.fashion.FashionStudy;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the Fashion-MNIST MLP with the study's recipe and exports it as ONNX, for
 * bench/onnx/run.sh and the side-by-side with ONNX Runtime. Prints Nabla's test accuracy, which
 * ONNX Runtime should reproduce on the file. Args: {@code FILE [epochs=10] [data dir]}.
 */
public final class OnnxFashionExport {
  private OnnxFashionExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: OnnxFashionExport FILE [epochs=10] [data dir]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
    Kernels.warmUp();
    Dataset[] data = FashionStudy.load(dir);
    FashionMlpModel model = FashionStudy.newModel(0);
    Sgd sgd = new Sgd(FashionStudy.LEARNING_RATE);
    Batches batches = new Batches(data[0], FashionStudy.BATCH, 0);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double loss = FashionStudy.trainEpoch(model, batches, sgd);
      System.err.printf(Locale.ROOT, "epoch %d: loss %.4f%n", epoch, loss);
    }
    OnnxExport.write(model, file);
    SideBySide.result("nabla.test_acc", Trainer.accuracy(model, data[1]));
    SideBySide.result("onnx.file", file);
    SideBySide.result("onnx.bytes", Files.size(file));
  }
}
