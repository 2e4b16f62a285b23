package dev.nabla.samples;

import dev.nabla.samples.regression.PolynomialStudy;
import java.io.IOException;

/** Entry point of the polynomial under- and overfitting study (d2l). */
public final class PolynomialSample {
  private PolynomialSample() {}

  public static void main(String[] args) throws IOException {
    PolynomialStudy.main(args);
  }
}
