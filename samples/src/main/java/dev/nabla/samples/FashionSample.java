package dev.nabla.samples;

import dev.nabla.samples.fashion.FashionStudy;
import java.io.IOException;

/** Entry point of the Fashion-MNIST study: {@code -Dsample=FashionSample}. */
public final class FashionSample {
  private FashionSample() {}

  public static void main(String[] args) throws IOException {
    FashionStudy.main(args);
  }
}
