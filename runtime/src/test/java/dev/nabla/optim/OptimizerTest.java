package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerTest {
  @Test
  void sgdWithWeightDecayStepsAgainstGradientPlusDecay() {
    float[] p = {1f, -2f};
    new Sgd(0.1, 0.1).step(p, new float[] {0.5f, 0f}, 2);
    assertEquals(1f - 0.1f * (0.5f + 0.1f), p[0], 1e-7f);
    assertEquals(-2f - 0.1f * (0f - 0.2f), p[1], 1e-7f);
  }

  @Test
  void adamsFirstStepsMoveByTheLearningRateTimesTheGradientSign() {
    // With bias correction, step 1 is lr·g/(|g| + ε): exactly lr in the gradient's direction.
    float[] p = {1f, 1f};
    Adam adam = new Adam(0.1);
    adam.step(p, new float[] {0.5f, -3f}, 2);
    assertEquals(0.9f, p[0], 1e-6f);
    assertEquals(1.1f, p[1], 1e-6f);
    // Step 2 with g = 0.5 again: m̂ = 0.5, v̂ = 0.25, so the step is lr again.
    adam.step(p, new float[] {0.5f, 0f}, 2);
    assertEquals(0.8f, p[0], 1e-6f);
  }

  @Test
  void oneAdamServesOneParameterVector() {
    Adam adam = new Adam(0.1);
    adam.step(new float[3], new float[3], 3);
    assertEquals("this Adam instance holds moments for 3 parameters but was asked to update 4; "
            + "use one instance per model",
        assertThrows(IllegalArgumentException.class,
            () -> adam.step(new float[4], new float[4], 4)).getMessage());
  }

  @Test
  void hyperParametersAreChecked() {
    assertEquals("learning rate must be finite and > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, -1));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0));
    assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
  }

  @Test
  void hyperParametersAreCheckedAsTheFloatsTheyBecome() {
    assertEquals("learning rate 1.0E39 is Infinity as a float; it must be finite and > 0",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(1e39)).getMessage());
    assertEquals("epsilon 1.0E-50 is 0.0 as a float; it must be finite and > 0",
        assertThrows(IllegalArgumentException.class,
            () -> new Adam(0.1, 0.9, 0.999, 1e-50, 0)).getMessage());
    assertEquals("weight decay 1.0E-50 is 0.0 as a float, which would silently disable it; "
            + "use 0 or a value float can hold",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1e-50)).getMessage());
    assertEquals("beta2 0.9999999999 is 1.0 as a float; it must lie in [0, 1)",
        assertThrows(IllegalArgumentException.class,
            () -> new Adam(0.1, 0.9, 0.9999999999, 1e-8, 0)).getMessage());
    // The smallest positive float is still accepted: the check is about the conversion only.
    assertEquals(Float.MIN_VALUE, new Sgd(Float.MIN_VALUE).learningRate());
  }
}
