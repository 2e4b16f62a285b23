package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A recurrent cell of a {@link Sequence} model: H_t = f(X_t·W_ih + H_{t−1}·W_hh + b), H_{−1} = 0.
 * Annotates a non-private, non-final, non-static {@link RecurrentCell} field.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Recurrent {
  /** Width of the hidden state H. */
  int units();

  /** Input width; when stated it must equal the embedding's dimension. */
  int in() default Layer.CHAINED;

  Activation activation() default Activation.TANH;
}
