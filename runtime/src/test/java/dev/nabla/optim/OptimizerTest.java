package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptimizerTest {
  /**
   * PyTorch's SGD with weight decay (g ← g + λ·p; p ← p − lr·g), lr = 0.1, λ = 0.1, by hand:
   * step 1: p = 1 − 0.1·(0.5 + 0.1) = 0.94 and −2 − 0.1·(0 − 0.2) = −1.98;
   * step 2: p = 0.94 − 0.1·(0.5 + 0.094) = 0.8806 and −1.98 − 0.1·(0 − 0.198) = −1.9602.
   */
  @Test
  void sgdWithWeightDecayFollowsPyTorchsUpdateRule() {
    float[] p = {1f, -2f};
    Sgd sgd = new Sgd(0.1).weightDecay(WeightDecay.of(0.1).biases(0.1));
    sgd.step(p, new float[] {0.5f, 0f}, 2);
    assertEquals(0.94f, p[0], 1e-6f);
    assertEquals(-1.98f, p[1], 1e-6f);
    sgd.step(p, new float[] {0.5f, 0f}, 2);
    assertEquals(0.8806f, p[0], 1e-6f);
    assertEquals(-1.9602f, p[1], 1e-6f);
  }

  /**
   * PyTorch's Adam, lr = 0.1, β = (0.9, 0.999), ε = 1e-8, p = 1, gradients 0.5, −0.25, 1:
   * step 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, p = 1 − 0.1·0.5/0.5 = 0.9;
   * step 2: m = 0.02, v = 0.00031225, m̂ = 0.02/0.19 = 0.1052632,
   *     v̂ = 0.00031225/0.001999 = 0.1562031, p = 0.9 − 0.1·0.1052632/0.3952254 = 0.8733663;
   * step 3: m = 0.118, v = 0.0013119378, m̂ = 0.118/0.271 = 0.4354244,
   *     v̂ = 0.0013119378/0.002997001 = 0.4377502, p = 0.8733663 − 0.1·0.4354244/0.6616269
   *     = 0.8075551.
   * The second parameter's gradient 0 keeps m = v = 0 and p unchanged.
   */
  @Test
  void adamFollowsPyTorchsUpdateRuleOverThreeSteps() {
    float[] p = {1f, 1f};
    Adam adam = new Adam(0.1);
    float[] expected = {0.9f, 0.8733663f, 0.8075551f};
    float[] gradients = {0.5f, -0.25f, 1f};
    for (int step = 0; step < 3; step++) {
      adam.step(p, new float[] {gradients[step], 0f}, 2);
      assertEquals(expected[step], p[0], 1e-6f, "after step " + (step + 1));
      assertEquals(1f, p[1], "a zero gradient moves nothing");
    }
  }

  /**
   * PyTorch's AdamW, the same run with weight decay λ = 0.1 (p ← p·(1 − lr·λ) before the Adam
   * step): p = 1·0.99 − 0.1 = 0.89; 0.89·0.99 − 0.0266337 = 0.8544663;
   * 0.8544663·0.99 − 0.0658112 = 0.7801105.
   */
  @Test
  void adamWeightDecayIsDecoupledAsInPyTorchsAdamW() {
    float[] p = {1f};
    Adam adamW = new Adam(0.1).weightDecay(WeightDecay.of(0.1).biases(0.1));
    float[] expected = {0.89f, 0.8544663f, 0.7801105f};
    float[] gradients = {0.5f, -0.25f, 1f};
    for (int step = 0; step < 3; step++) {
      adamW.step(p, new float[] {gradients[step]}, 1);
      assertEquals(expected[step], p[0], 1e-6f, "after step " + (step + 1));
    }
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
    assertThrows(IllegalArgumentException.class, () -> WeightDecay.of(-1));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.999, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
  }

  @Test
  void hyperParametersAreCheckedAsTheFloatsTheyBecome() {
    assertEquals("learning rate 1.0E39 is Infinity as a float; it must be finite and > 0",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(1e39)).getMessage());
    assertEquals("epsilon 1.0E-50 is 0.0 as a float; it must be finite and > 0",
        assertThrows(IllegalArgumentException.class,
            () -> new Adam(0.1, 0.9, 0.999, 1e-50)).getMessage());
    assertEquals("weight decay 1.0E-50 is 0.0 as a float, which would silently disable it; "
            + "use 0 or a value float can hold",
        assertThrows(IllegalArgumentException.class, () -> WeightDecay.of(1e-50)).getMessage());
    assertEquals("beta2 0.9999999999 is 1.0 as a float; it must lie in [0, 1)",
        assertThrows(IllegalArgumentException.class,
            () -> new Adam(0.1, 0.9, 0.9999999999, 1e-8)).getMessage());
    // The smallest positive float is still accepted: the check is about the conversion only.
    assertEquals(Float.MIN_VALUE, new Sgd(Float.MIN_VALUE).learningRate());
  }

  @Test
  void momentumAndRmsPropSettingsAreChecked() {
    assertEquals("Nesterov momentum must be > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).nesterov(0))
            .getMessage());
    assertEquals("momentum must lie in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).momentum(1))
            .getMessage());
    assertEquals("alpha must lie in [0, 1), got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.1, 1.5, 1e-8))
            .getMessage());
    assertEquals("maxNorm must be finite and > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).clipGradientNorm(0))
            .getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> GradientClipping.clipByGlobalNorm(new float[1], 1, Double.NaN));
  }

  @Test
  void aMomentumBufferServesOneParameterVector() {
    Sgd sgd = new Sgd(0.1).momentum(0.9);
    float[] p = {1f, 2f, 3f, 4f};
    sgd.step(p, new float[4], 3);
    assertEquals("this Sgd instance holds a velocity for 3 parameters but was asked to update 4; "
            + "use one instance per model",
        assertThrows(IllegalArgumentException.class, () -> sgd.step(p, new float[4], 4))
            .getMessage());
  }

  @Test
  void theLearningRateCanBeSetToAnyFiniteRateOfAtLeastZero() {
    Sgd sgd = new Sgd(0.1);
    sgd.learningRate(0.25);
    assertEquals(0.25f, sgd.learningRate());
    float[] p = {1f};
    sgd.step(p, new float[] {2f}, 1);
    assertEquals(0.5f, p[0], "the new rate is used: 1 − 0.25·2");
    sgd.learningRate(1e-50); // the end of a long decay: 0 as a float, not an error
    assertEquals(0f, sgd.learningRate());
    assertEquals("learning rate must be finite and >= 0 as a float, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> sgd.learningRate(-0.1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> sgd.learningRate(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> sgd.learningRate(1e39));
    assertEquals(0f, sgd.learningRate(), "a refused rate changes nothing");
  }

  @Test
  void scheduleSettingsAreChecked() {
    assertEquals("step period must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> LearningRateSchedule.step(0, 0.5)).getMessage());
    assertEquals("gamma must be finite and > 0, got 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> LearningRateSchedule.exponential(0)).getMessage());
    assertEquals("floor must be finite and >= 0, got -1.0",
        assertThrows(IllegalArgumentException.class,
            () -> LearningRateSchedule.cosine(10, -1)).getMessage());
    assertEquals("warm-up startFactor must lie in (0, 1], got 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> LearningRateSchedule.constant().withWarmUp(5, 0)).getMessage());
    assertEquals(0.3, LearningRateSchedule.constant().rate(0.3, 1000));
  }

  @Test
  void descriptionsNameEverySetting() {
    assertEquals("SGD(lr=0.1)", new Sgd(0.1).toString());
    assertEquals("SGD(lr=0.1, nesterov=0.9, weightDecay=WeightDecay.of(1.0E-4), "
            + "clipGradientNorm=1.0)",
        new Sgd(0.1).nesterov(0.9).weightDecay(WeightDecay.of(1e-4)).clipGradientNorm(1)
            .toString());
    assertEquals("RMSprop(lr=0.01, alpha=0.9, momentum=0.5)",
        new RmsProp(0.01, 0.9, 1e-8).momentum(0.5).toString());
    assertEquals("Adam(lr=0.001, weightDecay=WeightDecay.of(0.01).biases(0.01))",
        new Adam(1e-3).weightDecay(WeightDecay.of(0.01).biases(0.01)).toString());
  }

  /** A restored Adam continues as the one it was saved from; bad state changes nothing. */
  @Test
  void adamRestoredFromItsStateContinuesIdentically() {
    float[] p = {1f, -1f};
    Adam original = new Adam(0.1);
    original.step(p, new float[] {0.5f, -0.25f}, 2);
    original.step(p, new float[] {0.1f, 0.75f}, 2);
    Adam restored = new Adam(0.1);
    restored.restore(original.steps(), original.firstMoment(), original.secondMoment());
    float[] q = p.clone();
    original.step(p, new float[] {-0.3f, 0.2f}, 2);
    restored.step(q, new float[] {-0.3f, 0.2f}, 2);
    assertArrayEquals(p, q);
    assertEquals(3, restored.steps());

    float[] m = restored.firstMoment();
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> restored.restore(5, new float[] {0, 0}, new float[] {0, -1}));
    assertEquals("second moment [1] must be finite and >= 0, got -1.0", negative.getMessage());
    IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
        () -> restored.restore(5, new float[] {0, 0}, new float[] {0}));
    assertEquals("after 5 steps the moments must have one and the same non-zero length, got 2"
        + " and 1", lengths.getMessage());
    assertEquals(3, restored.steps());
    assertArrayEquals(m, restored.firstMoment());

    restored.restore(0, new float[0], new float[0]);
    assertEquals(0, restored.steps());
    assertEquals(0, restored.firstMoment().length);
  }
}
