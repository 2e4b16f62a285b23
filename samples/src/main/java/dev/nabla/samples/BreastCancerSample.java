package dev.nabla.samples;

import dev.nabla.samples.breastcancer.BreastCancerStudy;

/** Entry point of the breast-cancer study: {@code -Dsample=BreastCancerSample}. */
public final class BreastCancerSample {
  private BreastCancerSample() {}

  public static void main(String[] args) {
    BreastCancerStudy.main(args);
  }
}
