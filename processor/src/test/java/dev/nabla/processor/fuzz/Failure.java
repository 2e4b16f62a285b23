package dev.nabla.processor.fuzz;

import java.util.Optional;

/**
 * A property a declaration (or a whole javac run, when {@code fuzzCase} is empty) broke.
 *
 * @param property which promise: "(a) ...", "(b) ...", "(c) ..."
 * @param detail what happened, e.g. the diagnostic
 */
record Failure(Optional<FuzzCase> fuzzCase, String property, String detail) {

  /** The failure's class: its property and detail without the case's own names and numbers. */
  String signature() {
    int trace = detail.indexOf("trace: ");
    String firstLine = (trace >= 0 ? "[Nabla/Internal] " + detail.substring(trace + 7)
        : detail).lines().findFirst().orElse("")
        .replaceAll(" on layer [^,\\]]+", "");
    String general = firstLine
        .replaceAll("Fuzz\\d+", "Fuzz#")
        .replaceAll("[\\p{L}_$][\\p{L}\\d_$]* in fuzz\\.", "… in fuzz.")
        .replaceAll("(?<=\\p{L})\\d+", "#")
        .replaceAll("'[^']*'", "'…'")
        .replaceAll("\\b\\d[\\d_.eE+-]*\\b", "#");
    return property + ": " + (general.length() > 160 ? general.substring(0, 160) + "…" : general);
  }

  int sourceLength() {
    return fuzzCase.map(c -> c.source().length()).orElse(Integer.MAX_VALUE);
  }
}
