package dev.nabla.internal;

import dev.nabla.NablaModel;

/**
 * A generated model class: it extends the user's declaration, so it hands every
 * {@link NablaModel} call to its {@link ModelCore}. Not API.
 */
public interface GeneratedModel extends GeneratedNetwork {
  /** The core doing the work; generated code only. */
  @Override
  ModelCore nablaCore();

  /**
   * Draws every W′ from {@code seed} (He-normal before ReLU, Xavier-uniform otherwise) and sets
   * every b′ to 0; the constructor does so with seed 0. Replace per layer with
   * {@link dev.nabla.Dense#initialize}.
   */
  default void initialize(long seed) {
    nablaCore().initialize(seed);
  }
}
