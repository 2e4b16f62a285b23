package dev.nabla.samples;

import dev.nabla.samples.sequences.EmbeddingStudy;

/** Entry point of the embedding example (the last reference study). */
public final class EmbeddingSample {
  private EmbeddingSample() {}

  public static void main(String[] args) {
    EmbeddingStudy.main(args);
  }
}
