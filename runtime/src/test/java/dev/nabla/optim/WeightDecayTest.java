package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.Dense;
import dev.nabla.NablaModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Which parameters decay: with zero gradients only the decay moves anything, so each parameter
 * must end exactly where its λ takes it (W shrinks, biases stay unless asked), through
 * {@code trainStep}, the path training takes.
 */
class WeightDecayTest {
  private static final float[] INITIAL = {0.5f, -1.25f, 0.75f, 2f, 0.1f, -0.3f, 1.5f, -0.8f, 0.25f};
  private static final float[] X = {0.3f, -0.6f};


  private static TwoLayerRegression model() {
    return new TwoLayerRegression(1).with(INITIAL);
  }

  /**
   * Takes {@code steps} training steps, each towards the model's own output, so every gradient
   * is exactly 0 and only the decay moves anything; returns the parameters after.
   */
  private static float[] decayOnly(Optimizer optimizer, int steps) {
    TwoLayerRegression model = model();
    for (int s = 0; s < steps; s++) {
      float[] target = model.predict(X, 1).clone();
      assertEquals(0f, model.trainStep(X, target, 1, optimizer));
      assertArrayEquals(new float[INITIAL.length], model.gradients(), "zero gradients");
    }
    return model.parameters().clone();
  }

  /** What coupled decay does to one parameter in one plain SGD step with a zero gradient. */
  private static float sgdDecayed(float value, float lr, float lambda) {
    return value - lr * (0f + lambda * value);
  }

  @Test
  void biasesAreExemptByDefault() {
    float[] after = decayOnly(new Sgd(0.1).weightDecay(WeightDecay.of(0.5)), 1);
    float[] expected = INITIAL.clone();
    for (int i : new int[] {0, 1, 2, 3, 6, 7}) { // hidden W, output W
      expected[i] = sgdDecayed(INITIAL[i], 0.1f, 0.5f);
    }
    assertArrayEquals(expected, after, "W shrinks by lr·λ·W, b stays");
  }

  @Test
  void biasesDecayWhenAsked() {
    float[] after = decayOnly(new Sgd(0.1).weightDecay(WeightDecay.of(0.5).biases(0.2)), 1);
    float[] expected = new float[INITIAL.length];
    for (int i = 0; i < INITIAL.length; i++) {
      boolean bias = i == 4 || i == 5 || i == 8;
      expected[i] = sgdDecayed(INITIAL[i], 0.1f, bias ? 0.2f : 0.5f);
    }
    assertArrayEquals(expected, after);
  }

  @Test
  void aLayerOverrideChangesThatLayerOnly() {
    WeightDecay decay = WeightDecay.of(0.5).layer("output", 0.1, 0.3);
    float[] after = decayOnly(new Sgd(0.1).weightDecay(decay), 1);
    float[] expected = INITIAL.clone();
    for (int i = 0; i < 4; i++) {
      expected[i] = sgdDecayed(INITIAL[i], 0.1f, 0.5f); // hidden W: the default λ
    }
    expected[6] = sgdDecayed(INITIAL[6], 0.1f, 0.1f); // output W: its own λ
    expected[7] = sgdDecayed(INITIAL[7], 0.1f, 0.1f);
    expected[8] = sgdDecayed(INITIAL[8], 0.1f, 0.3f); // output b: decayed on request
    assertArrayEquals(expected, after, "hidden b (4, 5) stays");
    assertEquals(0.3f, decay.biasLambda("output"));
    assertEquals(0f, decay.biasLambda("hidden"));
  }

  @Test
  void aLaterOverrideOfTheSameLayerReplacesTheEarlier() {
    WeightDecay decay = WeightDecay.of(0.5).layer("hidden", 0, 0).layer("hidden", 0.2, 0.1);
    assertEquals(WeightDecay.of(0.5).layer("hidden", 0.2, 0.1), decay);
    assertEquals("WeightDecay.of(0.5).layer(\"hidden\", 0.2, 0.1)", decay.toString());
  }

  @Test
  void adamDecaysDecoupledAndExemptsBiases() {
    // Zero gradient: the Adam step is 0/(0 + ε) = 0, so only θ ← θ − lr·λ·θ acts.
    float[] after = decayOnly(new Adam(0.1).weightDecay(WeightDecay.of(0.5)), 1);
    float[] expected = INITIAL.clone();
    for (int i : new int[] {0, 1, 2, 3, 6, 7}) {
      expected[i] = INITIAL[i] - 0.1f * (0f + 0.5f * INITIAL[i]);
    }
    assertArrayEquals(expected, after);
  }

