package dev.nabla.processor.fuzz;

import dev.nabla.processor.testing.NetworkSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One generated declaration: its compilation unit and what the processor must make of it.
 *
 * @param index the case's number in its run: seed and index reproduce it
 * @param invalidReasons the rules the declaration breaks, e.g. "units = 0"
 * @param debatableReasons what makes it {@link Verdict#EITHER} when it breaks no rule
 * @param expectedWarnings the tags of the Nabla warnings a valid declaration must get
 * @param generatedName the qualified name of the model class the processor would write
 * @param network the network a valid declaration defines, superclass layers first
 * @param gradientCheckable false when the model is too large to instantiate in a test, or its
 *     values are beyond the double reference's finite differences
 */
record FuzzCase(int index, JavaSource.Unit unit, String source, Verdict verdict,
    List<String> invalidReasons, List<String> debatableReasons, Set<String> expectedWarnings,
    String generatedName,
    Optional<NetworkSpec> network, boolean gradientCheckable) {

  /** What the processor must do with a declaration. */
  enum Verdict {
    /** Generate a model that compiles warning-free and has the right gradients. */
    VALID,
    /** Report at least one Nabla error in the class's file and generate nothing. */
    INVALID,
    /** Debatable: either reject it (error, no file) or accept it as if VALID. */
    EITHER
  }

  FuzzCase {
    invalidReasons = List.copyOf(invalidReasons);
    debatableReasons = List.copyOf(debatableReasons);
    expectedWarnings = Set.copyOf(expectedWarnings);
  }

  String qualifiedName() {
    return unit.qualifiedName();
  }

  /** The source file's path as javac reports it, for attributing diagnostics. */
  String sourcePath() {
    return qualifiedName().replace('.', '/') + ".java";
  }

  @Override
  public String toString() {
    List<String> reasons = verdict == Verdict.INVALID ? invalidReasons : debatableReasons;
    return "case " + index + " (" + verdict + (reasons.isEmpty() ? "" : ": " + reasons) + ")";
  }
}
