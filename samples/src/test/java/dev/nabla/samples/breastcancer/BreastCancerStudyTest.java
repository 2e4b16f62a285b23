package dev.nabla.samples.breastcancer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Precision;
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

  /** Its weights lie on the 0.1 grid within ±127 steps, so int8 stores them exactly. */
  @Test
  void quantizedShippedInInt8PredictsAsInFloat32() {
    BreastCancerNets_Quantized01Model model =
        (BreastCancerNets_Quantized01Model) run("round_ste").model();
    float[] x = DATA.test().features();
    int rows = DATA.test().rows();
    float[] float32 = new float[rows * 2];
    float[] int8 = new float[rows * 2];
    BreastCancerNets_Quantized01Inference.of(model).predict(x, rows, float32);
    BreastCancerNets_Quantized01Inference.of(model, Precision.INT8).predict(x, rows, int8);
    int[] float32Classes = new int[rows];
    int[] int8Classes = new int[rows];
    BreastCancerNets_Quantized01Inference.of(model).predictClasses(x, rows, float32Classes);
    BreastCancerNets_Quantized01Inference.of(model, Precision.INT8)
        .predictClasses(x, rows, int8Classes);
    assertArrayEquals(float32Classes, int8Classes);
    // The same products of exact weights, summed in another order: equal to rounding.
    assertArrayEquals(float32, int8, 1e-6f);
  }

  @Test
  void quantizedWithoutEstimatorNeverMovesItsLoss() {
    BreastCancerStudy.Run frozen = run("round_nograd");
    assertEquals(0f, frozen.lossMovement());
    assertEquals(501, frozen.epochs(), "stops after the patience of 500 epochs");
  }
}
