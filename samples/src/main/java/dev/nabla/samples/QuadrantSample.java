package dev.nabla.samples;

import dev.nabla.samples.quadrants.QuadrantStudy;

/** Entry point of the quadrant study (the README's main command). */
public final class QuadrantSample {
  private QuadrantSample() {}

  public static void main(String[] args) {
    QuadrantStudy.main(args);
  }
}
