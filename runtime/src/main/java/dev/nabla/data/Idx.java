package dev.nabla.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads image/label pairs in the IDX format of MNIST and Fashion-MNIST: a big-endian header
 * (magic 0x00000803 then count, rows, columns for images; magic 0x00000801 then count for labels)
 * followed by unsigned bytes. Files may be gzip-compressed; that is recognised by their first two
 * bytes (1f 8b), not by their name.
 *
 * <p>Pixels become floats in [0, 1] (value / 255); each image is one row of rows·columns
 * features. Read failures propagate as {@link IOException}; content that is not a valid IDX pair
 * (wrong magic, truncated, extra bytes, image and label counts that disagree) is rejected with an
 * {@link IllegalArgumentException} naming the source and the problem.
 */
public final class Idx {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;
  private static final int CHUNK = 1 << 16;

  private Idx() {}

  /** Loads the images and labels files into one labelled data set. */
  public static Dataset load(Path images, Path labels) throws IOException {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    try (InputStream imageStream = Files.newInputStream(images);
        InputStream labelStream = Files.newInputStream(labels)) {
      return load(imageStream, images.toString(), labelStream, labels.toString());
    }
  }

  /**
   * Loads images and labels from streams (for example classpath resources); the names appear in
   * error messages. The streams are read to their end but not closed.
   */
  public static Dataset load(InputStream images, String imagesName, InputStream labels,
      String labelsName) throws IOException {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    int[] labelValues = readLabels(decompressed(labels, labelsName), labelsName);
    DataInputStream imageInput = decompressed(images, imagesName);
    int count = readHeader(imageInput, IMAGES_MAGIC, imagesName, "images");
    int imageRows = readDimension(imageInput, imagesName, "image rows");
    int imageColumns = readDimension(imageInput, imagesName, "image columns");
    if (count != labelValues.length) {
      throw new IllegalArgumentException(imagesName + " holds " + count + " images but "
          + labelsName + " holds " + labelValues.length + " labels");
    }
    if (imageRows == 0 || imageColumns == 0) {
      throw new IllegalArgumentException(imagesName + " declares empty images of " + imageRows
          + "×" + imageColumns + " pixels");
    }
    long pixelCount = (long) count * imageRows * imageColumns;
    if (pixelCount > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(imagesName + " declares " + count + " images of "
          + imageRows + "×" + imageColumns + " pixels, more than one float array can hold");
    }
    int width = imageRows * imageColumns;
    byte[] bytes = readData(imageInput, (int) pixelCount, imagesName, "pixel bytes");
    requireEnd(imageInput, imagesName);
    float[] pixels = new float[bytes.length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (bytes[i] & 0xff) / 255f;
    }
    return Dataset.withLabels(pixels, width, labelValues);
  }

  private static int[] readLabels(DataInputStream in, String name) throws IOException {
    int count = readHeader(in, LABELS_MAGIC, name, "labels");
    byte[] bytes = readData(in, count, name, "label bytes");
    requireEnd(in, name);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[i] & 0xff;
    }
    return labels;
  }

  /**
   * The {@code count} data bytes the header declares. The array grows as data arrives, so a header
   * declaring more than the file holds fails as truncation after allocating at most twice what
   * the file holds, never what the header claims.
   */
  private static byte[] readData(DataInputStream in, int count, String name, String what)
      throws IOException {
    byte[] bytes = new byte[Math.min(count, CHUNK)];
    for (int done = 0; done < count; ) {
      if (done == bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(count, 2L * bytes.length));
      }
      int n = bytes.length - done;
      readFully(in, bytes, done, n, name, what, done, count);
      done += n;
    }
    return bytes;
  }

  /** Reads the magic number and the item count. */
  private static int readHeader(DataInputStream in, int expectedMagic, String name, String kind)
      throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw truncatedHeader(name, "the 4-byte magic number");
    }
    if (magic != expectedMagic) {
      throw new IllegalArgumentException(name + " starts with magic number "
          + String.format("0x%08x", magic) + " but IDX " + kind + " files start with "
          + String.format("0x%08x", expectedMagic));
    }
    return readDimension(in, name, kind + " count");
  }

  private static int readDimension(DataInputStream in, String name, String what)
      throws IOException {
    int value;
    try {
      value = in.readInt();
    } catch (EOFException e) {
      throw truncatedHeader(name, "the header field " + what);
    }
    if (value < 0) {
      throw new IllegalArgumentException(name + " declares " + what + " " + value
          + " (read as unsigned: " + Integer.toUnsignedString(value) + "), which is too large");
    }
    return value;
  }

  private static void readFully(InputStream in, byte[] buffer, int offset, int length,
      String name, String what, int alreadyRead, int expectedTotal) throws IOException {
    int done = 0;
    try {
      while (done < length) {
        int n = in.read(buffer, offset + done, length - done);
        if (n < 0) {
          break;
        }
        done += n;
      }
    } catch (EOFException e) {
      // A gzip stream cut short reports its end this way rather than by returning -1.
    }
    if (done < length) {
      throw new IllegalArgumentException(name + " is truncated: its header declares "
          + expectedTotal + " " + what + " but only " + (alreadyRead + done) + " follow");
    }
  }

  private static void requireEnd(InputStream in, String name) throws IOException {
    int next;
    try {
      next = in.read();
    } catch (EOFException e) {
      throw new IllegalArgumentException(name + " is truncated: its gzip stream ends before its "
          + "trailer");
    }
    if (next >= 0) {
      throw new IllegalArgumentException(
          name + " has bytes after the data its header declares; the header or file is wrong");
    }
  }

  private static IllegalArgumentException truncatedHeader(String name, String what) {
    return new IllegalArgumentException(name + " is truncated: it ends before " + what);
  }

  /** The stream itself, or a gunzipping view of it when it starts with the gzip magic bytes. */
  private static DataInputStream decompressed(InputStream raw, String name) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    boolean gzip = first == 0x1f && second == 0x8b;
    if (!gzip) {
      return new DataInputStream(buffered);
    }
    try {
      return new DataInputStream(
          new BufferedInputStream(new GZIPInputStream(buffered, CHUNK), CHUNK));
    } catch (EOFException e) {
      throw new IllegalArgumentException(name + " is truncated: it ends inside its gzip header");
    }
  }
}
