package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a feed-forward network. The annotated class lists its layers as {@link Layer}-annotated
 * {@link Dense} fields, in declaration order; the processor generates {@code <Name>Model}
 * (nested names flattened with {@code _}, e.g. {@code Outer_NetModel}) in the same package.
 *
 * <p>The class must be a non-final, non-private top-level or static nested class with a
 * no-argument constructor the generated subclass can call.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Model {
  /** Width of one input row. */
  int inputs();

  /** The loss minimised by {@code trainStep}. */
  Loss loss();

  /** {@link #huberDelta()} when not stated: PyTorch's HuberLoss default. */
  double DEFAULT_HUBER_DELTA = 1.0;

  /**
   * δ of {@link Loss#HUBER}, where its quadratic part turns linear; finite and positive. Stating
   * it with another loss is a compile error.
   */
  double huberDelta() default DEFAULT_HUBER_DELTA;
}
