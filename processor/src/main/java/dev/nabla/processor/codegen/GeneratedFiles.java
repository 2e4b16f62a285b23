package dev.nabla.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;

/** The one place generated sources are marked and written. */
public final class GeneratedFiles {
  static final String PROCESSOR = "dev.nabla.processor.NablaProcessor";
  public static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private GeneratedFiles() {}

  /**
   * Adds {@code @Generated} (no date, so output is byte-for-byte deterministic) and the single
   * originating element, then writes through the filer, which removes a partial file on failure.
   */
  public static void write(String packageName, TypeSpec type, TypeElement origin, Filer filer)
      throws IOException {
    TypeSpec marked = type.toBuilder()
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", PROCESSOR)
            .addMember("comments", "$S", "Forward and backward pass derived by Nabla; do not edit")
            .build())
        .addOriginatingElement(origin)
        .build();
    javaFile(packageName, marked).writeTo(filer);
  }

  /** The file as text, for tests and tools that do not run inside javac. */
  public static JavaFile javaFile(String packageName, TypeSpec type) {
    return JavaFile.builder(packageName, type)
        .skipJavaLangImports(true)
        .indent("    ")
        .build();
  }
}
