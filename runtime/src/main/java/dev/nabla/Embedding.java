package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The first layer of a {@link Sequence} model: token index k selects row k of a learned
 * {@code vocabulary × dimension} matrix E, then {@link #activation()} applies. Annotates a
 * non-private, non-final, non-static {@link Dense} field: E is the layer's W (in = vocabulary,
 * units = dimension, no bias), the weights of a dense layer fed a one-hot row.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Embedding {
  /** Number of distinct tokens; indices lie in [0, vocabulary). */
  int vocabulary();

  /** Width of one embedded token. */
  int dimension();

  Activation activation() default Activation.IDENTITY;
}
