package dev.nabla.samples;

import dev.nabla.samples.sequences.CharStudy;
import java.io.IOException;

/** Entry point of the character-level language model on /usr/share/dict/words. */
public final class CharSample {
  private CharSample() {}

  public static void main(String[] args) throws IOException {
    CharStudy.main(args);
  }
}
