package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  /** Three 2×3 images; pixel values chosen so that v / 255 is easy to check. */
  private static final int[][] PIXELS = {
      {0, 255, 51, 102, 153, 204},
      {1, 2, 3, 4, 5, 6},
      {255, 255, 255, 0, 0, 0}};

  @TempDir
  Path dir;

  private static byte[] images(int magic, int count, int rows, int columns, int[][] pixels)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(columns);
    for (int[] image : pixels) {
      for (int pixel : image) {
        out.writeByte(pixel);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] labels(int magic, int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(labels.length);
    for (int label : labels) {
      out.writeByte(label);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] validImages() throws IOException {
    return images(Idx.IMAGES_MAGIC, 3, 2, 3, PIXELS);
  }

  private static byte[] validLabels() throws IOException {
    return labels(Idx.LABELS_MAGIC, 7, 0, 9);
  }

  private static void assertLoadedCorrectly(Dataset data) {
    assertEquals(3, data.rows());
    assertEquals(6, data.width());
    assertArrayEquals(new int[] {7, 0, 9}, data.labels());
    float[] expected = new float[18];
    for (int i = 0; i < 18; i++) {
      expected[i] = PIXELS[i / 6][i % 6] / 255f;
    }
    assertArrayEquals(expected, data.features());
    assertEquals(1f, data.features()[1]);
    assertEquals(0.2f, data.features()[2], 1e-7f);
  }

  private String rejection(byte[] images, byte[] labels) throws IOException {
    Path imagePath = write("images", images);
    Path labelPath = write("labels", labels);
    return assertThrows(IllegalArgumentException.class, () -> Idx.load(imagePath, labelPath))
        .getMessage();
  }

  @Test
  void loadsPlainFilesScalingPixelsToUnitInterval() throws IOException {
    assertLoadedCorrectly(Idx.load(write("i", validImages()), write("l", validLabels())));
  }

  @Test
  void loadsGzipFilesRecognisedByTheirMagicBytes() throws IOException {
    // Deliberately misleading names: detection must not depend on ".gz".
    assertLoadedCorrectly(Idx.load(write("i.idx", gzip(validImages())),
        write("l.idx", gzip(validLabels()))));
  }

  @Test
  void loadsAMixOfGzipAndPlain() throws IOException {
    assertLoadedCorrectly(Idx.load(write("i.gz", gzip(validImages())), write("l", validLabels())));
  }

  @Test
  void rejectsWrongMagicNumbers() throws IOException {
    String swapped = rejection(validLabels(), validImages());
    assertTrue(swapped.contains("magic number 0x00000803") && swapped.contains("0x00000801"),
        swapped);
    String images = rejection(images(0x00000802, 3, 2, 3, PIXELS), validLabels());
    assertTrue(images.contains("images") && images.contains("0x00000802"), images);
  }

  @Test
  void rejectsTruncatedPixelData() throws IOException {
    byte[] whole = validImages();
    String message = rejection(Arrays.copyOf(whole, whole.length - 4), validLabels());
    assertTrue(message.contains("truncated") && message.contains("18 pixel bytes")
        && message.contains("only 14"), message);
  }

  @Test
  void aHeaderDeclaringMoreThanTheFileHoldsFailsBeforeAllocatingIt() throws IOException {
    // 25 bytes declaring one 46 340 × 46 340 image: 8.6 GB of floats.
    byte[] images =
        images(Idx.IMAGES_MAGIC, 1, 46_340, 46_340, new int[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9}});
    assertEquals(25, images.length);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (byte[] content : List.of(images, gzip(images))) {
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      String message = rejection(content, labels(Idx.LABELS_MAGIC, 3));
      long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      assertTrue(message.contains("truncated") && message.contains("2147395600 pixel bytes")
          && message.contains("only 9"), message);
      assertTrue(allocated < 4 << 20, "bytes allocated for a 25-byte file: " + allocated);
    }
  }

  @Test
  void aGzipFileCutAnywhereIsRejectedNamingTheFile() throws IOException {
    byte[] compressed = gzip(validImages());
    // Inside the gzip header, inside the deflate data, inside the 8-byte trailer.
    for (int length : new int[] {1, 5, 12, compressed.length - 12, compressed.length - 3}) {
      String message = rejection(Arrays.copyOf(compressed, length), validLabels());
      assertTrue(message.startsWith(dir.resolve("images") + " is truncated"),
          "cut at " + length + " of " + compressed.length + ": " + message);
    }
  }

  @Test
  void rejectsTruncatedGzipFile() throws IOException {
    byte[] compressed = gzip(validImages());
    String message = rejection(Arrays.copyOf(compressed, compressed.length - 12), validLabels());
    assertTrue(message.contains("truncated"), message);
  }

  @Test
  void rejectsTruncatedHeaderAndLabels() throws IOException {
    String dir = this.dir.toString() + "/";
    assertEquals(dir + "images is truncated: it ends before the 4-byte magic number",
        rejection(new byte[] {0, 0, 8}, validLabels()));
    assertEquals(dir + "images is truncated: it ends before the header field images count",
        rejection(Arrays.copyOf(validImages(), 6), validLabels()));
    assertEquals(dir + "images is truncated: it ends before the header field image rows",
        rejection(Arrays.copyOf(validImages(), 10), validLabels()));
    byte[] shortLabels = Arrays.copyOf(validLabels(), 10);
    String message = rejection(validImages(), shortLabels);
    assertTrue(message.contains("3 label bytes") && message.contains("only 2"), message);
  }

  @Test
  void rejectsImageAndLabelCountsThatDisagree() throws IOException {
    String message = rejection(validImages(), labels(Idx.LABELS_MAGIC, 1, 2));
    assertTrue(message.contains("3 images") && message.contains("2 labels"), message);
  }

  @Test
  void rejectsBytesBeyondTheDeclaredData() throws IOException {
    byte[] longer = Arrays.copyOf(validImages(), validImages().length + 1);
    assertTrue(rejection(longer, validLabels()).contains("bytes after the data"));
  }

  @Test
  void rejectsEmptyImages() throws IOException {
    String message = rejection(images(Idx.IMAGES_MAGIC, 3, 0, 3, new int[0][]), validLabels());
    assertTrue(message.contains("empty images"), message);
  }

  @Test
  void loadsTheRealFashionMnistTestSet() throws IOException {
    Path images = FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");
    Path labels = FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz");
    assumeTrue(Files.isReadable(images) && Files.isReadable(labels),
        "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    Dataset data = Idx.load(images, labels);
    assertEquals(10000, data.rows());
    assertEquals(784, data.width());
    assertEquals(10, data.classCount());
    int[] perClass = new int[10];
    for (int label : data.labels()) {
      perClass[label]++;
    }
    int[] thousandEach = new int[10];
    Arrays.fill(thousandEach, 1000);
    assertArrayEquals(thousandEach, perClass);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float pixel : data.features()) {
      min = Math.min(min, pixel);
      max = Math.max(max, pixel);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }
}
