package dev.nabla.samples;

import dev.nabla.samples.regression.WeightDecayStudy;
import java.io.IOException;

/** Entry point of the weight-decay study (d2l 3.7). */
public final class WeightDecaySample {
  private WeightDecaySample() {}

  public static void main(String[] args) throws IOException {
    WeightDecayStudy.main(args);
  }
}
