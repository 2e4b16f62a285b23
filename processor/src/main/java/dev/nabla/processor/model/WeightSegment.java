package dev.nabla.processor.model;

import java.util.Optional;

/**
 * A contiguous run of parameters whose effective value is W = quantize(map(W′)).
 *
 * @param map the constraint map, if any
 * @param quantizer the quantizer, if any; at least one of the two is present
 */
public record WeightSegment(int offset, int length, Optional<WeightMap> map,
    Optional<Quantizer> quantizer) {
  public WeightSegment {
    if (map.isEmpty() && quantizer.isEmpty()) {
      throw new IllegalArgumentException("a segment maps or quantizes");
    }
    if (length <= 0) {
      throw new IllegalArgumentException("empty segment");
    }
  }
}
