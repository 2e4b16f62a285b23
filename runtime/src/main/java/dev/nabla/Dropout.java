package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout on a hidden layer's output: in training ({@code trainStep},
 * {@code computeGradients}, the {@code Trainer}) each output A of the layer is zeroed with
 * probability {@link #value()} and the others are scaled by 1/(1 − p), so that their expectation
 * is A; the backward pass multiplies dA by the same mask. Everywhere else ({@code predict},
 * {@code forward}, {@code loss}, inference objects, weights files, ONNX export) it is the
 * identity.
 *
 * <pre>{@code
 * @Layer(units = 256, activation = RELU) @Dropout(0.5) Dense hidden;
 * }</pre>
 *
 * <p>The masks are reproducible: the mask of training pass s (counted from 1 since the last
 * {@code initialize(seed)}, which the constructor calls with 0) is a function of the seed, s, the
 * layer, the row and the unit, whatever the batch layout. The output layer cannot drop its
 * outputs (a compile error): the loss is evaluated from the output layer's Z.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface Dropout {
  /** The probability p of zeroing each output, at least 0 and below 1. */
  double value();
}
