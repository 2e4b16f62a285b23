package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format layer: what it writes is what the reference rules say (8-byte length, JSON header
 * padded with spaces to a multiple of 8, contiguous data in order), it reads back every dtype
 * exactly, and each kind of damage to the header or data is refused with a message naming it.
 */
class SafeTensorsTest {
  @TempDir Path dir;

  private static Map<String, Tensor> sample() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("a.weight", Tensor.ofFloats(new float[] {1, -2, 3.5f, 0, 1e-30f, -7}, 2, 3));
    tensors.put("a.bias", Tensor.ofFloat16(new float[] {0.5f, -65504f}, 2));
    tensors.put("codes", Tensor.ofInt8(new byte[] {-128, 0, 127}, 3));
    tensors.put("scalar", Tensor.ofFloats(new float[] {42}));
    return tensors;
  }

  private Path written() throws IOException {
    Path file = dir.resolve("sample.safetensors");
    SafeTensors.write(file, sample(), Map.of("format", "pt", "note", "quote \" and \\ and \n"));
    return file;
  }

  @Test
  void writesTheReferenceLayoutAndReadsItBack() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "the reference pads the header to a multiple of 8");
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertTrue(header.startsWith("{\"__metadata__\":{"), header);
    assertTrue(header.contains("\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],"
        + "\"data_offsets\":[0,24]}"), header);
    assertTrue(header.contains("\"a.bias\":{\"dtype\":\"F16\",\"shape\":[2],"
        + "\"data_offsets\":[24,28]}"), header);
    assertTrue(header.contains("\"scalar\":{\"dtype\":\"F32\",\"shape\":[],"
        + "\"data_offsets\":[31,35]}"), header);
    assertEquals(8 + headerLength + 35, bytes.length);
    // F32 little-endian: -2f is 0xC0000000
    assertArrayEquals(new byte[] {0, 0, 0, (byte) 0xC0},
        java.util.Arrays.copyOfRange(bytes, 8 + (int) headerLength + 4, 8 + (int) headerLength + 8));

    SafeTensors read = SafeTensors.read(file);
    assertEquals(List.of("a.weight", "a.bias", "codes", "scalar"),
        List.copyOf(read.tensors().keySet()));
    assertEquals("quote \" and \\ and \n", read.metadata().get("note"));
    assertArrayEquals(new float[] {1, -2, 3.5f, 0, 1e-30f, -7},
        read.tensors().get("a.weight").toFloats());
    assertArrayEquals(new int[] {2, 3}, read.tensors().get("a.weight").shape());
    assertArrayEquals(new float[] {0.5f, -65504f}, read.tensors().get("a.bias").toFloats());
    assertArrayEquals(new byte[] {-128, 0, 127}, read.tensors().get("codes").toInt8());
    assertArrayEquals(new int[0], read.tensors().get("scalar").shape());
  }

  @Test
  void padsEveryHeaderWithSpacesToAMultipleOf8() throws IOException {
    for (int nameLength = 1; nameLength <= 8; nameLength++) {
      Path file = dir.resolve("padded" + nameLength + ".safetensors");
      SafeTensors.write(file, Map.of("x".repeat(nameLength), Tensor.ofFloats(new float[] {1}, 1)),
          Map.of());
      byte[] bytes = Files.readAllBytes(file);
      long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
      String json = "{\"" + "x".repeat(nameLength)
          + "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
      assertEquals(json + " ".repeat((8 - json.length() % 8) % 8), header);
    }
  }

  @Test
  void aFailedWriteLeavesTheTargetAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("occupied");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep.txt"), "kept");
    assertThrows(IOException.class, () -> SafeTensors.write(target,
        Map.of("x", Tensor.ofFloats(new float[] {1}, 1)), Map.of()));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList());
    }
    assertEquals("kept", Files.readString(target.resolve("keep.txt")));
  }

  @Test
  void float16RoundsToNearestEvenAndWidensExactly() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short half = (short) bits;
      if ((bits & 0x7c00) == 0x7c00) {
        continue; // infinities and NaN are refused, not converted
      }
      float value = Float16.toFloat(half);
      assertEquals(half, Float16.fromFloat(value), "binary16 " + Integer.toHexString(bits));
      // Halfway to the next binary16 up rounds to the even one of the two.
      short next = (short) (bits + 1);
      if ((next & 0x7c00) != 0x7c00 && (bits & 0x7fff) != 0x7fff && bits != 0x7fff) {
        float mid = (float) (((double) value + Float16.toFloat(next)) / 2);
        short even = (bits & 1) == 0 ? half : next;
        if ((bits & 0x8000) == (next & 0x8000)) {
          assertEquals(even, Float16.fromFloat(mid), "tie above " + Integer.toHexString(bits));
        }
      }
    }
    assertEquals(1f / 1024 / 16384, Float16.toFloat((short) 1), "smallest subnormal 2^-24");
    assertEquals(0x7c00, Float16.fromFloat(65520f) & 0xffff, "65520 rounds to infinity");
    assertEquals(0x7bff, Float16.fromFloat(65519f) & 0xffff, "65519 rounds to 65504");
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.ofFloat16(new float[] {70000f}, 1));
  }

  @Test
  void factoriesRefuseBadShapesAndNonFiniteValues() {
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> Tensor.ofFloats(new float[5], 2, 3));
    assertEquals("shape [2, 3] holds 6 elements, got 5 values", shape.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> Tensor.ofFloats(new float[] {0, Float.NaN}, 2));
    assertEquals("value NaN at index 1 is not finite; weights files hold finite values only",
        nan.getMessage());
  }

  @Test
  void writingReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path file = written();
    SafeTensors.write(file, Map.of("x", Tensor.ofFloats(new float[] {3}, 1)), Map.of());
    assertEquals(List.of("x"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  /** A file of {@code header} (padded as the reference pads it) and {@code data}. */
  private static byte[] file(String header, int dataBytes) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes)
        .order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(json.length).put(json);
    return buffer.array();
  }

  private static String refusal(byte[] bytes) {
    return assertThrows(IllegalArgumentException.class, () -> SafeTensors.parse(bytes))
        .getMessage();
  }

  private static String refusal(String header, int dataBytes) {
    return refusal(file(header, dataBytes));
  }

  private static final String ONE = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  @Test
  void refusesADamagedLengthOrEncodingNamingIt() {
    assertEquals("file of 5 bytes is shorter than the 8-byte header length",
        refusal(new byte[5]));
    byte[] huge = file("{" + ONE + "}", 8);
    huge[6] = 1;
    assertTrue(refusal(huge).startsWith("header length 281474976710710 does not fit: the file"
        + " has 62 bytes after it"), refusal(huge));
    byte[] longer = file("{" + ONE + "}", 8);
    longer[0] += 9;
    assertTrue(refusal(longer).startsWith("header length 63 does not fit"), refusal(longer));
    byte[] latin1 = file("{\"x\":\"?\"}", 0);
    latin1[8 + 7] = (byte) 0xe9;
    assertEquals("header is not valid UTF-8", refusal(latin1));
    assertEquals("header must start with '{', found ' '", refusal(" {}", 0));
  }

  @Test
  void refusesBadJsonWithItsPosition() {
    assertEquals("header JSON: duplicate member \"a\" at character 54",
        refusal("{" + ONE + "," + ONE + "}", 8));
    assertEquals("header JSON: a number with a fraction or exponent (only integers belong in a"
        + " header) at character 30", refusal("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0]}}", 8));
    assertEquals("header JSON: expected a member name in quotes at character 54",
        refusal("{" + ONE + ",}", 8));
    assertEquals("header JSON: unexpected end of the header at character 5",
        refusal("{\"a\":", 0));
    assertEquals("header JSON: unexpected 't' (a safetensors header holds objects, arrays,"
        + " strings and integers only) at character 5", refusal("{\"a\":true}", 0));
    assertEquals("header JSON: leading zero in a number at character 29",
        refusal("{\"a\":{\"dtype\":\"F32\",\"shape\":[02]}}", 8));
    assertEquals("header JSON: nesting deeper than 8 levels at character 13",
        refusal("{\"a\":[[[[[[[[[[]]]]]]]]]]}", 0));
  }

  @Test
  void refusesBadTensorEntriesNamingTheTensor() {
    assertEquals("tensor 'a': dtype \"BF16\" is not one Nabla reads (F32, F16, I8)",
        refusal("{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4));
    assertEquals("tensor 'a': unknown header field \"strides\"",
        refusal("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],"
            + "\"strides\":[1]}}", 8));
    assertEquals("tensor 'a': \"shape\" must hold non-negative integers, got [-2]",
        refusal("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8));
    assertEquals("tensor 'a': shape [3] of F32 needs 12 bytes, data_offsets [0, 8] give 8",
        refusal("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
    assertEquals("tensor 'a': data_offsets [8, 0] end before they begin",
        refusal("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8));
    assertEquals("__metadata__ entry \"n\" must be a string, got the number 1",
        refusal("{\"__metadata__\":{\"n\":1}}", 0));
  }

  private static String two(int secondBegin) {
    return "{" + ONE + ",\"b\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":["
        + secondBegin + "," + (secondBegin + 4) + "]}}";
  }

  @Test
  void refusesOffsetsThatLeaveGapsOverlapOrMissTheData() {
    assertEquals("tensor 'b' starts at data offset 6, where it overlaps the tensor before it,"
        + " which ends at 8", refusal(two(6), 10));
    assertEquals("tensor 'b' starts at data offset 9, where a gap follows the tensor before"
        + " it, which ends at 8", refusal(two(9), 13));
    assertEquals("tensor 'b' ends at data offset 12, past the 11 bytes of data the file holds",
        refusal(two(8), 11));
    assertEquals("the tensors cover 12 of the 13 data bytes the file holds; the rest belongs"
        + " to no tensor", refusal(two(8), 13));
  }

  @Test
  void refusesNonFiniteValuesNamingTheElement() {
    byte[] bytes = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],"
        + "\"data_offsets\":[0,16]}}", 16);
    int data = bytes.length - 16;
    ByteBuffer.wrap(bytes, data + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
    assertEquals("tensor 'w' holds NaN at element 2 [1, 0]; weights must be finite",
        refusal(bytes));
    byte[] half = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[1],"
        + "\"data_offsets\":[0,2]}}", 2);
    half[half.length - 1] = (byte) 0xfc; // 0xfc00: −∞ in binary16
    assertEquals("tensor 'h' holds -Infinity at element 0 [0]; weights must be finite",
        refusal(half));
  }
}
