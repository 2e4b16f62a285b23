package dev.nabla.processor.validation;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Typed access to one annotation on one element, by mirror, so diagnostics can point at the
 * exact value. A value javac could not resolve reads as empty: javac reports that itself.
 */
final class Annotations {
  private final Element element;
  private final AnnotationMirror mirror;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> explicit;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> withDefaults;

  private Annotations(Element element, AnnotationMirror mirror, Elements elements) {
    this.element = element;
    this.mirror = mirror;
    this.explicit = mirror.getElementValues();
    this.withDefaults = elements.getElementValuesWithDefaults(mirror);
  }

  static Optional<Annotations> find(Element element, Class<? extends Annotation> type,
      Elements elements) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
      if (annotation.getQualifiedName().contentEquals(type.getCanonicalName())) {
        return Optional.of(new Annotations(element, mirror, elements));
      }
    }
    return Optional.empty();
  }

  static boolean isPresent(Element element, Class<? extends Annotation> type) {
    return element.getAnnotationMirrors().stream().anyMatch(mirror -> ((TypeElement) mirror
        .getAnnotationType().asElement()).getQualifiedName()
        .contentEquals(type.getCanonicalName()));
  }

  Element element() {
    return element;
  }

  AnnotationMirror mirror() {
    return mirror;
  }

  /** The value as written, for pointing a diagnostic at it; null when the default applies. */
  AnnotationValue written(String name) {
    return lookup(explicit, name);
  }

  boolean isWritten(String name) {
    return written(name) != null;
  }

  Optional<Integer> intValue(String name) {
    return typed(name, Integer.class);
  }

  Optional<Double> doubleValue(String name) {
    return typed(name, Double.class);
  }

  Optional<Boolean> booleanValue(String name) {
    return typed(name, Boolean.class);
  }

  <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
    AnnotationValue value = lookup(withDefaults, name);
    if (value != null && value.getValue() instanceof VariableElement constant) {
      try {
        return Optional.of(Enum.valueOf(type, constant.getSimpleName().toString()));
      } catch (IllegalArgumentException unknown) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private <T> Optional<T> typed(String name, Class<T> type) {
    AnnotationValue value = lookup(withDefaults, name);
    return value != null && type.isInstance(value.getValue())
        ? Optional.of(type.cast(value.getValue()))
        : Optional.empty();
  }

  private static AnnotationValue lookup(
      Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
        : values.entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
