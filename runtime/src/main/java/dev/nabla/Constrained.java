package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a layer's effective weights in a range: the optimizer trains a free parameter W′ and the
 * layer uses W = map(W′); the generated backward pass applies the chain rule through the map.
 *
 * <p>By default the bias is constrained too, i.e. the map applies to the augmented matrix
 * [W; b] (bias as an extra input row of ones), as in the breast-cancer study. Set
 * {@code bias = false} to leave the bias free.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Constrained {
  Constraint value();

  /** Lower bound, only for {@link Constraint#RANGE}. */
  double lo() default Double.NaN;

  /** Upper bound, only for {@link Constraint#RANGE}. */
  double hi() default Double.NaN;

  /** Whether the bias row of [W; b] is mapped as well. */
  boolean bias() default true;
}
