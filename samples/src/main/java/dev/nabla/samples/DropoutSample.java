package dev.nabla.samples;

import dev.nabla.samples.fashion.DropoutStudy;
import java.io.IOException;

/** Entry point of the dropout study on Fashion-MNIST: {@code -Dsample=DropoutSample}. */
public final class DropoutSample {
  private DropoutSample() {}

  public static void main(String[] args) throws IOException {
    DropoutStudy.main(args);
  }
}
