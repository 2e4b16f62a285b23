package dev.nabla.processor.model;

import dev.nabla.Activation;
import dev.nabla.Sequence;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code @Sequence} declaration: embedding, optional recurrent cell, output layer.
 *
 * @param relativeName the class name relative to its package, e.g. {@code Outer.Net}
 * @param generatedName the simple name of the generated model
 * @param reservedNames members in scope in the generated class, whose names it qualifies
 */
public record SequenceNetwork(String packageName, String relativeName, String generatedName,
    int steps, Sequence.Targets targets, Part embedding, Optional<Part> cell, Part output,
    List<String> reservedNames, List<String> suppressedWarnings) {
  /** Largest number of floats in one Java array. */
  public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * One part: its field, widths, activation and bias. The embedding is in = vocabulary,
   * units = dimension, without a bias; the cell's in and units are those of W_ih.
   */
  public record Part(String field, int in, int units, Activation activation, boolean bias) {}

  /** Parts in parameter order as the runtime lists them: E, [W_ih and b, W_hh], W_ho and b. */
  public long parameterCount() {
    long count = (long) embedding.in() * embedding.units();
    if (cell.isPresent()) {
      Part c = cell.get();
      count += (long) c.in() * c.units() + c.units() + (long) c.units() * c.units();
    }
    return count + (long) output.in() * output.units() + (output.bias() ? output.units() : 0);
  }

  /** Rows of targets (and logits) per sequence: T for every-step targets, 1 for the last step. */
  public int targetsPerSequence() {
    return targets == Sequence.Targets.EVERY_STEP ? steps : 1;
  }

  /** Floats the largest buffer holds per sequence of a batch. */
  public long floatsPerSequence() {
    long widest = Math.max(embedding.units(), cell.map(Part::units).orElse(0));
    return Math.max(steps * widest, (long) targetsPerSequence() * output.units());
  }
}
