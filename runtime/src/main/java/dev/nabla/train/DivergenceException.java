package dev.nabla.train;

/**
 * Training produced a loss, gradient or parameter that is NaN or infinite, usually because the
 * learning rate is too large. Whoever throws it has left the model's parameters finite: a refused
 * {@code trainStep} leaves them as they were before the step, {@link Trainer#fit} restores the
 * best ones it kept.
 */
public class DivergenceException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  public DivergenceException(String message) {
    super(message);
  }

  public DivergenceException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }
}
