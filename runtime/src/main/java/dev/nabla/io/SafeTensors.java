package dev.nabla.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A safetensors file: named {@link Tensor}s and a {@code __metadata__} map of strings, as the
 * reference {@code safetensors} library reads and writes them. The file is an 8-byte
 * little-endian header length N, N bytes of JSON header (each tensor name mapped to its
 * {@code dtype}, {@code shape} and {@code data_offsets} [begin, end) relative to the data), then
 * the tensors' little-endian bytes.
 *
 * <p>{@link #read} checks the whole file before returning: header length against the file size,
 * UTF-8 and strict JSON, known dtypes, shapes, offsets in range, contiguous and not overlapping,
 * covering the data exactly, and finite floating-point values. Any defect throws an
 * {@link IllegalArgumentException} naming it. {@link #write} pads the header with spaces to a
 * multiple of 8 bytes, as the reference does, and replaces the target atomically.
 */
public final class SafeTensors {
  /** The reference library's limit on the header size. */
  static final long MAX_HEADER_BYTES = 100_000_000;
  static final String METADATA = "__metadata__";

  private final Map<String, Tensor> tensors;
  private final Map<String, String> metadata;

  /** Tensors in the given order, which is the order of their data in a written file. */
  public SafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
    Map<String, Tensor> copy = new LinkedHashMap<>();
    tensors.forEach((name, tensor) -> {
      if (METADATA.equals(Objects.requireNonNull(name, "name"))) {
        throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
      }
      copy.put(name, Objects.requireNonNull(tensor, name));
    });
    metadata.forEach((key, value) -> {
      Objects.requireNonNull(key, "metadata key");
      Objects.requireNonNull(value, key);
    });
    this.tensors = Collections.unmodifiableMap(copy);
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The tensors, in the order of their data in the file. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** The {@code __metadata__} map (empty when the file has none). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Reads and checks the whole of {@code file}; see the class comment. */
  public static SafeTensors read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(file + ": " + size
          + " bytes; Nabla reads weights files of up to 2 GiB");
    }
    try {
      return parse(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The file {@code bytes} hold, checked as {@link #read} does. */
  static SafeTensors parse(byte[] bytes) {
    if (bytes.length < 8) {
      throw new IllegalArgumentException("file of " + bytes.length
          + " bytes is shorter than the 8-byte header length");
    }
    long headerBytes = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN)
        .getLong();
    if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES || headerBytes > bytes.length - 8) {
      throw new IllegalArgumentException("header length " + Long.toUnsignedString(headerBytes)
          + " does not fit: the file has " + (bytes.length - 8) + " bytes after it and a header"
          + " holds 2 to " + MAX_HEADER_BYTES);
    }
    int dataStart = 8 + (int) headerBytes;
    String header;
    try {
      header = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 8, (int) headerBytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("header is not valid UTF-8", e);
    }
    if (header.charAt(0) != '{') {
      throw new IllegalArgumentException("header must start with '{', found '"
          + header.charAt(0) + "'");
    }
    if (!(Json.parse(header) instanceof Map<?, ?> entries)) {
      throw new IllegalArgumentException("header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> layout = new ArrayList<>();
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      String name = (String) entry.getKey();
      if (name.equals(METADATA)) {
        readMetadata(entry.getValue(), metadata);
      } else {
        layout.add(Entry.of(name, entry.getValue()));
      }
    }
    long dataBytes = bytes.length - (long) dataStart;
    layout.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expectedBegin = 0;
    for (Entry entry : layout) {
      if (entry.begin != expectedBegin) {
        throw new IllegalArgumentException("tensor '" + entry.name + "' starts at data offset "
            + entry.begin + ", where " + (entry.begin < expectedBegin
                ? "it overlaps the tensor before it, which ends at " + expectedBegin
                : "a gap follows the tensor before it, which ends at " + expectedBegin));
      }
      if (entry.end > dataBytes) {
        throw new IllegalArgumentException("tensor '" + entry.name + "' ends at data offset "
            + entry.end + ", past the " + dataBytes + " bytes of data the file holds");
      }
      expectedBegin = entry.end;
    }
    if (expectedBegin != dataBytes) {
      throw new IllegalArgumentException("the tensors cover " + expectedBegin + " of the "
          + dataBytes + " data bytes the file holds; the rest belongs to no tensor");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry entry : layout) {
      byte[] data = new byte[(int) (entry.end - entry.begin)];
      System.arraycopy(bytes, dataStart + (int) entry.begin, data, 0, data.length);
      tensors.put(entry.name, Tensor.fromFile(entry.name, entry.dtype, entry.shape, data));
    }
    return new SafeTensors(tensors, metadata);
  }

  private static void readMetadata(Object value, Map<String, String> metadata) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(METADATA + " must be an object of strings");
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getValue() instanceof String string)) {
        throw new IllegalArgumentException(METADATA + " entry \"" + entry.getKey()
            + "\" must be a string, got " + describe(entry.getValue()));
      }
      metadata.put((String) entry.getKey(), string);
    }
  }

  private static String describe(Object json) {
    return json instanceof Map ? "an object" : json instanceof List ? "an array"
        : json instanceof Long ? "the number " + json : "a string";
  }

  /** One tensor's header entry, checked on its own. */
  private record Entry(String name, Tensor.DType dtype, int[] shape, long begin, long end) {
    static Entry of(String name, Object json) {
      String what = "tensor '" + name + "'";
      if (!(json instanceof Map<?, ?> fields)) {
        throw new IllegalArgumentException(what + ": header entry must be an object");
      }
      for (Object field : fields.keySet()) {
        if (!List.of("dtype", "shape", "data_offsets").contains(field)) {
          throw new IllegalArgumentException(what + ": unknown header field \"" + field + "\"");
        }
      }
      if (!(fields.get("dtype") instanceof String dtypeName)) {
        throw new IllegalArgumentException(what + ": \"dtype\" must be a string");
      }
      Tensor.DType dtype;
      try {
        dtype = Tensor.DType.valueOf(dtypeName);
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException(what + ": dtype \"" + dtypeName
            + "\" is not one Nabla reads (F32, F16, I8)");
      }
      List<Long> shapeValues = integers(what, "shape", fields.get("shape"));
      List<Long> offsets = integers(what, "data_offsets", fields.get("data_offsets"));
      if (offsets.size() != 2) {
        throw new IllegalArgumentException(what + ": \"data_offsets\" must hold [begin, end], got "
            + offsets);
      }
      long begin = offsets.get(0);
      long end = offsets.get(1);
      if (end < begin) {
        throw new IllegalArgumentException(what + ": data_offsets " + offsets
            + " end before they begin");
      }
      int[] shape = new int[shapeValues.size()];
      long elements = 1;
      for (int d = 0; d < shape.length; d++) {
        long dimension = shapeValues.get(d);
        if (dimension > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(what + ": dimension " + dimension + " is too large");
        }
        shape[d] = (int) dimension;
      }
      long bytes = byteCount(what, shapeValues, dtype);
      if (bytes != end - begin) {
        throw new IllegalArgumentException(what + ": shape " + shapeValues + " of " + dtype
            + " needs " + bytes + " bytes, data_offsets " + offsets + " give " + (end - begin));
      }
      return new Entry(name, dtype, shape, begin, end);
    }

    private static long byteCount(String what, List<Long> shape, Tensor.DType dtype) {
      try {
        long bytes = dtype.bytes();
        for (long dimension : shape) {
          bytes = Math.multiplyExact(bytes, dimension);
        }
        return bytes;
      } catch (ArithmeticException overflow) {
        throw new IllegalArgumentException(what + ": shape " + shape + " is too large");
      }
    }

    private static List<Long> integers(String what, String field, Object json) {
      if (!(json instanceof List<?> list)) {
        throw new IllegalArgumentException(what + ": \"" + field
            + "\" must be an array of integers");
      }
      List<Long> values = new ArrayList<>();
      for (Object element : list) {
        if (!(element instanceof Long value) || value < 0) {
          throw new IllegalArgumentException(what + ": \"" + field
              + "\" must hold non-negative integers, got " + list);
        }
        values.add(value);
      }
      return values;
    }
  }

  /**
   * Writes {@code tensors} (data in their map order) and {@code metadata} to {@code file}:
   * to a temporary file in the same directory, flushed to the device, then moved over
   * {@code file} atomically, so a reader sees the old file or the new one, never a part.
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    new SafeTensors(tensors, metadata).write(file);
  }

  /** Writes this to {@code file} as {@link #write(Path, Map, Map)} does. */
  public void write(Path file) throws IOException {
    byte[] header = header();
    Path absolute = file.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(),
        "." + absolute.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        byte[] length = new byte[8];
        ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        out.write(length);
        out.write(header);
        for (Tensor tensor : tensors.values()) {
          out.write(tensor.rawBytes());
        }
        out.flush();
        channel.force(true);
      }
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The JSON header, space-padded to a multiple of 8 bytes. */
  private byte[] header() {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append(Json.quote(METADATA)).append(":{");
      String separator = "";
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        json.append(separator).append(Json.quote(entry.getKey())).append(':')
            .append(Json.quote(entry.getValue()));
        separator = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      Tensor tensor = entry.getValue();
      long end = offset + tensor.rawBytes().length;
      json.append(json.length() > 1 ? "," : "").append(Json.quote(entry.getKey()))
          .append(":{\"dtype\":\"").append(tensor.dtype()).append("\",\"shape\":[");
      int[] shape = tensor.shape();
      for (int d = 0; d < shape.length; d++) {
        json.append(d > 0 ? "," : "").append(shape[d]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    byte[] text = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    int padded = (text.length + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(text, padded);
    Arrays.fill(header, text.length, padded, (byte) ' ');
    return header;
  }
}
