package dev.nabla.samples.regression;

import dev.nabla.Dense;
import dev.nabla.Layer;
import dev.nabla.Loss;
import dev.nabla.Model;

/**
 * The linear models of the two regression studies. The polynomial fits have no bias, as in d2l:
 * feature 0 is the constant 1, so its weight is the intercept.
 */
final class RegressionNets {
  private RegressionNets() {}

  /** Weight decay study: 200 inputs, one output, bias. */
  @Model(inputs = WeightDecayStudy.INPUTS, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class HighDimensional {
    @Layer(units = 1) Dense output;
  }

  /** The right model: features x⁰..x³. */
  @Model(inputs = 4, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class Cubic {
    @Layer(units = 1, bias = false) Dense output;
  }

  /** Underfit: features x⁰, x¹. */
  @Model(inputs = 2, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class Affine {
    @Layer(units = 1, bias = false) Dense output;
  }

  /** Overfit: features x⁰..x¹⁹. */
  @Model(inputs = PolynomialStudy.MAX_DEGREE, loss = Loss.MEAN_SQUARED_ERROR)
  abstract static class Degree19 {
    @Layer(units = 1, bias = false) Dense output;
  }
}
