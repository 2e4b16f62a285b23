package dev.nabla.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small reader for comma-separated text with a header line, following RFC 4180: fields may be
 * quoted with {@code "}, a quoted field may hold separators, line breaks and doubled quotes
 * ({@code ""}). Lines may end in LF or CRLF; blank lines are skipped; a leading byte-order mark is
 * ignored. Fields are not trimmed and not converted: an empty field is the empty string, so
 * missing values stay visible to the caller.
 *
 * <p>Every record must have as many fields as the header; otherwise the read fails naming the
 * line, because a short or long record means the file is not what the caller expects.
 *
 * <p>{@link #dataset(Path, CsvOptions)} goes from a file straight to a {@link Dataset}.
 */
public final class Csv {
  private Csv() {}

  /** The header and the records of one file. */
  public record Table(List<String> header, List<List<String>> rows) {
    public Table {
      header = List.copyOf(header);
      rows = List.copyOf(rows);
    }

    /**
     * Position of the named column in the header.
     *
     * @throws IllegalArgumentException if no column has that name
     */
    public int column(String name) {
      int index = header.indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException(
            "no column named '" + name + "'; the header is " + header);
      }
      return index;
    }
  }

  /**
   * Reads a UTF-8 CSV file straight into a data set, as {@code options} say, e.g.
   * {@code Csv.dataset(Path.of("iris.csv"), CsvOptions.classLabel("species"))}.
   *
   * @throws IllegalArgumentException if the file is empty or malformed (see
   *     {@link #read(Reader, char)}), a column is unknown, or a cell is missing (unless rows with
   *     missing cells are dropped), not a number, or not a known class; the message names the row
   *     (data rows count from 1) and the column
   */
  public static CsvDataset dataset(Path file, CsvOptions options) throws IOException {
    Objects.requireNonNull(file, "file");
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return dataset(reader, options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Like {@link #dataset(Path, CsvOptions)}, from a reader (read to its end, not closed). */
  public static CsvDataset dataset(Reader reader, CsvOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return CsvDataset.from(read(reader, options.separator()), options);
  }

  /** Reads comma-separated text. */
  public static Table read(Reader reader) throws IOException {
    return read(reader, ',');
  }

  /**
   * Reads text whose fields are split by {@code separator}; the reader is read to its end but not
   * closed.
   *
   * @throws IllegalArgumentException if the text is empty, a record's field count differs from
   *     the header's, a quote is left open, or text follows a closing quote
   */
  public static Table read(Reader reader, char separator) throws IOException {
    Objects.requireNonNull(reader, "reader");
    if (separator == '"' || separator == '\n' || separator == '\r') {
      throw new IllegalArgumentException("the separator cannot be a quote or a line break");
    }
    Parser parser = new Parser(reader, separator);
    List<String> header = parser.nextRecord();
    if (header == null) {
      throw new IllegalArgumentException("the CSV text is empty; a header line is required");
    }
    List<List<String>> rows = new ArrayList<>();
    for (List<String> record; (record = parser.nextRecord()) != null; ) {
      if (record.size() != header.size()) {
        throw new IllegalArgumentException("line " + parser.recordLine + " has " + record.size()
            + " fields but the header has " + header.size());
      }
      rows.add(List.copyOf(record));
    }
    return new Table(header, rows);
  }

  /** Splits characters into records, one record per call. */
  private static final class Parser {
    private final Reader reader;
    private final char separator;
    private int pushedBack = -2;
    private int line = 1;
    /** Line on which the last record returned began. */
    int recordLine;
    private boolean first = true;

    Parser(Reader reader, char separator) {
      this.reader = reader;
      this.separator = separator;
    }

    private int read() throws IOException {
      if (pushedBack != -2) {
        int c = pushedBack;
        pushedBack = -2;
        return c;
      }
      int c = reader.read();
      if (first) {
        first = false;
        if (c == '\uFEFF') {
          c = reader.read();
        }
      }
      return c;
    }

    /** The next non-blank record, or {@code null} at the end of the text. */
    List<String> nextRecord() throws IOException {
      int c = read();
      while (c == '\n' || c == '\r') {
        c = endOfLine(c);
      }
      if (c < 0) {
        return null;
      }
      recordLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      while (true) {
        if (c == '"' && field.length() == 0) {
          c = quoted(field);
        } else {
          while (c >= 0 && c != separator && c != '\n' && c != '\r') {
            if (c == '"') {
              throw new IllegalArgumentException("line " + line
                  + " has a quote inside an unquoted field; quote the whole field and double the"
                  + " quote");
            }
            field.append((char) c);
            c = read();
          }
        }
        fields.add(field.toString());
        field.setLength(0);
        if (c == separator) {
          c = read();
          continue;
        }
        if (c == '\n' || c == '\r') {
          pushedBack = endOfLine(c);
        }
        return fields;
      }
    }

    /** Reads a quoted field after its opening quote; returns the character after its close. */
    private int quoted(StringBuilder field) throws IOException {
      int openedOn = line;
      while (true) {
        int c = read();
        if (c < 0) {
          throw new IllegalArgumentException(
              "a quoted field opened on line " + openedOn + " is never closed");
        }
        if (c == '"') {
          int next = read();
          if (next != '"') {
            if (next >= 0 && next != separator && next != '\n' && next != '\r') {
              throw new IllegalArgumentException(
                  "line " + line + " has text after the closing quote of a field");
            }
            return next;
          }
        } else if (c == '\n') {
          line++;
        }
        field.append((char) c);
      }
    }

    /** Consumes a line break (CR, LF or CRLF) starting with {@code c}; returns the next char. */
    private int endOfLine(int c) throws IOException {
      line++;
      int next = read();
      if (c == '\r' && next == '\n') {
        next = read();
      }
      return next;
    }
  }
}
