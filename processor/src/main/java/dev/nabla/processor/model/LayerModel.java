package dev.nabla.processor.model;

import dev.nabla.Activation;
import java.util.List;
import java.util.Objects;

/**
 * One dense layer: W′ ({@code in × units}) at {@code weightOffset} in the flat parameters, then
 * b′ ({@code units}) when {@code bias}. {@code segments} say which parts are mapped to effective
 * weights, and how; parts no segment covers are used as they are. {@code slope} is a LEAKY_RELU's
 * slope for z ≤ 0, 0 with other activations. {@code dropout} is the probability of dropping each
 * output in training, 0 without {@code @Dropout}.
 */
public record LayerModel(String name, int in, int units, Activation activation, boolean bias,
    int weightOffset, List<WeightSegment> segments, double slope, float dropout) {
  public LayerModel {
    Objects.requireNonNull(name);
    Objects.requireNonNull(activation);
    segments = List.copyOf(segments);
  }

  /** A layer without dropout. */
  public LayerModel(String name, int in, int units, Activation activation, boolean bias,
      int weightOffset, List<WeightSegment> segments, double slope) {
    this(name, in, units, activation, bias, weightOffset, segments, slope, 0f);
  }

  /** This layer with dropout {@code rate} on its output. */
  public LayerModel withDropout(float rate) {
    return new LayerModel(name, in, units, activation, bias, weightOffset, segments, slope,
        rate);
  }

  /** Whether the layer drops outputs in training; {@code @Dropout(0)} is the identity. */
  public boolean hasDropout() {
    return dropout > 0;
  }

  public int weightCount() {
    return in * units;
  }

  public int biasOffset() {
    return weightOffset + weightCount();
  }

  public int parameterCount() {
    return weightCount() + (bias ? units : 0);
  }
}
