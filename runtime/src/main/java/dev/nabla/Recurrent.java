package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A recurrent cell of a {@link Sequence} model, the {@link #cell() kind} of which decides the
 * step. Annotates a non-private, non-final, non-static {@link RecurrentCell} field. Hidden (and
 * cell) state start at 0 for every sequence.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Recurrent {
  /** What one step computes from the step's input X_t and the previous hidden state. */
  enum Cell {
    /**
     * Elman's cell, PyTorch's {@code nn.RNN}: H_t = f(X_t·W_ih + H_{t−1}·W_hh + b), with f the
     * {@link Recurrent#activation()}. W_ih is in × units, W_hh units × units, b units.
     */
    SIMPLE,
    /**
     * A long short-term memory cell, PyTorch's {@code nn.LSTM}, gates in its order (i, f, g, o):
     * Z_t = X_t·W_ih + H_{t−1}·W_hh + b, split into four blocks of units; i, f, o = σ(Z_t),
     * g = tanh(Z_t); C_t = f ⊙ C_{t−1} + i ⊙ g; H_t = o ⊙ tanh(C_t). W_ih is in × 4·units,
     * W_hh units × 4·units, b 4·units (PyTorch's b_ih + b_hh).
     * {@link Recurrent#activation()} does not apply; stating it is a compile error.
     */
    LSTM
  }

  /** Width of the hidden state H. */
  int units();

  /** Input width; when stated it must equal the embedding's dimension. */
  int in() default Layer.CHAINED;

  /** The activation f of a {@link Cell#SIMPLE} cell. */
  Activation activation() default Activation.TANH;

  Cell cell() default Cell.SIMPLE;
}
