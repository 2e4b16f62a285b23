package dev.nabla.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a generated model to one thread at a time. Every public entry point that touches the
 * model's buffers enters the guard first and exits it in {@code finally}; a call from a second
 * thread while the first is inside throws {@link IllegalStateException} before touching anything,
 * so misuse fails loudly instead of mixing two threads' numbers. Nested calls of the owning
 * thread (trainStep → computeGradients → parametersChanged) pass. Called by generated code only.
 */
public final class OwnerGuard {
  private final String model;
  private final AtomicReference<Thread> owner = new AtomicReference<>();

  /** @param model the model's name, for the message */
  public OwnerGuard(String model) {
    this.model = model;
  }

  /**
   * Makes the calling thread the owner for a call of {@code entryPoint}.
   *
   * @return whether this call took ownership, and must hand it back in {@link #exit}; false for a
   *     nested call of the owner
   * @throws IllegalStateException if another thread is inside the model
   */
  public boolean enter(String entryPoint) {
    Thread current = Thread.currentThread();
    while (!owner.compareAndSet(null, current)) {
      Thread holder = owner.get();
      if (holder == current) {
        return false;
      }
      if (holder != null) {
        throw new IllegalStateException("Thread " + current.getName() + " called " + entryPoint
            + " on " + model + " while thread " + holder.getName() + " is using it; a model is "
            + "for one thread at a time: give each thread its own model, or make the calls "
            + "take turns");
      }
      // The holder left between the two reads: try again.
    }
    return true;
  }

  /** Ends a call; {@code entered} is what its {@link #enter} returned. */
  public void exit(boolean entered) {
    if (entered) {
      owner.setRelease(null);
    }
  }
}
