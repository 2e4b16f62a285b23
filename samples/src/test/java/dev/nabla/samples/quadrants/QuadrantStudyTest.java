package dev.nabla.samples.quadrants;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The quadrant study reaches the bar (the reference study reached 0.955). */
class QuadrantStudyTest {
  @Test
  void tenThousandEpochsReachAtLeast94PercentAccuracy() {
    QuadrantStudy.Outcome outcome = QuadrantStudy.run(QuadrantStudy.EPOCHS, false);
    assertTrue(outcome.accuracy() >= 0.94, "accuracy " + outcome.accuracy());
    assertTrue(outcome.loss() < 0.35, "loss " + outcome.loss());
  }
}
