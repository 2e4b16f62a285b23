package dev.nabla.internal.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One persistent daemon worker that joins packed GEMMs. Hand-off without allocation: the
 * caller publishes its {@link SharedWork} (a {@link PackedGemm} job) in a volatile field and
 * moves {@code state} from IDLE to POSTED; the worker (spinning briefly, then parked) claims it
 * with a CAS to RUNNING and both threads take units from the job's counters. If the caller
 * finishes every unit before the worker has claimed the job, it cancels the post with a CAS back
 * to IDLE and does not wait.
 */
final class GemmWorker {
  /** Work that the caller and the worker share by claiming units from common counters. */
  interface SharedWork {
    /** Claims units until none are left, with this thread's tile buffer. */
    void runShared(float[] tile);

    /** Drops the references to the caller's arrays. */
    void clear();
  }

  private static final int IDLE = 0;
  private static final int POSTED = 1;
  private static final int RUNNING = 2;
  private static final int DONE = 3;
  /** Spin iterations (Thread.onSpinWait) before parking: some tens of microseconds. */
  private static final int SPINS = 2_000;

  private final AtomicInteger state = new AtomicInteger(IDLE);
  /** Only one caller at a time may use the worker; others run on one thread. */
  private final AtomicInteger owner = new AtomicInteger();
  private volatile SharedWork job;
  private volatile Thread waiter;
  private volatile Thread thread;
  private volatile Throwable failure;

  /** The worker thread, or null before the first parallel GEMM. */
  Thread thread() {
    return thread;
  }

  private Thread start() {
    Thread t = thread;
    if (t == null) {
      synchronized (this) {
        t = thread;
        if (t == null) {
          t = new Thread(this::work, "nabla-gemm-worker");
          t.setDaemon(true);
          t.start();
          thread = t;
        }
      }
    }
    return t;
  }

  /** Runs the job on two threads and returns true, or returns false if the worker is busy. */
  boolean tryRun(SharedWork j) {
    if (!owner.compareAndSet(0, 1)) {
      return false;
    }
    try {
      Thread t = start();
      float[] tile = Scratch.get().tile;
      job = j;
      waiter = Thread.currentThread();
      state.set(POSTED);
      LockSupport.unpark(t);
      j.runShared(tile);
      if (!state.compareAndSet(POSTED, IDLE)) {
        int spins = 0;
        while (state.get() != DONE) {
          if (++spins < SPINS) {
            Thread.onSpinWait();
          } else {
            LockSupport.park(this);
          }
        }
        state.set(IDLE);
      }
      job = null;
      j.clear();
      Throwable f = failure;
      if (f != null) {
        failure = null;
        if (f instanceof RuntimeException) {
          throw (RuntimeException) f;
        }
        if (f instanceof Error) {
          throw (Error) f;
        }
        throw new IllegalStateException(f);
      }
      return true;
    } finally {
      owner.set(0);
    }
  }

  private void work() {
    float[] tile = Scratch.get().tile;
    while (true) {
      int spins = 0;
      while (state.get() != POSTED) {
        if (++spins < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (!state.compareAndSet(POSTED, RUNNING)) {
        continue; // the caller did everything and cancelled
      }
      try {
        job.runShared(tile);
      } catch (Throwable t) {
        failure = t;
      }
      state.set(DONE);
      LockSupport.unpark(waiter);
    }
  }
}
