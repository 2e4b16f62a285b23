package dev.nabla;

/** How an inference object stores its weights. Activations and sums are float32 in every case. */
public enum Precision {
  /** 4 bytes per weight: predictions equal the trainable model's. */
  FLOAT32,
  /** IEEE 754 binary16, 2 bytes per weight, rounded to nearest even. */
  FLOAT16,
  /**
   * 1 byte per weight, symmetric per output unit: W[i][j] ≈ scale[j]·q[i][j] with q in
   * [−127, 127] and scale[j] = max_i |W[i][j]| / 127. A {@code @Quantized} layer whose W lies
   * on its grid within ±127 steps keeps its step as scale, so it is stored exactly.
   */
  INT8
}
