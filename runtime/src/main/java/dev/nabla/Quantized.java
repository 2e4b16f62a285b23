package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Restricts a layer's effective weights (and bias) to multiples of {@link #step()}.
 *
 * <p>Alone, the free parameter W′ is counted in steps: W = step·round(W′), and the backward pass
 * uses the straight-through estimator, ∇W′ = step·∇W. With {@link Constrained} on the same
 * layer the constrained value is quantized, W = step·round(map(W′)/step), and the estimator passes
 * the gradient through the rounding: ∇W′ = ∇W ⊙ map′(W′).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Quantized {
  /** The quantization step; finite and positive. */
  double step();

  /**
   * Whether the backward pass uses the straight-through estimator. {@code false} gives the true
   * gradient of rounding, which is zero almost everywhere: the layer cannot learn (the processor
   * warns). It exists to demonstrate exactly that.
   */
  boolean straightThrough() default true;
}
