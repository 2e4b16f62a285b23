package dev.nabla.processor.model;

import dev.nabla.Activation;
import dev.nabla.Recurrent;
import dev.nabla.Sequence;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code @Sequence} declaration: embedding, optional recurrent cell, output layer.
 *
 * @param cellKind the kind of the cell; {@link Recurrent.Cell#SIMPLE} when there is none
 * @param relativeName the class name relative to its package, e.g. {@code Outer.Net}
 * @param generatedName the simple name of the generated model
 * @param reservedNames members in scope in the generated class, whose names it qualifies
 */
public record SequenceNetwork(String packageName, String relativeName, String generatedName,
    int steps, Sequence.Targets targets, Part embedding, Optional<Part> cell,
    Recurrent.Cell cellKind, Part output,
    List<String> reservedNames, List<String> suppressedWarnings) {
  /** Largest number of floats in one Java array. */
  public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * One part: its field, widths, activation and bias. The embedding is in = vocabulary,
   * units = dimension, without a bias; the cell's units are the width of its hidden state.
   */
  public record Part(String field, int in, int units, Activation activation, boolean bias) {}

  /** Parts in parameter order as the runtime lists them: E, [W_ih and b, W_hh], W_ho and b. */
  public long parameterCount() {
    long count = (long) embedding.in() * embedding.units();
    if (cell.isPresent()) {
      Part c = cell.get();
      long gates = gateWidth();
      count += (long) c.in() * gates + gates + c.units() * gates;
    }
    return count + (long) output.in() * output.units() + (output.bias() ? output.units() : 0);
  }

  /** Columns of Z = X·W_ih + H·W_hh + b: the hidden width, four times it for an LSTM's gates. */
  public long gateWidth() {
    long units = cell.map(Part::units).orElse(0);
    return cellKind == Recurrent.Cell.LSTM ? 4 * units : units;
  }

  /** Rows of targets (and logits) per sequence: T for every-step targets, 1 for the last step. */
  public int targetsPerSequence() {
    return targets == Sequence.Targets.EVERY_STEP ? steps : 1;
  }

  /** Floats the largest buffer holds per sequence of a batch. */
  public long floatsPerSequence() {
    long widest = Math.max(embedding.units(), gateWidth());
    return Math.max(steps * widest, (long) targetsPerSequence() * output.units());
  }
}
