package dev.nabla.internal.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species of the vector kernels and their lane sums; the bottom layer of the
 * Vector API implementation (routing {@link PanamaGemm} → GEMM paths and element-wise kernels →
 * this class and {@link Scratch}).
 *
 * <h2 id="boxing">Vectors stay in registers only if C2 sees all of their uses (JDK 17)</h2>
 * A vector that C2 cannot keep in a register is boxed: allocated on the heap, about 100× slower.
 * Every kernel is written so that this never happens once compiled:
 * <ul>
 *   <li><b>no vector merged across branches</b>: a vector assigned in both arms of an
 *       {@code if} (or updated conditionally in a loop) is boxed at the merge point, so each
 *       branch does its own arithmetic and stores, or the choice is made by a blend or by data
 *       (e.g. accumulators that start from the bias or from zeros);
 *   <li>no vector passed to or returned from a method that C2 may not inline: the caller
 *       stores the vector into an array (see {@link #sumLanes});
 *   <li>no vector live across such a call: fetch thread-local buffers (see {@link #lanes()})
 *       before computing any vector.
 * </ul>
 * Comments at the places that follow these rules refer here.
 */
final class VectorLanes {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /**
   * The fewest float lanes the kernels run on. Their lane sums take 4 lanes at a time, and with
   * fewer C2 leaves the gathers of the GEMM packing and the transposes as allocating calls.
   */
  static final int MIN_LANES = 4;

  private VectorLanes() {}

  /**
   * Σ of L lanes stored at {@code lanes[off]}, in one fixed order. reduceLanes(ADD) may associate
   * differently once C2 compiles it, and a model's results must not depend on how far the JIT has
   * got. The caller stores the vector (<a href="#boxing">boxing rules</a>).
   */
  static float sumLanes(float[] lanes, int off) {
    // four partial sums (lanes k ≡ 0, 1, 2, 3 mod 4): a chain of L dependent adds costs more;
    // L is a power of two of at least MIN_LANES = 4, so the loop reads exactly the L lanes
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    for (int k = 0; k < L; k += 4) {
      s0 += lanes[off + k];
      s1 += lanes[off + k + 1];
      s2 += lanes[off + k + 2];
      s3 += lanes[off + k + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * This thread's buffer for {@link #sumLanes}: room for eight vectors. Fetch it before computing
   * any vector (<a href="#boxing">boxing rules</a>).
   */
  static float[] lanes() {
    return LANES.get();
  }

  private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[8 * L]);
}
