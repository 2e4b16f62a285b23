package dev.nabla.processor.model;

/** W = step·round(·); the backward pass uses the straight-through estimator unless told not to. */
public record Quantizer(double step, boolean straightThrough) {
  public Quantizer {
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("step " + step);
    }
  }
}
