package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A dense layer {@code A = activation(X·W + b)} with {@code W} of shape {@code in × units}.
 * Annotates a non-private, non-final, non-static field of type {@link Dense}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Layer {
  /** Value of {@link #in()} meaning "the previous layer's width" (or the model's inputs). */
  int CHAINED = -1;

  /** Number of output units. */
  int units();

  /**
   * Input width. Optional: when stated it must equal the previous layer's units (or the model's
   * inputs for the first layer), so a wrong assumption is a compile error instead of a bad run.
   */
  int in() default CHAINED;

  Activation activation() default Activation.IDENTITY;

  /** Whether the layer adds a bias vector {@code b}. */
  boolean bias() default true;

  /** {@link #slope()} when not stated: PyTorch's LeakyReLU default. */
  double DEFAULT_SLOPE = 0.01;

  /**
   * The slope of {@link Activation#LEAKY_RELU} for z ≤ 0, in [0, 1); stating it with another
   * activation is a compile error.
   */
  double slope() default DEFAULT_SLOPE;
}
