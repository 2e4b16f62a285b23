package dev.nabla.samples.sequences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The study's embedding example learns with Nabla's initialization (seed 0). */
class EmbeddingStudyTest {
  /**
   * Nabla's seed-0 start (E from N(0, 1), Xavier-uniform W, b = 0) gives 1.134, near ln 4 = 1.386
   * of a uniform guess; mean cross-entropy with SGD 0.1 then falls every step, to 0.666 after 10.
   */
  @Test
  void lossFallsEveryStep() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    float[] losses = EmbeddingStudy.train(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertEquals(1.134, losses[0], 0.001);
    for (int step = 1; step < losses.length; step++) {
      assertTrue(losses[step] < losses[step - 1], "step " + step + ": " + losses[step]
          + " after " + losses[step - 1]);
    }
    assertEquals(0.666, losses[losses.length - 1], 0.001);
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("after    loss 0.66"));
  }
}
