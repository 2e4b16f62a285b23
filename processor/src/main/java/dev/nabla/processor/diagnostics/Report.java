package dev.nabla.processor.diagnostics;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Collects the diagnostics of one model class so that every problem is reported in one pass and
 * generation happens only when none is an error. The only place that prints messages.
 */
public final class Report {
  private record Item(NablaDiagnostic diagnostic, String message, Element element,
      AnnotationMirror mirror, AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

  public void add(NablaDiagnostic diagnostic, Element element, Object... args) {
    add(diagnostic, element, null, null, args);
  }

  /** A diagnostic pointing at an annotation ({@code value == null}) or one of its values. */
  public void add(NablaDiagnostic diagnostic, Element element, AnnotationMirror mirror,
      AnnotationValue value, Object... args) {
    items.add(new Item(diagnostic, diagnostic.format(args), element, mirror, value));
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(item -> item.diagnostic().kind() == Kind.ERROR);
  }

  public void printTo(Messager messager) {
    for (Item item : items) {
      Kind kind = item.diagnostic().kind();
      if (item.element() == null) {
        messager.printMessage(kind, item.message());
      } else if (item.mirror() == null) {
        messager.printMessage(kind, item.message(), item.element());
      } else if (item.value() == null) {
        messager.printMessage(kind, item.message(), item.element(), item.mirror());
      } else {
        messager.printMessage(kind, item.message(), item.element(), item.mirror(), item.value());
      }
    }
    items.clear();
  }
}
