package dev.nabla.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON a safetensors header needs, strictly: objects (as ordered maps, duplicate keys
 * refused), arrays, strings and integers. Anything else (fractions, exponents, {@code true},
 * {@code null}, trailing commas, nesting deeper than a header has) is refused with its offset.
 */
final class Json {
  /** A header nests three deep (header, tensor, shape); a little slack, never a deep recursion. */
  private static final int MAX_DEPTH = 8;

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /**
   * The value {@code text} holds: a {@code Map<String, Object>}, {@code List<Object>},
   * {@code String} or {@code Long}. Whitespace may surround it; nothing else may follow it.
   */
  static Object parse(String text) {
    Json json = new Json(text);
    json.skipWhitespace();
    Object value = json.value(0);
    json.skipWhitespace();
    if (json.at != text.length()) {
      throw json.error("unexpected '" + text.charAt(json.at) + "' after the header object");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
    if (at >= text.length()) {
      throw error("unexpected end of the header");
    }
    char c = text.charAt(at);
    if (c == '{') {
      return object(depth);
    }
    if (c == '[') {
      return array(depth);
    }
    if (c == '"') {
      return string();
    }
    if (c == '-' || c >= '0' && c <= '9') {
      return integer();
    }
    throw error("unexpected '" + c + "' (a safetensors header holds objects, arrays, strings"
        + " and integers only)");
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> members = new LinkedHashMap<>();
    at++;
    skipWhitespace();
    if (peek('}')) {
      at++;
      return members;
    }
    while (true) {
      if (!peek('"')) {
        throw error("expected a member name in quotes");
      }
      int keyAt = at;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth + 1);
      if (members.put(key, value) != null) {
        at = keyAt;
        throw error("duplicate member \"" + key + "\"");
      }
      skipWhitespace();
      if (peek(',')) {
        at++;
        skipWhitespace();
      } else {
        expect('}');
        return members;
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> elements = new ArrayList<>();
    at++;
    skipWhitespace();
    if (peek(']')) {
      at++;
      return elements;
    }
    while (true) {
      elements.add(value(depth + 1));
      skipWhitespace();
      if (peek(',')) {
        at++;
        skipWhitespace();
      } else {
        expect(']');
        return elements;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        at--;
        throw error("unescaped control character U+" + String.format("%04X", (int) c)
            + " in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("unterminated escape");
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case '"', '\\', '/' -> out.append(escaped);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hexCharacter());
        default -> {
          at--;
          throw error("invalid escape '\\" + escaped + "'");
        }
      }
    }
  }

  private char hexCharacter() {
    if (at + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int value = 0;
    for (int k = 0; k < 4; k++) {
      int digit = Character.digit(text.charAt(at), 16);
      if (digit < 0) {
        throw error("invalid hex digit '" + text.charAt(at) + "' in a \\u escape");
      }
      value = value * 16 + digit;
      at++;
    }
    return (char) value;
  }

  private Long integer() {
    int start = at;
    if (peek('-')) {
      at++;
    }
    int digits = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    if (at == digits) {
      throw error("expected a digit");
    }
    if (text.charAt(digits) == '0' && at - digits > 1) {
      at = digits;
      throw error("leading zero in a number");
    }
    if (at < text.length() && (peek('.') || peek('e') || peek('E'))) {
      throw error("a number with a fraction or exponent (only integers belong in a header)");
    }
    try {
      return Long.parseLong(text.substring(start, at));
    } catch (NumberFormatException tooLarge) {
      at = start;
      throw error("integer out of range");
    }
  }

  private void skipWhitespace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error(at < text.length() ? "expected '" + c + "', found '" + text.charAt(at) + "'"
          : "expected '" + c + "', found the end of the header");
    }
    at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("header JSON: " + what + " at character " + at);
  }

  /** {@code value} as a JSON string literal, quotes included. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
