package dev.nabla.samples.breastcancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The study's claims on one seed: STE learns, no estimator freezes, data loads as documented. */
class BreastCancerStudyTest {
  private static final BreastCancerData DATA = BreastCancerData.loadReferenceSplit();

  private static BreastCancerStudy.Run run(String key) {
    BreastCancerStudy.Variant variant = BreastCancerStudy.VARIANTS.stream()
        .filter(v -> v.key().equals(key)).findFirst().orElseThrow();
    return BreastCancerStudy.train(variant, DATA, 0, BreastCancerStudy.Options.parse(new String[0]));
  }

  @Test
  void dataHas683CompleteRowsSplit60_20_20() {
    assertEquals(699, DATA.rowsInFile());
    assertEquals(683, DATA.rows());
    assertEquals(410, DATA.train().rows());
    assertEquals(9, DATA.train().width());
  }

  @Test
  void quantizedWithEstimatorLearns() {
    BreastCancerStudy.Run ste = run("round_ste");
    assertTrue(ste.test() >= 0.93, "test accuracy " + ste.test());
  }

  @Test
  void quantizedWithoutEstimatorNeverMovesItsLoss() {
    BreastCancerStudy.Run frozen = run("round_nograd");
    assertEquals(0f, frozen.lossMovement());
    assertEquals(501, frozen.epochs(), "stops after the patience of 500 epochs");
  }
}
