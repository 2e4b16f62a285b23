package dev.nabla.bench;

import dev.nabla.data.Batches;
import dev.nabla.data.Dataset;
import dev.nabla.io.Weights;
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
 * The Fashion-MNIST MLP as an ONNX file and a safetensors weights file with the same weights, for
 * bench/onnx/run.sh and the side-by-side with ONNX Runtime: loads the weights file if it exists,
 * otherwise trains with the study's recipe and saves it, then exports ONNX. Prints Nabla's test
 * accuracy, which ONNX Runtime should reproduce on the file. Args:
 * {@code ONNX_FILE WEIGHTS_FILE [epochs=10] [data dir]}.
 */
public final class OnnxFashionExport {
  private OnnxFashionExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: OnnxFashionExport ONNX_FILE WEIGHTS_FILE [epochs=10] [data dir]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    Path weights = Path.of(args[1]);
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path dir = Path.of(args.length > 3 ? args[3] : "/usr/share/datasets/fashion-mnist");
    Kernels.warmUp();
    Dataset[] data = FashionStudy.load(dir);
    FashionMlpModel model = FashionStudy.newModel(0);
    if (Files.exists(weights)) {
      Weights.load(model, weights);
      SideBySide.result("weights.loaded", weights);
    } else {
      Sgd sgd = new Sgd(FashionStudy.LEARNING_RATE);
      Batches batches = new Batches(data[0], FashionStudy.BATCH, 0);
      for (int epoch = 1; epoch <= epochs; epoch++) {
        double loss = FashionStudy.trainEpoch(model, batches, sgd);
        System.err.printf(Locale.ROOT, "epoch %d: loss %.4f%n", epoch, loss);
      }
      Weights.save(model, weights);
      SideBySide.result("weights.saved", weights);
    }
    OnnxExport.write(model, file);
    SideBySide.result("nabla.test_acc", Trainer.accuracy(model, data[1]));
    SideBySide.result("onnx.file", file);
    SideBySide.result("onnx.bytes", Files.size(file));
  }
}
