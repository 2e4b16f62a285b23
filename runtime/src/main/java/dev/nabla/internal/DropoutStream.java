package dev.nabla.internal;

/**
 * Where a model's dropout masks come from: the seed of its last {@code initialize(seed)}, the
 * number of training passes since, and whether a training pass is running (outside one, dropout
 * is the identity). One per model; not API.
 */
public final class DropoutStream {
  private long seed;
  private long pass;
  private boolean training;

  /** Restarts the masks from {@code seed}, as if no training pass had run. */
  void reseed(long seed) {
    this.seed = seed;
    this.pass = 0;
  }

  /** Starts a training pass, with masks never drawn before from this seed. */
  void beginTraining() {
    pass++;
    training = true;
  }

  void endTraining() {
    training = false;
  }

  boolean training() {
    return training;
  }

  /** The key of layer {@code layer}'s mask in the current pass. */
  long key(int layer) {
    return DropoutMask.mix(seed ^ DropoutMask.mix(pass * DropoutMask.GOLDEN + layer));
  }
}
