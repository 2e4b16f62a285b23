package dev.nabla.processor.fuzz;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small syntax tree for one compilation unit, just rich enough for model declarations, so the
 * generator builds declarations from parts and the text comes from one printer.
 */
final class JavaSource {
  private JavaSource() {}

  /** {@code @Type(name = value, ...)}, or {@code @Type(value)} for a lone {@code value}. */
  record Annotation(String type, List<Map.Entry<String, String>> values) {
    Annotation {
      values = List.copyOf(values);
    }

    String render() {
      if (values.isEmpty()) {
        return "@" + type;
      }
      if (values.size() == 1 && values.get(0).getKey().equals("value")) {
        return "@" + type + "(" + values.get(0).getValue() + ")";
      }
      return values.stream().map(v -> v.getKey() + " = " + v.getValue())
          .collect(Collectors.joining(", ", "@" + type + "(", ")"));
    }
  }

  sealed interface Member permits Field, Method, Type {}

  /** One field declaration statement; several names share its annotations and type. */
  record Field(List<Annotation> annotations, String modifiers, String type, List<String> names,
      String initializer) implements Member {
    Field {
      annotations = List.copyOf(annotations);
      names = List.copyOf(names);
    }
  }

  /** A method, or a constructor when {@code returnType} is null; abstract when body is null. */
  record Method(String modifiers, String returnType, String name, String parameters,
      String throwsClause, String body) implements Member {
    Method(String modifiers, String returnType, String name, String parameters, String body) {
      this(modifiers, returnType, name, parameters, "", body);
    }
  }

  /**
   * A class, interface, enum, record or annotation type; {@code header} is whatever follows the
   * name (type parameters, record components, extends, permits).
   */
  record Type(List<Annotation> annotations, String modifiers, String kind, String name,
      String header, List<Member> members) implements Member {
    Type {
      annotations = List.copyOf(annotations);
      members = List.copyOf(members);
    }
  }

  record Unit(String packageName, List<String> imports, List<Type> types) {
    Unit {
      imports = List.copyOf(imports);
      types = List.copyOf(types);
    }

    /** The public or first type names the file. */
    String qualifiedName() {
      return packageName + "." + types.get(0).name();
    }

    String render() {
      StringBuilder out = new StringBuilder("package ").append(packageName).append(";\n\n");
      imports.forEach(i -> out.append("import ").append(i).append(";\n"));
      for (Type type : types) {
        out.append('\n');
        print(type, 0, out);
      }
      return out.toString();
    }
  }

  private static void print(Member member, int depth, StringBuilder out) {
    String indent = "  ".repeat(depth);
    if (member instanceof Field field) {
      out.append(indent);
      field.annotations().forEach(a -> out.append(a.render()).append(' '));
      out.append(words(field.modifiers(), field.type()))
          .append(field.names().stream()
              .map(name -> field.initializer() == null ? name : name + " = " + field.initializer())
              .collect(Collectors.joining(", ")))
          .append(";\n");
    } else if (member instanceof Method method) {
      out.append(indent).append(words(method.modifiers(), method.returnType()))
          .append(method.name()).append('(').append(method.parameters()).append(')')
          .append(method.throwsClause().isEmpty() ? "" : " throws " + method.throwsClause());
      out.append(method.body() == null ? ";\n" : " {" + method.body() + "}\n");
    } else if (member instanceof Type type) {
      type.annotations().forEach(a -> out.append(indent).append(a.render()).append('\n'));
      out.append(indent).append(words(type.modifiers(), type.kind())).append(type.name())
          .append(type.header()).append(" {\n");
      if (type.kind().equals("enum")) {
        out.append(indent).append("  ;\n");
      }
      type.members().forEach(m -> print(m, depth + 1, out));
      out.append(indent).append("}\n");
    }
  }

  /** Non-empty words, each followed by a space. */
  private static String words(String... words) {
    StringBuilder out = new StringBuilder();
    for (String word : words) {
      if (word != null && !word.isEmpty()) {
        out.append(word).append(' ');
      }
    }
    return out.toString();
  }
}