  @Test
  void rmsPropAndMomentumExemptBiasesToo() {
    for (Supplier<Optimizer> optimizer : List.<Supplier<Optimizer>>of(
        () -> new RmsProp(0.01).weightDecay(WeightDecay.of(0.5)),
        () -> new Sgd(0.1).nesterov(0.9).weightDecay(WeightDecay.of(0.5)))) {
      float[] after = decayOnly(optimizer.get(), 3);
      for (int i = 0; i < INITIAL.length; i++) {
        boolean bias = i == 4 || i == 5 || i == 8;
        if (bias) {
          assertEquals(INITIAL[i], after[i], optimizer.get() + ": bias " + i);
        } else {
          assertTrue(Math.abs(after[i]) < Math.abs(INITIAL[i]),
              optimizer.get() + ": W " + i + " shrinks: " + Arrays.toString(after));
        }
      }
    }
  }

  @Test
  void penaltyIsHalfLambdaTimesTheSquaresOfTheDecayedParameters() {
    TwoLayerRegression model = model();
    double hiddenW = 0.25 + 1.5625 + 0.5625 + 4;
    double outputW = 2.25 + 0.64;
    double outputB = 0.0625;
    assertEquals(0.5 / 2 * (hiddenW + outputW), WeightDecay.of(0.5).penalty(model), 1e-7);
    assertEquals(0.5 / 2 * hiddenW + 0.1 / 2 * outputW + 0.3 / 2 * outputB,
        WeightDecay.of(0.5).layer("output", 0.1, 0.3).penalty(model), 1e-7);
    double all = hiddenW + outputW + outputB + 0.01 + 0.09;
    assertEquals(0.2 / 2 * all, WeightDecay.of(0.2).biases(0.2).penalty(model), 1e-7);
    assertEquals(0, WeightDecay.none().penalty(model));
  }

  @Test
  void aLayerTheModelLacksIsRefusedBeforeAnythingMoves() {
    TwoLayerRegression model = model();
    Sgd sgd = new Sgd(0.1).weightDecay(WeightDecay.of(0.5).layer("hiden", 0, 0));
    float[] target = model.predict(X, 1).clone();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> model.trainStep(X, target, 1, sgd));
    assertEquals("weight decay names layer 'hiden', but the model's layers are ['hidden', "
        + "'output']", error.getMessage());
    assertArrayEquals(INITIAL, model.parameters());
  }

  @Test
  void aModelWithoutLayersNeedsOneLambdaForAll() {
    NablaModel bare = new BareModel(5);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> WeightDecay.of(0.1).requireFits(bare));
    assertEquals("WeightDecay.of(0.1) needs to know which parameters are weights and which "
        + "biases, but parameters from 0 to 5 of the model's 5 belong to no layer in order; use "
        + "one λ for all parameters (WeightDecay.of(λ).biases(λ)) for such a model",
        error.getMessage());
    WeightDecay.of(0.1).biases(0.1).requireFits(bare);
    assertEquals(0.1 / 2 * 5, WeightDecay.of(0.1).biases(0.1).penalty(bare), 1e-7);
  }

  @Test
  void aBareVectorTakesOnlyAUniformDecay() {
    Sgd sgd = new Sgd(0.1).weightDecay(WeightDecay.of(0.5));
    float[] p = {1f};
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> sgd.step(p, new float[1], 1));
    assertEquals("WeightDecay.of(0.5) treats layers or biases apart, so it needs the model's "
        + "layers: use model.trainStep, a Trainer or step(model)", error.getMessage());
    assertArrayEquals(new float[] {1f}, p);
  }

  @Test
  void layersMustCoverTheParametersInOrder() {
    Dense hidden = model().layers().get(0);
    Dense output = model().layers().get(1);
    NablaModel swapped = new BareModel(9, List.of(output, hidden));
    assertThrows(IllegalArgumentException.class, () -> WeightDecay.of(0.1).requireFits(swapped));
    NablaModel longer = new BareModel(10, List.of(hidden, output));
    String message = assertThrows(IllegalArgumentException.class,
        () -> WeightDecay.of(0.1).requireFits(longer)).getMessage();
    assertTrue(message.contains("parameters from 9 to 10 of the model's 10 belong to no layer"),
        message);
  }

  @Test
  void lambdasAreChecked() {
    assertEquals("weight decay must be finite and >= 0, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> WeightDecay.of(-1)).getMessage());
    assertEquals("bias decay of layer 'out' must be finite and >= 0, got NaN",
        assertThrows(IllegalArgumentException.class,
            () -> WeightDecay.none().layer("out", 0, Double.NaN)).getMessage());
    assertThrows(NullPointerException.class, () -> WeightDecay.none().layer(null, 0, 0));
  }
}
