package dev.nabla.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a safetensors file: a {@link DType}, a shape and its elements, row-major
 * (C order), held as the file's little-endian bytes. Immutable; every accessor returns a copy.
 * Floating-point tensors hold finite values only: the factories and the reader refuse NaN and
 * infinities. A tensor holds at most {@code Integer.MAX_VALUE - 8} bytes.
 */
public final class Tensor {
  /** The element types Nabla reads and writes, by their safetensors names. */
  public enum DType {
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary16. */
    F16(2),
    /** Signed 8-bit integer. */
    I8(1);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }
  }

  private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  private final DType dtype;
  private final int[] shape;
  private final byte[] data;

  private Tensor(DType dtype, int[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  /** F32 tensor of {@code values} with {@code shape} (no dimensions: a scalar). */
  public static Tensor ofFloats(float[] values, int... shape) {
    int[] dims = checkShape(shape, values.length, DType.F32);
    byte[] data = new byte[values.length * 4];
    for (int k = 0; k < values.length; k++) {
      checkFinite(values[k], k);
      putInt(data, 4 * k, Float.floatToRawIntBits(values[k]));
    }
    return new Tensor(DType.F32, dims, data);
  }

  /**
   * F16 tensor of {@code values} rounded to the nearest binary16 (ties to even). A value whose
   * magnitude rounds past 65504, the largest binary16, is refused.
   */
  public static Tensor ofFloat16(float[] values, int... shape) {
    int[] dims = checkShape(shape, values.length, DType.F16);
    byte[] data = new byte[values.length * 2];
    for (int k = 0; k < values.length; k++) {
      checkFinite(values[k], k);
      short half = Float16.fromFloat(values[k]);
      if (!Float16.isFinite(half)) {
        throw new IllegalArgumentException("value " + values[k] + " at index " + k
            + " overflows float16 (largest 65504)");
      }
      data[2 * k] = (byte) half;
      data[2 * k + 1] = (byte) (half >>> 8);
    }
    return new Tensor(DType.F16, dims, data);
  }

  /** I8 tensor of {@code values} with {@code shape}. */
  public static Tensor ofInt8(byte[] values, int... shape) {
    int[] dims = checkShape(shape, values.length, DType.I8);
    return new Tensor(DType.I8, dims, values.clone());
  }

  /** A tensor over {@code data} read from a file, whose length the reader has checked. */
  static Tensor fromFile(String name, DType dtype, int[] shape, byte[] data) {
    Tensor tensor = new Tensor(dtype, shape, data);
    if (dtype != DType.I8) {
      float[] values = tensor.toFloats();
      for (int k = 0; k < values.length; k++) {
        if (!Float.isFinite(values[k])) {
          throw new IllegalArgumentException("tensor '" + name + "' holds " + values[k]
              + " at element " + k + " " + Arrays.toString(tensor.indexOf(k))
              + "; weights must be finite");
        }
      }
    }
    return tensor;
  }

  public DType dtype() {
    return dtype;
  }

  /** The dimensions, outermost first. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements: the product of the dimensions (1 for a scalar). */
  public int elementCount() {
    return data.length / dtype.bytes();
  }

  /** The elements as floats: F32 as stored, F16 widened exactly, I8 as its integer values. */
  public float[] toFloats() {
    float[] values = new float[elementCount()];
    for (int k = 0; k < values.length; k++) {
      values[k] = switch (dtype) {
        case F32 -> Float.intBitsToFloat(getInt(data, 4 * k));
        case F16 -> Float16.toFloat((short) ((data[2 * k] & 0xff) | data[2 * k + 1] << 8));
        case I8 -> data[k];
      };
    }
    return values;
  }

  /** The elements of an I8 tensor. */
  public byte[] toInt8() {
    if (dtype != DType.I8) {
      throw new IllegalStateException("a " + dtype + " tensor has no int8 elements");
    }
    return data.clone();
  }

  /** The little-endian bytes, as the file holds them; no copy, for the writer. */
  byte[] rawBytes() {
    return data;
  }

  /** The index of element {@code k} in row-major order, outermost first. */
  int[] indexOf(int k) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = k % shape[d];
      k /= shape[d];
    }
    return index;
  }

  /**
   * Checks {@code shape} (non-negative dimensions) against the element count; returns a copy.
   */
  private static int[] checkShape(int[] shape, int elements, DType dtype) {
    Objects.requireNonNull(shape, "shape");
    long product = 1;
    for (int dimension : shape) {
      if (dimension < 0) {
        throw new IllegalArgumentException("negative dimension in shape "
            + Arrays.toString(shape));
      }
      product *= dimension;
      if (product * dtype.bytes() > MAX_BYTES) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape)
            + " needs more than " + MAX_BYTES + " bytes");
      }
    }
    if (product != elements) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + product
          + " elements, got " + elements + " values");
    }
    return shape.clone();
  }

  private static void checkFinite(float value, int k) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("value " + value + " at index " + k
          + " is not finite; weights files hold finite values only");
    }
  }

  static int getInt(byte[] data, int at) {
    return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16
        | data[at + 3] << 24;
  }

  static void putInt(byte[] data, int at, int value) {
    data[at] = (byte) value;
    data[at + 1] = (byte) (value >>> 8);
    data[at + 2] = (byte) (value >>> 16);
    data[at + 3] = (byte) (value >>> 24);
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
