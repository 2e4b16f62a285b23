package dev.nabla;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a network over sequences of {@link #steps()} token indices: an {@link Embedding}
 * field first, then at most one {@link Recurrent} cell, then one {@link Layer} output field,
 * trained with softmax cross-entropy over the output layer. The processor generates
 * {@code <Name>Model}, a {@link SequenceModel} that takes {@code int[]} tokens.
 *
 * <pre>{@code
 * @Sequence(steps = 32)
 * abstract class CharNet {
 *   @Embedding(vocabulary = 28, dimension = 16) Dense embed;
 *   @Recurrent(units = 64) RecurrentCell cell;
 *   @Layer(units = 28) Dense output;
 * }
 * }</pre>
 *
 * <p>Without a recurrent cell each step is embedded and classified on its own (a bigram model
 * for {@code steps > 1}).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Sequence {
  /** Where the loss is taken. */
  enum Targets {
    /** A class per step (next-token prediction, sequence labelling): rows × steps targets. */
    EVERY_STEP,
    /** One class per sequence, from the last step (classification): rows targets. */
    LAST_STEP
  }

  /** Tokens per sequence, T. */
  int steps();

  Targets targets() default Targets.EVERY_STEP;
}
