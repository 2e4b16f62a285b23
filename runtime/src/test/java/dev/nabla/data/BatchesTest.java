package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {
  /** Row i: features (i, −i), label i, target 10·i. */
  private static Dataset numbered(int rows) {
    float[] features = new float[rows * 2];
    int[] labels = new int[rows];
    float[] targets = new float[rows];
    for (int i = 0; i < rows; i++) {
      features[2 * i] = i;
      features[2 * i + 1] = -i;
      labels[i] = i;
      targets[i] = 10 * i;
    }
    return Dataset.of(features, 2, labels, targets, 1);
  }

  /** Runs one epoch, checks each batch's rows stay whole, and returns the labels in order. */
  private static int[] epoch(Batches batches, int rows, int... expectedBatchRows) {
    int[] visited = new int[rows];
    int count = 0;
    int batch = 0;
    for (int n; (n = batches.next()) > 0; batch++) {
      assertEquals(expectedBatchRows[batch], n, "rows of batch " + batch);
      for (int i = 0; i < n; i++) {
        int label = batches.labels()[i];
        assertEquals(label, batches.features()[2 * i]);
        assertEquals(-label, batches.features()[2 * i + 1]);
        assertEquals(10 * label, batches.targets()[i]);
        visited[count++] = label;
      }
    }
    assertEquals(expectedBatchRows.length, batch);
    assertEquals(rows, count);
    return visited;
  }

  @Test
  void everyEpochVisitsEveryRowOnceKeepingThePartialLastBatch() {
    Batches batches = new Batches(numbered(10), 4, 1);
    assertEquals(3, batches.batchesPerEpoch());
    for (int e = 0; e < 3; e++) {
      batches.shuffle();
      int[] visited = epoch(batches, 10, 4, 4, 2);
      Arrays.sort(visited);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, visited);
    }
  }

  @Test
  void buffersAreAllocatedOnceAndReused() {
    Batches batches = new Batches(numbered(10), 4, 1);
    float[] features = batches.features();
    int[] labels = batches.labels();
    assertEquals(8, features.length);
    assertEquals(4, labels.length);
    batches.shuffle();
    epoch(batches, 10, 4, 4, 2);
    assertSame(features, batches.features());
    assertSame(labels, batches.labels());
  }

  @Test
  void ordersDifferBetweenEpochsAndRepeatForTheSameSeed() {
    Batches first = new Batches(numbered(20), 5, 99);
    Batches second = new Batches(numbered(20), 5, 99);
    first.shuffle();
    second.shuffle();
    int[] epochOne = epoch(first, 20, 5, 5, 5, 5);
    assertArrayEquals(epochOne, epoch(second, 20, 5, 5, 5, 5));
    first.shuffle();
    assertFalse(Arrays.equals(epochOne, epoch(first, 20, 5, 5, 5, 5)));
  }

  @Test
  void rewindRepeatsTheCurrentOrder() {
    Batches batches = new Batches(numbered(7), 3, 5);
    int[] unshuffled = epoch(batches, 7, 3, 3, 1);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, unshuffled);
    batches.shuffle();
    int[] shuffled = epoch(batches, 7, 3, 3, 1);
    batches.rewind();
    assertArrayEquals(shuffled, epoch(batches, 7, 3, 3, 1));
  }

  @Test
  void batchLargerThanTheDataHoldsAllRows() {
    Batches batches = new Batches(numbered(3), 100, 0);
    assertEquals(3, batches.batchSize());
    assertEquals(1, batches.batchesPerEpoch());
    epoch(batches, 3, 3);
  }

  @Test
  void labelsOnlyDataHasNoTargetBuffer() {
    Batches batches = new Batches(Dataset.withLabels(new float[4], 2, new int[2]), 2, 0);
    assertNull(batches.targets());
  }

  @Test
  void rejectsBadBatchSizeAndEmptyData() {
    assertThrows(IllegalArgumentException.class, () -> new Batches(numbered(3), 0, 0));
    Dataset empty = numbered(3).subset(new int[0]);
    assertThrows(IllegalArgumentException.class, () -> new Batches(empty, 2, 0));
  }

  @Test
  void anEpochAllocatesNothingAfterWarmUp() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Batches batches = new Batches(numbered(1000), 32, 3);
    long checksum = 0;
    for (int warmUp = 0; warmUp < 200; warmUp++) {
      checksum += drain(batches);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    checksum += drain(batches);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertEquals(0, allocated, "bytes allocated by one epoch");
    assertEquals(201L * (999 * 1000 / 2), checksum);
  }

  private static long drain(Batches batches) {
    batches.shuffle();
    long sum = 0;
    for (int n; (n = batches.next()) > 0; ) {
      for (int i = 0; i < n; i++) {
        sum += batches.labels()[i];
      }
    }
    return sum;
  }
}
