package dev.nabla.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a weights file holds of int8 weights, scale·q, quantizes back to the same q and scales
 * whatever the column maxima: so an int8 inference object saved and rebuilt predicts bit for bit.
 */
class Int8RoundTripTest {
  @Test
  void dequantizedWeightsQuantizeToTheSameBytesAndScales() {
    SplittableRandom random = new SplittableRandom(11);
    int in = 7;
    int units = 4000;
    float[] w = new float[in * units];
    for (int k = 0; k < w.length; k++) {
      // Magnitudes over many binades, so the column maxima take every kind of value.
      w[k] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-6, 4)));
    }
    Int8Weights first = Int8Weights.quantize(w, 0, null, 0, in, units);
    Int8Weights again = Int8Weights.quantize(first.weights(), 0, null, 0, in, units);
    assertArrayEquals(first.scales(), again.scales());
    assertArrayEquals(first.quantized(), again.quantized());
  }
}
