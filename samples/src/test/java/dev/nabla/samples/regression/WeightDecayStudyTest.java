package dev.nabla.samples.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * d2l's result, seeded: at λ = 0 the 200-weight model memorises its 20 rows (train loss tiny,
 * test loss ~200, ‖w‖ stays near its N(0, 1) init, ≈ 13.6); at λ = 3 ‖w‖ falls to ≈ 0.37 and the
 * train/test gap to ≈ 0.17.
 */
class WeightDecayStudyTest {
  @Test
  void decayShrinksTheWeightsAndClosesTheGeneralisationGap() {
    WeightDecayStudy.Run plain = WeightDecayStudy.run(0, 0);
    WeightDecayStudy.Run decayed = WeightDecayStudy.run(3, 0);
    assertTrue(plain.trainLoss() < 0.01 * plain.testLoss(),
        "λ = 0 should overfit: train " + plain.trainLoss() + ", test " + plain.testLoss());
    assertTrue(decayed.weightNorm() < 0.1 * plain.weightNorm(),
        "‖w‖ " + decayed.weightNorm() + " at λ = 3 vs " + plain.weightNorm() + " at λ = 0");
    double plainGap = plain.testLoss() - plain.trainLoss();
    double decayedGap = decayed.testLoss() - decayed.trainLoss();
    assertTrue(decayedGap < 0.01 * plainGap,
        "test − train " + decayedGap + " at λ = 3 vs " + plainGap + " at λ = 0");
  }
}
