package dev.nabla.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API GEMM for the three layouts of {@link KernelSupport}, written against one logical
 * product C (M×N, row-major, overwritten) = A′ (M×K) · B′ (K×N) where
 * A′(i,p) = a[aOff + i·ars + p·acs] and B′(p,j) = b[bOff + p·brs + j·bcs].
 *
 * <p>Paths (see {@code /work/shared/peers/limits/VECTOR_NOTES.md} for the measurements behind them):
 * <ul>
 *   <li>large products: A packed into MR-row panels and B into 2-vector-wide zero-padded panels,
 *       both p-major, feeding one MR×(2 vectors) register-blocked FMA micro-kernel with constant
 *       strides (MR = 4 with 256-bit vectors, 8 with 512-bit ones, see {@link #MR}); K is blocked
 *       by {@link #KC}; edge tiles go through a small tile buffer;
 *   <li>N &lt; L (tiny outputs): B packed into a K×L zero-padded scratch, 8 rows of unpacked A
 *       broadcast, rows stored with overlapping full-vector stores in ascending order;
 *   <li>M &lt; 4 (batch 1–3) and narrow TN outputs: unpacked broadcast ("axpy") kernels, with the
 *       overlap trick for the column remainder (the last vector ends at column N);
 *   <li>narrow NN/NT outputs and NT with M &lt; 4: k-vectorised dot-product kernels (2 A rows × 4
 *       Bᵀ rows), B transposed into scratch for NN.
 * </ul>
 * No masked loads or stores anywhere (JDK 17 does not intrinsify them on AVX2). Out-of-range
 * rows and columns of a tile are clamped to the last valid one, so duplicates recompute and store
 * bit-identical values. Scratch buffers are per thread and grow-only.
 */
final class PanamaGemm {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** Int lanes of the same shape, and their indices 0 … L−1. */
  private static final VectorSpecies<Integer> I = S.withLanes(int.class);
  private static final int[] LANE_INDEX = java.util.stream.IntStream.range(0, L).toArray();
  /**
   * Rows of an A panel / of the micro-tile: 4 (8 accumulators) with 16 vector registers (AVX2);
   * 8 (16 accumulators) with 512-bit vectors, which come with 32 registers (AVX-512).
   * Overridable with -Dnabla.gemmRows=4|8 for measurements.
   */
  static final int MR = Integer.getInteger("nabla.gemmRows", L >= 16 ? 8 : 4) == 8 ? 8 : 4;
  /** Columns of a B panel / of the micro-tile (2 vectors). */
  static final int NR = 2 * L;
  /** p's per gather when packing an A panel whose rows are contiguous (0: no gathers, L < MR). */
  private static final int P_PER_GATHER = L / MR;
  /** K block: a B micro-panel KC×NR (16 KiB for 8 lanes) stays in L1. */
  static final int KC = 256;
  /** A panels per parallel work unit (32 rows). */
  static final int UNIT_PANELS = 32 / MR;
  /** B panels per packing unit. */
  static final int PACK_B_PANELS = 4;

  static final int STORE = 0;
  static final int BIAS = 1;
  static final int ACC = 2;

  private PanamaGemm() {}

  // ---------------------------------------------------------------------------------------------
  // Per-thread scratch.

  static final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    float[] aPack = new float[0];
    float[] bPack = new float[0];
    float[] aux = new float[0];
    int[] indices = new int[0];
    float[] elementwise = new float[0];
    final float[] tile = new float[Math.max(MR * NR, 8 * L)];
    final Job job = new Job();

    static Scratch get() {
      return LOCAL.get();
    }

    float[] aPack(int size) {
      if (aPack.length < size) {
        aPack = new float[grow(aPack.length, size)];
      }
      return aPack;
    }

    float[] bPack(int size) {
      if (bPack.length < size) {
        bPack = new float[grow(bPack.length, size)];
      }
      return bPack;
    }

    int[] indices(int size) {
      if (indices.length < size) {
        indices = new int[grow(indices.length, size)];
      }
      return indices;
    }

    float[] aux(int size) {
      if (aux.length < size) {
        aux = new float[grow(aux.length, size)];
      }
      return aux;
    }

    float[] elementwise(int size) {
      if (elementwise.length < size) {
        elementwise = new float[grow(elementwise.length, size)];
      }
      return elementwise;
    }

    private static int grow(int old, int needed) {
      return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, old + (old >> 1)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Entry point.

  /**
   * C = A′·B′ (+ bias); the strides say which layout A′ and B′ have. {@code pool} may be null for
   * one thread. {@code weights} may be null; otherwise B′ is an NN weight matrix that the packed
   * path reads from (and first packs into) those panels.
   */
  static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k, Pool pool,
      long parallelFlops, PackedWeights weights) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * n;
        if (bias == null) {
          java.util.Arrays.fill(c, ci, ci + n, 0f);
        } else {
          System.arraycopy(bias, biasOff, c, ci, n);
        }
      }
      return;
    }
    switch (route(m, n, k, ars, acs, brs, bcs)) {
      case NARROW_ROWS:
        narrowRows(a, aOff, ars, acs, b, bOff, brs, bias, biasOff, c, cOff, m, n, k);
        break;
      case TINY:
        tiny(a, aOff, ars, acs, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n, k);
        break;
      case AXPY:
        axpy(a, aOff, ars, acs, b, bOff, brs, bias, biasOff, c, cOff, m, n, k);
        break;
      case DOT:
        dot(a, aOff, ars, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n, k);
        break;
      default:
        packed(a, aOff, ars, acs, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n, k, pool,
            parallelFlops, weights);
    }
  }

  private static final int PACKED = 0;
  private static final int NARROW_ROWS = 1;
  private static final int TINY = 2;
  private static final int AXPY = 3;
  private static final int DOT = 4;

  /** Which path computes an M×N×K product with these strides (k ≥ 1). */
  private static int route(int m, int n, int k, int ars, int acs, int brs, int bcs) {
    boolean smallM = m < MR;
    boolean dotable = acs == 1 && k >= NR && (brs == 1 || bcs == 1);
    if (n < L) {
      // batch 1–7: rows of B′ as vectors, or dot products; else the tiny-output kernel
      return smallM && bcs == 1 ? NARROW_ROWS : smallM && dotable ? DOT : TINY;
    }
    if (bcs == 1 && (smallM || (ars == 1 && n <= NR))) {
      return AXPY; // NN with a small batch, or TN (A′ columns contiguous) with a narrow output
    }
    return dotable && (smallM || n <= NR) ? DOT : PACKED;
  }

  /**
   * Floats of the panels of a k×n NN weight matrix (B′ of X·W) if a product with a batch of at
   * least MR rows packs it, else 0.
   */
  static int weightPanelSize(int k, int n) {
    if (k == 0 || n == 0 || route(MR, n, k, k, 1, n, 1) != PACKED) {
      return 0;
    }
    return (n + NR - 1) / NR * NR * k;
  }

  // ---------------------------------------------------------------------------------------------
  // Packed path.

  private static void packed(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
      int bcs, float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k, Pool pool,
      long parallelFlops, PackedWeights weights) {
    Scratch scratch = Scratch.get();
    int mPanels = (m + MR - 1) / MR;
    int nPanels = (n + NR - 1) / NR;
    boolean hasPanels = weights != null && weights.panels != null;
    boolean bPacked = hasPanels && weights.holds(b, bOff);
    boolean keep = hasPanels && !bPacked && weights.repeats(b, bOff);
    if (keep) {
      weights.invalidate(); // until the packing below has completed
    }
    Job job = scratch.job;
    job.set(a, aOff, ars, acs, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n, k,
        scratch.aPack(mPanels * MR * k),
        bPacked || keep ? weights.panels : scratch.bPack(nPanels * NR * k), bPacked);
    boolean parallel = pool != null && job.computeUnits > 1
        && 2.0 * m * n * k >= parallelFlops;
    if (!parallel || !pool.tryRun(job)) {
      job.runAll(scratch.tile);
    }
    if (keep) {
      weights.filled(b, bOff);
    } else if (hasPanels && !bPacked) {
      weights.seen(b, bOff);
    }
  }

  /** One packed GEMM, split into packing units and compute units that threads claim. */
  static final class Job {
    float[] a;
    int aOff;
    int ars;
    int acs;
    float[] b;
    int bOff;
    int brs;
    int bcs;
    float[] bias;
    int biasOff;
    float[] c;
    int cOff;
    int m;
    int n;
    int k;
    float[] ap;
    float[] bp;
    int mPanels;
    int nPanels;
    int aUnits;
    int packUnits;
    /** Compute units: blocks of UNIT_PANELS A panels × nBlock B panels. */
    int computeUnits;
    int nBlock;
    int nBlocks;
    /** Lane offsets of an A gather: row lane % MR, p lane / MR, when A′ rows are contiguous. */
    final int[] aMap = new int[L];
    /** Lane offsets of a B gather: column lane, when B′ columns are contiguous (NT). */
    final int[] bMap = new int[L];
    final AtomicInteger packNext = new AtomicInteger();
    final AtomicInteger packDone = new AtomicInteger();
    final AtomicInteger computeNext = new AtomicInteger();

    /** {@code bPacked}: bp already holds B′ in panels, so there is no B′ to pack. */
    void set(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
        float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k, float[] ap,
        float[] bp, boolean bPacked) {
      this.a = a;
      this.aOff = aOff;
      this.ars = ars;
      this.acs = acs;
      this.b = b;
      this.bOff = bOff;
      this.brs = brs;
      this.bcs = bcs;
      this.bias = bias;
      this.biasOff = biasOff;
      this.c = c;
      this.cOff = cOff;
      this.m = m;
      this.n = n;
      this.k = k;
      this.ap = ap;
      this.bp = bp;
      mPanels = (m + MR - 1) / MR;
      nPanels = (n + NR - 1) / NR;
      aUnits = (mPanels + UNIT_PANELS - 1) / UNIT_PANELS;
      packUnits = aUnits + (bPacked ? 0 : (nPanels + PACK_B_PANELS - 1) / PACK_B_PANELS);
      if (aUnits >= 4 || nPanels < 2) {
        nBlock = nPanels;
      } else {
        // Few rows: also split the columns so that two threads can share the work.
        nBlock = Math.max(1, (nPanels + 3) / 4);
      }
      nBlocks = (nPanels + nBlock - 1) / nBlock;
      for (int lane = 0; lane < L; lane++) {
        aMap[lane] = lane % MR * ars + lane / MR;
        bMap[lane] = lane * bcs;
      }
      computeUnits = aUnits * nBlocks;
      packNext.set(0);
      packDone.set(0);
      computeNext.set(0);
    }

    /** Drops the references to the caller's arrays. */
    void clear() {
      a = null;
      b = null;
      bias = null;
      c = null;
    }

    /** Runs every unit on the calling thread. */
    void runAll(float[] tile) {
      for (int u = 0; u < aUnits; u++) {
        packA(u);
      }
      for (int u = aUnits; u < packUnits; u++) {
        packB(u - aUnits);
      }
      for (int u = 0; u < computeUnits; u++) {
        compute(u, tile);
      }
      clear();
    }

    /** Claims units until none are left; called by both threads of a parallel run. */
    void runShared(float[] tile) {
      int u;
      while ((u = packNext.getAndIncrement()) < packUnits) {
        try {
          if (u < aUnits) {
            packA(u);
          } else {
            packB(u - aUnits);
          }
        } finally {
          packDone.incrementAndGet();
        }
      }
      int spins = 0;
      while (packDone.get() < packUnits) {
        if (++spins < 20_000) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      while ((u = computeNext.getAndIncrement()) < computeUnits) {
        compute(u, tile);
      }
    }

    private void packA(int unit) {
      int p0 = unit * UNIT_PANELS;
      int p1 = Math.min(mPanels, p0 + UNIT_PANELS);
      for (int ip = p0; ip < p1; ip++) {
        packAPanel(ip);
      }
    }

    private void packAPanel(int ip) {
      final int base = ip * MR * k;
      final int i0 = ip * MR;
      final float[] a = this.a;
      final float[] ap = this.ap;
      final int k = this.k;
      if (i0 + MR <= m) {
        if (acs == 1) {
          // NN, NT: one gather of the MR rows at L / MR consecutive p's (a[src + aMap[lane]])
          // per vector of the panel, which is laid out p-major; then the last p's one by one.
          int src = aOff + i0 * ars;
          int p = 0;
          for (; P_PER_GATHER > 0 && p + P_PER_GATHER <= k; p += P_PER_GATHER) {
            FloatVector.fromArray(S, a, src + p, aMap, 0).intoArray(ap, base + p * MR);
          }
          for (; p < k; p++) {
            for (int r = 0; r < MR; r++) {
              ap[base + p * MR + r] = a[src + r * ars + p];
            }
          }
        } else {
          int p = 0;
          if (ars == 1 && L >= MR) {
            // TN: the MR values of each p are contiguous in A. Copy a whole vector from there:
            // its excess lanes (L − MR) land in the slots of the next p's, which are stored next,
            // in ascending order; the last p's (whose vector would pass the panel) and a source
            // vector that would pass the end of A go element by element below.
            int room = a.length - L - aOff - i0;
            int pv = room < 0 ? 0 : Math.min(k - (L - 1) / MR, room / acs + 1);
            for (; p < pv; p++) {
              FloatVector.fromArray(S, a, aOff + i0 + p * acs).intoArray(ap, base + p * MR);
            }
          }
          for (; p < k; p++) {
            int s = aOff + i0 * ars + p * acs;
            int d = base + p * MR;
            for (int r = 0; r < MR; r++) {
              ap[d + r] = a[s + r * ars];
            }
          }
        }
      } else {
        int rows = m - i0;
        for (int p = 0; p < k; p++) {
          int d = base + p * MR;
          for (int r = 0; r < MR; r++) {
            ap[d + r] = r < rows ? a[aOff + (i0 + r) * ars + p * acs] : 0f;
          }
        }
      }
    }

    private void packB(int unit) {
      int p0 = unit * PACK_B_PANELS;
      int p1 = Math.min(nPanels, p0 + PACK_B_PANELS);
      for (int jp = p0; jp < p1; jp++) {
        packBPanel(jp);
      }
    }

    private void packBPanel(int jp) {
      final int base = jp * NR * k;
      final int j0 = jp * NR;
      final int cols = Math.min(NR, n - j0);
      final float[] b = this.b;
      final float[] bp = this.bp;
      final int k = this.k;
      if (bcs == 1) {
        if (cols == NR) {
          for (int p = 0; p < k; p++) {
            int s = bOff + p * brs + j0;
            int d = base + p * NR;
            FloatVector.fromArray(S, b, s).intoArray(bp, d);
            FloatVector.fromArray(S, b, s + L).intoArray(bp, d + L);
          }
        } else {
          for (int p = 0; p < k; p++) {
            int s = bOff + p * brs + j0;
            int d = base + p * NR;
            for (int j = 0; j < cols; j++) {
              bp[d + j] = b[s + j];
            }
            for (int j = cols; j < NR; j++) {
              bp[d + j] = 0f;
            }
          }
        }
      } else if (brs == 1 && cols == NR) {
        // NT: the NR columns of each p are every bcs-th float from b[s + p], two gathers
        int s = bOff + j0 * bcs;
        for (int p = 0; p < k; p++) {
          int d = base + p * NR;
          FloatVector.fromArray(S, b, s + p, bMap, 0).intoArray(bp, d);
          FloatVector.fromArray(S, b, s + L * bcs + p, bMap, 0).intoArray(bp, d + L);
        }
      } else if (brs == 1) {
        // NT, last panel: a unit stride in the source lets C2 drop the per-element range checks
        for (int j = 0; j < cols; j++) {
          int s = bOff + (j0 + j) * bcs;
          int d = base + j;
          for (int p = 0; p < k; p++) {
            bp[d + p * NR] = b[s + p];
          }
        }
      } else {
        for (int j = 0; j < cols; j++) {
          int s = bOff + (j0 + j) * bcs;
          int d = base + j;
          for (int p = 0; p < k; p++) {
            bp[d + p * NR] = b[s + p * brs];
          }
        }
        for (int j = cols; j < NR; j++) {
          for (int p = 0; p < k; p++) {
            bp[base + j + p * NR] = 0f;
          }
        }
      }
    }

    private void compute(int unit, float[] tile) {
      int mb = unit / nBlocks;
      int nb = unit - mb * nBlocks;
      int ip0 = mb * UNIT_PANELS;
      int ip1 = Math.min(mPanels, ip0 + UNIT_PANELS);
      int jp0 = nb * nBlock;
      int jp1 = Math.min(nPanels, jp0 + nBlock);
      final int k = this.k;
      final int n = this.n;
      // K blocks of equal length (784 = 4 × 196, not 3 × 256 + 16: no short trailing block)
      final int kcMax = (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        int mode = pc > 0 ? ACC : bias != null ? BIAS : STORE;
        for (int jp = jp0; jp < jp1; jp++) {
          int bi = jp * NR * k + pc * NR;
          int j0 = jp * NR;
          int cols = Math.min(NR, n - j0);
          for (int ip = ip0; ip < ip1; ip++) {
            int ai = ip * MR * k + pc * MR;
            int i0 = ip * MR;
            int rows = Math.min(MR, m - i0);
            if (rows == MR && cols == NR) {
              if (MR == 8) {
                kernel8x2(ap, ai, bp, bi, kc, c, cOff + i0 * n + j0, n, mode, bias, biasOff + j0);
              } else {
                kernel4x2(ap, ai, bp, bi, kc, c, cOff + i0 * n + j0, n, mode, bias, biasOff + j0);
              }
            } else {
              if (MR == 8) {
                kernel8x2(ap, ai, bp, bi, kc, tile, 0, NR, STORE, null, 0);
              } else {
                kernel4x2(ap, ai, bp, bi, kc, tile, 0, NR, STORE, null, 0);
              }
              for (int r = 0; r < rows; r++) {
                int ci = cOff + (i0 + r) * n + j0;
                int ti = r * NR;
                if (mode == ACC) {
                  for (int j = 0; j < cols; j++) {
                    c[ci + j] += tile[ti + j];
                  }
                } else if (mode == BIAS) {
                  for (int j = 0; j < cols; j++) {
                    c[ci + j] = tile[ti + j] + bias[biasOff + j0 + j];
                  }
                } else {
                  for (int j = 0; j < cols; j++) {
                    c[ci + j] = tile[ti + j];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * The 4×(2 vectors) micro-kernel over packed panels (AVX2: 8 accumulators of 16 registers);
   * writes, adds bias, or accumulates.
   */
  static void kernel4x2(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci,
      int ldc, int mode, float[] bias, int bo) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int p = 0; p < kc; p++) {
      int bx = bi + p * NR;
      int ax = ai + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bx);
      FloatVector b1 = FloatVector.fromArray(S, bp, bx + L);
      FloatVector x = FloatVector.broadcast(S, ap[ax]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, ap[ax + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, ap[ax + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, ap[ax + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    int c1 = ci + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    // Each branch adds and stores: no vector is merged across branches (JDK 17 boxes such merges).
    if (mode == ACC) {
      c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
      c01.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
      c10.add(FloatVector.fromArray(S, c, c1)).intoArray(c, c1);
      c11.add(FloatVector.fromArray(S, c, c1 + L)).intoArray(c, c1 + L);
      c20.add(FloatVector.fromArray(S, c, c2)).intoArray(c, c2);
      c21.add(FloatVector.fromArray(S, c, c2 + L)).intoArray(c, c2 + L);
      c30.add(FloatVector.fromArray(S, c, c3)).intoArray(c, c3);
      c31.add(FloatVector.fromArray(S, c, c3 + L)).intoArray(c, c3 + L);
    } else if (mode == BIAS) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + L);
      c00.add(v0).intoArray(c, ci);
      c01.add(v1).intoArray(c, ci + L);
      c10.add(v0).intoArray(c, c1);
      c11.add(v1).intoArray(c, c1 + L);
      c20.add(v0).intoArray(c, c2);
      c21.add(v1).intoArray(c, c2 + L);
      c30.add(v0).intoArray(c, c3);
      c31.add(v1).intoArray(c, c3 + L);
    } else {
      c00.intoArray(c, ci);
      c01.intoArray(c, ci + L);
      c10.intoArray(c, c1);
      c11.intoArray(c, c1 + L);
      c20.intoArray(c, c2);
      c21.intoArray(c, c2 + L);
      c30.intoArray(c, c3);
      c31.intoArray(c, c3 + L);
    }
  }

  /** The 8×(2 vectors) micro-kernel (AVX-512: 16 accumulators of 32 registers). */
  static void kernel8x2(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci,
      int ldc, int mode, float[] bias, int bo) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c60 = c00;
    FloatVector c61 = c00;
    FloatVector c70 = c00;
    FloatVector c71 = c00;
    for (int p = 0; p < kc; p++) {
      int bx = bi + p * NR;
      int ax = ai + p * 8;
      FloatVector b0 = FloatVector.fromArray(S, bp, bx);
      FloatVector b1 = FloatVector.fromArray(S, bp, bx + L);
      FloatVector x = FloatVector.broadcast(S, ap[ax]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, ap[ax + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, ap[ax + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, ap[ax + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, ap[ax + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, ap[ax + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, ap[ax + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, ap[ax + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    // Each branch adds and stores: no vector is merged across branches (JDK 17 boxes such merges).
    if (mode == ACC) {
      c00.add(FloatVector.fromArray(S, c, ci + 0 * ldc)).intoArray(c, ci + 0 * ldc);
      c01.add(FloatVector.fromArray(S, c, ci + 0 * ldc + L)).intoArray(c, ci + 0 * ldc + L);
      c10.add(FloatVector.fromArray(S, c, ci + 1 * ldc)).intoArray(c, ci + 1 * ldc);
      c11.add(FloatVector.fromArray(S, c, ci + 1 * ldc + L)).intoArray(c, ci + 1 * ldc + L);
      c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
      c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
      c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
      c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
      c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
      c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
      c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
      c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + L)).intoArray(c, ci + 5 * ldc + L);
      c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
      c61.add(FloatVector.fromArray(S, c, ci + 6 * ldc + L)).intoArray(c, ci + 6 * ldc + L);
      c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
      c71.add(FloatVector.fromArray(S, c, ci + 7 * ldc + L)).intoArray(c, ci + 7 * ldc + L);
    } else if (mode == BIAS) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + L);
      c00.add(v0).intoArray(c, ci + 0 * ldc);
      c01.add(v1).intoArray(c, ci + 0 * ldc + L);
      c10.add(v0).intoArray(c, ci + 1 * ldc);
      c11.add(v1).intoArray(c, ci + 1 * ldc + L);
      c20.add(v0).intoArray(c, ci + 2 * ldc);
      c21.add(v1).intoArray(c, ci + 2 * ldc + L);
      c30.add(v0).intoArray(c, ci + 3 * ldc);
      c31.add(v1).intoArray(c, ci + 3 * ldc + L);
      c40.add(v0).intoArray(c, ci + 4 * ldc);
      c41.add(v1).intoArray(c, ci + 4 * ldc + L);
      c50.add(v0).intoArray(c, ci + 5 * ldc);
      c51.add(v1).intoArray(c, ci + 5 * ldc + L);
      c60.add(v0).intoArray(c, ci + 6 * ldc);
      c61.add(v1).intoArray(c, ci + 6 * ldc + L);
      c70.add(v0).intoArray(c, ci + 7 * ldc);
      c71.add(v1).intoArray(c, ci + 7 * ldc + L);
    } else {
      c00.intoArray(c, ci + 0 * ldc);
      c01.intoArray(c, ci + 0 * ldc + L);
      c10.intoArray(c, ci + 1 * ldc);
      c11.intoArray(c, ci + 1 * ldc + L);
      c20.intoArray(c, ci + 2 * ldc);
      c21.intoArray(c, ci + 2 * ldc + L);
      c30.intoArray(c, ci + 3 * ldc);
      c31.intoArray(c, ci + 3 * ldc + L);
      c40.intoArray(c, ci + 4 * ldc);
      c41.intoArray(c, ci + 4 * ldc + L);
      c50.intoArray(c, ci + 5 * ldc);
      c51.intoArray(c, ci + 5 * ldc + L);
      c60.intoArray(c, ci + 6 * ldc);
      c61.intoArray(c, ci + 6 * ldc + L);
      c70.intoArray(c, ci + 7 * ldc);
      c71.intoArray(c, ci + 7 * ldc + L);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Tiny outputs (N < L).

  private static void tiny(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
      int bcs, float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    Scratch scratch = Scratch.get();
    float[] bp = scratch.aux((k + 1) * L);
    for (int p = 0; p < k; p++) {
      int d = p * L;
      int s = bOff + p * brs;
      for (int j = 0; j < n; j++) {
        bp[d + j] = b[s + j * bcs];
      }
      for (int j = n; j < L; j++) {
        bp[d + j] = 0f;
      }
    }
    int bb = k * L; // bias row, zero-padded
    for (int j = 0; j < L; j++) {
      bp[bb + j] = bias != null && j < n ? bias[biasOff + j] : 0f;
    }
    float[] tile = scratch.tile;
    for (int i0 = 0; i0 < m; i0 += 8) {
      tiny8(a, aOff, ars, acs, i0, m, bp, k, c, cOff, n, tile);
    }
  }

  /**
   * Rows i0..i0+7 (clamped to m−1) of a product with n &lt; L columns. Each row is stored as a
   * full vector whose excess lanes spill into the following rows, which are stored later; rows
   * whose vector would pass the end of C go through the tile buffer.
   */
  static void tiny8(float[] a, int aOff, int ars, int acs, int i0, int m, float[] bp, int k,
      float[] c, int cOff, int n, float[] tile) {
    int last = m - 1;
    int a0 = aOff + Math.min(i0, last) * ars;
    int a1 = aOff + Math.min(i0 + 1, last) * ars;
    int a2 = aOff + Math.min(i0 + 2, last) * ars;
    int a3 = aOff + Math.min(i0 + 3, last) * ars;
    int a4 = aOff + Math.min(i0 + 4, last) * ars;
    int a5 = aOff + Math.min(i0 + 5, last) * ars;
    int a6 = aOff + Math.min(i0 + 6, last) * ars;
    int a7 = aOff + Math.min(i0 + 7, last) * ars;
    FloatVector bv = FloatVector.fromArray(S, bp, k * L);
    FloatVector s0 = bv;
    FloatVector s1 = bv;
    FloatVector s2 = bv;
    FloatVector s3 = bv;
    FloatVector s4 = bv;
    FloatVector s5 = bv;
    FloatVector s6 = bv;
    FloatVector s7 = bv;
    for (int p = 0; p < k; p++) {
      FloatVector y = FloatVector.fromArray(S, bp, p * L);
      int ax = p * acs;
      s0 = FloatVector.broadcast(S, a[a0 + ax]).fma(y, s0);
      s1 = FloatVector.broadcast(S, a[a1 + ax]).fma(y, s1);
      s2 = FloatVector.broadcast(S, a[a2 + ax]).fma(y, s2);
      s3 = FloatVector.broadcast(S, a[a3 + ax]).fma(y, s3);
      s4 = FloatVector.broadcast(S, a[a4 + ax]).fma(y, s4);
      s5 = FloatVector.broadcast(S, a[a5 + ax]).fma(y, s5);
      s6 = FloatVector.broadcast(S, a[a6 + ax]).fma(y, s6);
      s7 = FloatVector.broadcast(S, a[a7 + ax]).fma(y, s7);
    }
    int end = cOff + m * n;
    if (cOff + Math.min(i0 + 7, last) * n + L <= end) {
      // every row's vector ends inside C: ascending overlapping stores
      s0.intoArray(c, cOff + Math.min(i0, last) * n);
      s1.intoArray(c, cOff + Math.min(i0 + 1, last) * n);
      s2.intoArray(c, cOff + Math.min(i0 + 2, last) * n);
      s3.intoArray(c, cOff + Math.min(i0 + 3, last) * n);
      s4.intoArray(c, cOff + Math.min(i0 + 4, last) * n);
      s5.intoArray(c, cOff + Math.min(i0 + 5, last) * n);
      s6.intoArray(c, cOff + Math.min(i0 + 6, last) * n);
      s7.intoArray(c, cOff + Math.min(i0 + 7, last) * n);
    } else {
      // near the end of C: through the tile buffer (8 rows of L)
      s0.intoArray(tile, 0);
      s1.intoArray(tile, L);
      s2.intoArray(tile, 2 * L);
      s3.intoArray(tile, 3 * L);
      s4.intoArray(tile, 4 * L);
      s5.intoArray(tile, 5 * L);
      s6.intoArray(tile, 6 * L);
      s7.intoArray(tile, 7 * L);
      int rows = Math.min(8, m - i0);
      for (int r = 0; r < rows; r++) {
        int ci = cOff + (i0 + r) * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] = tile[r * L + j];
        }
      }
    }
  }

  /**
   * Few rows, n &lt; L, B′ rows contiguous (NN, TN): per row, one vector per p loaded straight from
   * B′'s row p — lanes n … L−1 read whatever follows in the array and are discarded — while the
   * load stays inside the array; the last rows of B′ are added in scalar code.
   */
  private static void narrowRows(float[] a, int aOff, int ars, int acs, float[] b, int bOff,
      int brs, float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    float[] tile = Scratch.get().tile;
    // rows p < pv can be loaded as full vectors without passing the end of b
    int room = b.length - L - bOff;
    int pv = room < 0 ? 0 : Math.min(k, room / brs + 1);
    for (int i = 0; i < m; i++) {
      narrowRow(a, aOff + i * ars, acs, b, bOff, brs, pv, tile);
      for (int p = pv; p < k; p++) {
        float x = a[aOff + i * ars + p * acs];
        int bp = bOff + p * brs;
        for (int j = 0; j < n; j++) {
          tile[j] += x * b[bp + j];
        }
      }
      int ci = cOff + i * n;
      for (int j = 0; j < n; j++) {
        c[ci + j] = bias == null ? tile[j] : tile[j] + bias[biasOff + j];
      }
    }
  }

  /**
   * tile[0..L) = Σ a[a0 + p·acs]·b[bOff + p·brs ..+L) over p &lt; pv, two accumulators. Every p,
   * zero inputs included: a row of B′ here is narrower than a vector, so skipping it saves less
   * than finding the nonzero inputs costs.
   */
  static void narrowRow(float[] a, int a0, int acs, float[] b, int bOff, int brs, int pv,
      float[] tile) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    int p = 0;
    for (; p + 1 < pv; p += 2) {
      s0 = FloatVector.broadcast(S, a[a0 + p * acs])
          .fma(FloatVector.fromArray(S, b, bOff + p * brs), s0);
      s1 = FloatVector.broadcast(S, a[a0 + (p + 1) * acs])
          .fma(FloatVector.fromArray(S, b, bOff + (p + 1) * brs), s1);
    }
    if (p < pv) {
      s0 = FloatVector.broadcast(S, a[a0 + p * acs])
          .fma(FloatVector.fromArray(S, b, bOff + p * brs), s0);
    }
    s0.add(s1).intoArray(tile, 0);
  }

  /**
   * Writes the p &lt; k with a[a0 + p·acs] ≠ 0 to ps, ascending, and returns how many: a batch-1
   * product need only stream those rows of B′ (0·w adds nothing for finite w). An image's
   * background and a ReLU layer's output are often half zeros or more. Contiguous inputs go L at
   * a time: one bit per nonzero lane, then one index per set bit (2–3× faster than testing each
   * element, whose stores to ps[count] chain through count).
   */
  private static int nonzeroInputs(float[] a, int a0, int acs, int k, int[] ps) {
    int count = 0;
    int p = 0;
    if (acs == 1 && L <= Integer.SIZE) {
      IntVector laneIndex = IntVector.fromArray(I, LANE_INDEX, 0);
      for (; p + L <= k; p += L) {
        // bits without the sign are ≠ 0 exactly for x ≠ 0; (b | −b) >>> 31 is then 1
        IntVector bits = FloatVector.fromArray(S, a, a0 + p).reinterpretAsInts()
            .lanewise(VectorOperators.LSHL, 1);
        int flags = bits.neg().or(bits).lanewise(VectorOperators.LSHR, 31)
            .lanewise(VectorOperators.LSHL, laneIndex).reduceLanes(VectorOperators.OR);
        for (; flags != 0; flags &= flags - 1) {
          ps[count++] = p + Integer.numberOfTrailingZeros(flags);
        }
      }
    }
    for (; p < k; p++) {
      ps[count] = p;
      count += a[a0 + p * acs] != 0f ? 1 : 0;
    }
    return count;
  }

  // ---------------------------------------------------------------------------------------------
  // Unpacked broadcast ("axpy") kernels: B′ rows contiguous (NN, TN), n ≥ L.

  private static void axpy(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    int last = m - 1;
    int maxJ = n - L;
    if (m == 1) {
      // only the rows of B′ with a nonzero input (the sum can differ only in the sign of a zero)
      int[] nonzero = Scratch.get().indices(k);
      int count = nonzeroInputs(a, aOff, acs, k, nonzero);
      int j = 0;
      if (GEMV_WIDE) {
        for (; j + 16 * L <= n; j += 16 * L) {
          ax1x16(a, aOff, acs, b, bOff + j, brs, nonzero, count, bias, biasOff + j, c, cOff + j);
        }
      }
      for (; j + 4 * L <= n; j += 4 * L) {
        ax1x4(a, aOff, acs, b, bOff, brs, nonzero, count, j, j + L, j + 2 * L, j + 3 * L, bias,
            biasOff, c, cOff);
      }
      if (j < n) {
        ax1x4(a, aOff, acs, b, bOff, brs, nonzero, count, Math.min(j, maxJ),
            Math.min(j + L, maxJ), Math.min(j + 2 * L, maxJ), Math.min(j + 3 * L, maxJ), bias,
            biasOff, c, cOff);
      }
      return;
    }
    for (int i = 0; i < m; i += 4) { // the axpy kernels cover 4 rows
      int r0 = i;
      int r1 = Math.min(i + 1, last);
      int r2 = Math.min(i + 2, last);
      int r3 = Math.min(i + 3, last);
      int a0 = aOff + r0 * ars;
      int a1 = aOff + r1 * ars;
      int a2 = aOff + r2 * ars;
      int a3 = aOff + r3 * ars;
      int c0 = cOff + r0 * n;
      int c1 = cOff + r1 * n;
      int c2 = cOff + r2 * n;
      int c3 = cOff + r3 * n;
      int j = 0;
      for (; j + 3 * L <= n; j += 3 * L) {
        ax4x3(a, a0, a1, a2, a3, acs, b, bOff, brs, k, j, j + L, j + 2 * L, bias, biasOff,
            c, c0, c1, c2, c3);
      }
      int rest = n - j;
      if (rest > 2 * L) {
        ax4x3(a, a0, a1, a2, a3, acs, b, bOff, brs, k, j, j + L, maxJ, bias, biasOff,
            c, c0, c1, c2, c3);
      } else if (rest > L) {
        ax4x2(a, a0, a1, a2, a3, acs, b, bOff, brs, k, j, maxJ, bias, biasOff,
            c, c0, c1, c2, c3);
      } else if (rest > 0) {
        ax4x1(a, a0, a1, a2, a3, acs, b, bOff, brs, k, maxJ, bias, biasOff, c, c0, c1, c2, c3);
      }
    }
  }

  /** Batch 1 on 32 vector registers: one row of C over 16 vectors (a contiguous run of B′'s row). */
  static final boolean GEMV_WIDE = L >= 16;

  /** 16 vectors of zeros: the starting accumulators of {@link #ax1x16} without a bias. */
  private static final float[] ZEROS = new float[16 * L];

  /**
   * c[c0 + v·L ..] = Σp a[a0 + p·acs]·b[bOff + p·brs + v·L ..] (+ bias[bo + v·L ..]) for the
   * 16 vectors v, over the p in ps[0, count): each p streams 16·L contiguous floats of B′, 16
   * independent accumulators.
   */
  static void ax1x16(float[] a, int a0, int acs, float[] b, int bOff, int brs, int[] ps,
      int count, float[] bias, int bo, float[] c, int c0) {
    // The accumulators start from the bias (or from zeros): the stores need no second branch.
    float[] init = bias != null ? bias : ZEROS;
    int io = bias != null ? bo : 0;
    FloatVector s0 = FloatVector.fromArray(S, init, io);
    FloatVector s1 = FloatVector.fromArray(S, init, io + 1 * L);
    FloatVector s2 = FloatVector.fromArray(S, init, io + 2 * L);
    FloatVector s3 = FloatVector.fromArray(S, init, io + 3 * L);
    FloatVector s4 = FloatVector.fromArray(S, init, io + 4 * L);
    FloatVector s5 = FloatVector.fromArray(S, init, io + 5 * L);
    FloatVector s6 = FloatVector.fromArray(S, init, io + 6 * L);
    FloatVector s7 = FloatVector.fromArray(S, init, io + 7 * L);
    FloatVector s8 = FloatVector.fromArray(S, init, io + 8 * L);
    FloatVector s9 = FloatVector.fromArray(S, init, io + 9 * L);
    FloatVector s10 = FloatVector.fromArray(S, init, io + 10 * L);
    FloatVector s11 = FloatVector.fromArray(S, init, io + 11 * L);
    FloatVector s12 = FloatVector.fromArray(S, init, io + 12 * L);
    FloatVector s13 = FloatVector.fromArray(S, init, io + 13 * L);
    FloatVector s14 = FloatVector.fromArray(S, init, io + 14 * L);
    FloatVector s15 = FloatVector.fromArray(S, init, io + 15 * L);
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int bx = bOff + p * brs;
      FloatVector x = FloatVector.broadcast(S, a[a0 + p * acs]);
      s0 = x.fma(FloatVector.fromArray(S, b, bx), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bx + 1 * L), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bx + 2 * L), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bx + 3 * L), s3);
      s4 = x.fma(FloatVector.fromArray(S, b, bx + 4 * L), s4);
      s5 = x.fma(FloatVector.fromArray(S, b, bx + 5 * L), s5);
      s6 = x.fma(FloatVector.fromArray(S, b, bx + 6 * L), s6);
      s7 = x.fma(FloatVector.fromArray(S, b, bx + 7 * L), s7);
      s8 = x.fma(FloatVector.fromArray(S, b, bx + 8 * L), s8);
      s9 = x.fma(FloatVector.fromArray(S, b, bx + 9 * L), s9);
      s10 = x.fma(FloatVector.fromArray(S, b, bx + 10 * L), s10);
      s11 = x.fma(FloatVector.fromArray(S, b, bx + 11 * L), s11);
      s12 = x.fma(FloatVector.fromArray(S, b, bx + 12 * L), s12);
      s13 = x.fma(FloatVector.fromArray(S, b, bx + 13 * L), s13);
      s14 = x.fma(FloatVector.fromArray(S, b, bx + 14 * L), s14);
      s15 = x.fma(FloatVector.fromArray(S, b, bx + 15 * L), s15);
    }
    s0.intoArray(c, c0);
    s1.intoArray(c, c0 + 1 * L);
    s2.intoArray(c, c0 + 2 * L);
    s3.intoArray(c, c0 + 3 * L);
    s4.intoArray(c, c0 + 4 * L);
    s5.intoArray(c, c0 + 5 * L);
    s6.intoArray(c, c0 + 6 * L);
    s7.intoArray(c, c0 + 7 * L);
    s8.intoArray(c, c0 + 8 * L);
    s9.intoArray(c, c0 + 9 * L);
    s10.intoArray(c, c0 + 10 * L);
    s11.intoArray(c, c0 + 11 * L);
    s12.intoArray(c, c0 + 12 * L);
    s13.intoArray(c, c0 + 13 * L);
    s14.intoArray(c, c0 + 14 * L);
    s15.intoArray(c, c0 + 15 * L);
  }

  /** Four vectors j0 … j3 of a row of C, over the p in ps[0, count), as {@link #ax1x16}. */
  static void ax1x4(float[] a, int a0, int acs, float[] b, int bOff, int brs, int[] ps,
      int count, int j0, int j1, int j2, int j3, float[] bias, int bo, float[] c, int c0) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int t = 0; t < count; t++) {
      int p = ps[t];
      int bx = bOff + p * brs;
      FloatVector x = FloatVector.broadcast(S, a[a0 + p * acs]);
      s0 = x.fma(FloatVector.fromArray(S, b, bx + j0), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, bx + j1), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, bx + j2), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, bx + j3), s3);
    }
    // Each branch adds and stores: no vector is merged across branches (JDK 17 boxes such merges).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + j1);
      FloatVector v2 = FloatVector.fromArray(S, bias, bo + j2);
      FloatVector v3 = FloatVector.fromArray(S, bias, bo + j3);
      s0.add(v0).intoArray(c, c0 + j0);
      s1.add(v1).intoArray(c, c0 + j1);
      s2.add(v2).intoArray(c, c0 + j2);
      s3.add(v3).intoArray(c, c0 + j3);
    } else {
      s0.intoArray(c, c0 + j0);
      s1.intoArray(c, c0 + j1);
      s2.intoArray(c, c0 + j2);
      s3.intoArray(c, c0 + j3);
    }
  }

  static void ax4x3(float[] a, int a0, int a1, int a2, int a3, int acs, float[] b, int bOff,
      int brs, int k, int j0, int j1, int j2, float[] bias, int bo,
      float[] c, int c0, int c1, int c2, int c3) {
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s02 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s12 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s22 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    FloatVector s32 = s00;
    for (int p = 0; p < k; p++) {
      int bx = bOff + p * brs;
      int ax = p * acs;
      FloatVector y0 = FloatVector.fromArray(S, b, bx + j0);
      FloatVector y1 = FloatVector.fromArray(S, b, bx + j1);
      FloatVector y2 = FloatVector.fromArray(S, b, bx + j2);
      FloatVector x = FloatVector.broadcast(S, a[a0 + ax]);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      s02 = x.fma(y2, s02);
      x = FloatVector.broadcast(S, a[a1 + ax]);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      s12 = x.fma(y2, s12);
      x = FloatVector.broadcast(S, a[a2 + ax]);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      s22 = x.fma(y2, s22);
      x = FloatVector.broadcast(S, a[a3 + ax]);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
      s32 = x.fma(y2, s32);
    }
    // Each branch adds and stores: no vector is merged across branches (JDK 17 boxes such merges).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + j1);
      FloatVector v2 = FloatVector.fromArray(S, bias, bo + j2);
      s00.add(v0).intoArray(c, c0 + j0);
      s01.add(v1).intoArray(c, c0 + j1);
      s02.add(v2).intoArray(c, c0 + j2);
      s10.add(v0).intoArray(c, c1 + j0);
      s11.add(v1).intoArray(c, c1 + j1);
      s12.add(v2).intoArray(c, c1 + j2);
      s20.add(v0).intoArray(c, c2 + j0);
      s21.add(v1).intoArray(c, c2 + j1);
      s22.add(v2).intoArray(c, c2 + j2);
      s30.add(v0).intoArray(c, c3 + j0);
      s31.add(v1).intoArray(c, c3 + j1);
      s32.add(v2).intoArray(c, c3 + j2);
    } else {
      s00.intoArray(c, c0 + j0);
      s01.intoArray(c, c0 + j1);
      s02.intoArray(c, c0 + j2);
      s10.intoArray(c, c1 + j0);
      s11.intoArray(c, c1 + j1);
      s12.intoArray(c, c1 + j2);
      s20.intoArray(c, c2 + j0);
      s21.intoArray(c, c2 + j1);
      s22.intoArray(c, c2 + j2);
      s30.intoArray(c, c3 + j0);
      s31.intoArray(c, c3 + j1);
      s32.intoArray(c, c3 + j2);
    }
  }

  static void ax4x2(float[] a, int a0, int a1, int a2, int a3, int acs, float[] b, int bOff,
      int brs, int k, int j0, int j1, float[] bias, int bo,
      float[] c, int c0, int c1, int c2, int c3) {
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s20 = s00;
    FloatVector s21 = s00;
    FloatVector s30 = s00;
    FloatVector s31 = s00;
    for (int p = 0; p < k; p++) {
      int bx = bOff + p * brs;
      int ax = p * acs;
      FloatVector y0 = FloatVector.fromArray(S, b, bx + j0);
      FloatVector y1 = FloatVector.fromArray(S, b, bx + j1);
      FloatVector x = FloatVector.broadcast(S, a[a0 + ax]);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      x = FloatVector.broadcast(S, a[a1 + ax]);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      x = FloatVector.broadcast(S, a[a2 + ax]);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      x = FloatVector.broadcast(S, a[a3 + ax]);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
    }
    // Each branch adds and stores: no vector is merged across branches (JDK 17 boxes such merges).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      FloatVector v1 = FloatVector.fromArray(S, bias, bo + j1);
      s00.add(v0).intoArray(c, c0 + j0);
      s01.add(v1).intoArray(c, c0 + j1);
      s10.add(v0).intoArray(c, c1 + j0);
      s11.add(v1).intoArray(c, c1 + j1);
      s20.add(v0).intoArray(c, c2 + j0);
      s21.add(v1).intoArray(c, c2 + j1);
      s30.add(v0).intoArray(c, c3 + j0);
      s31.add(v1).intoArray(c, c3 + j1);
    } else {
      s00.intoArray(c, c0 + j0);
      s01.intoArray(c, c0 + j1);
      s10.intoArray(c, c1 + j0);
      s11.intoArray(c, c1 + j1);
      s20.intoArray(c, c2 + j0);
      s21.intoArray(c, c2 + j1);
      s30.intoArray(c, c3 + j0);
      s31.intoArray(c, c3 + j1);
    }
  }

  static void ax4x1(float[] a, int a0, int a1, int a2, int a3, int acs, float[] b, int bOff,
      int brs, int k, int j0, float[] bias, int bo, float[] c, int c0, int c1, int c2, int c3) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int p = 0; p < k; p++) {
      FloatVector y = FloatVector.fromArray(S, b, bOff + p * brs + j0);
      int ax = p * acs;
      s0 = FloatVector.broadcast(S, a[a0 + ax]).fma(y, s0);
      s1 = FloatVector.broadcast(S, a[a1 + ax]).fma(y, s1);
      s2 = FloatVector.broadcast(S, a[a2 + ax]).fma(y, s2);
      s3 = FloatVector.broadcast(S, a[a3 + ax]).fma(y, s3);
    }
    // Each branch adds and stores: no vector is merged across branches (JDK 17 boxes such merges).
    if (bias != null) {
      FloatVector v0 = FloatVector.fromArray(S, bias, bo + j0);
      s0.add(v0).intoArray(c, c0 + j0);
      s1.add(v0).intoArray(c, c1 + j0);
      s2.add(v0).intoArray(c, c2 + j0);
      s3.add(v0).intoArray(c, c3 + j0);
    } else {
      s0.intoArray(c, c0 + j0);
      s1.intoArray(c, c1 + j0);
      s2.intoArray(c, c2 + j0);
      s3.intoArray(c, c3 + j0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Dot-product kernels: A′ rows and B′ columns contiguous along p (k ≥ 2L).

  /** Dot-product path: B′ columns used directly (NT, brs = 1) or transposed into scratch (NN). */
  private static void dot(float[] a, int aOff, int ars, float[] b, int bOff, int brs, int bcs,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    if (brs == 1) {
      dot(a, aOff, ars, b, bOff, bcs, bias, biasOff, c, cOff, m, n, k);
      return;
    }
    float[] bt = Scratch.get().aux(n * k);
    for (int p = 0; p < k; p++) {
      int src = bOff + p * brs;
      for (int j = 0; j < n; j++) {
        bt[j * k + p] = b[src + j * bcs];
      }
    }
    dot(a, aOff, ars, bt, 0, k, bias, biasOff, c, cOff, m, n, k);
  }

  /** C(i,j) = Σp a[aOff + i·ars + p]·bt[btOff + j·bts + p] (+ bias[j]). */
  private static void dot(float[] a, int aOff, int ars, float[] bt, int btOff, int bts,
      float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k) {
    int lastI = m - 1;
    int lastJ = n - 1;
    for (int i = 0; i < m; i += 2) {
      int i1 = Math.min(i + 1, lastI);
      for (int j = 0; j < n; j += 4) {
        int j1 = Math.min(j + 1, lastJ);
        int j2 = Math.min(j + 2, lastJ);
        int j3 = Math.min(j + 3, lastJ);
        dot2x4(a, aOff + i * ars, aOff + i1 * ars, bt, btOff + j * bts, btOff + j1 * bts,
            btOff + j2 * bts, btOff + j3 * bts, k, c, cOff + i * n, cOff + i1 * n,
            j, j1, j2, j3, bias, biasOff);
      }
    }
  }

  static void dot2x4(float[] a, int a0, int a1, float[] b, int b0, int b1, int b2, int b3,
      int k, float[] c, int c0, int c1, int j0, int j1, int j2, int j3, float[] bias, int bo) {
    float[] lanes = PanamaKernels.lanes(); // before any vector, see there
    FloatVector s00 = FloatVector.zero(S);
    FloatVector s01 = s00;
    FloatVector s02 = s00;
    FloatVector s03 = s00;
    FloatVector s10 = s00;
    FloatVector s11 = s00;
    FloatVector s12 = s00;
    FloatVector s13 = s00;
    int kv = k - k % L;
    for (int p = 0; p < kv; p += L) {
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
      FloatVector y = FloatVector.fromArray(S, b, b0 + p);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      y = FloatVector.fromArray(S, b, b1 + p);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      y = FloatVector.fromArray(S, b, b2 + p);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      y = FloatVector.fromArray(S, b, b3 + p);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
    }
    s00.intoArray(lanes, 0);
    s01.intoArray(lanes, L);
    s02.intoArray(lanes, 2 * L);
    s03.intoArray(lanes, 3 * L);
    s10.intoArray(lanes, 4 * L);
    s11.intoArray(lanes, 5 * L);
    s12.intoArray(lanes, 6 * L);
    s13.intoArray(lanes, 7 * L);
    float r00 = PanamaKernels.sumLanes(lanes, 0);
    float r01 = PanamaKernels.sumLanes(lanes, L);
    float r02 = PanamaKernels.sumLanes(lanes, 2 * L);
    float r03 = PanamaKernels.sumLanes(lanes, 3 * L);
    float r10 = PanamaKernels.sumLanes(lanes, 4 * L);
    float r11 = PanamaKernels.sumLanes(lanes, 5 * L);
    float r12 = PanamaKernels.sumLanes(lanes, 6 * L);
    float r13 = PanamaKernels.sumLanes(lanes, 7 * L);
    for (int p = kv; p < k; p++) {
      float x0 = a[a0 + p];
      float x1 = a[a1 + p];
      float y0 = b[b0 + p];
      float y1 = b[b1 + p];
      float y2 = b[b2 + p];
      float y3 = b[b3 + p];
      r00 += x0 * y0;
      r01 += x0 * y1;
      r02 += x0 * y2;
      r03 += x0 * y3;
      r10 += x1 * y0;
      r11 += x1 * y1;
      r12 += x1 * y2;
      r13 += x1 * y3;
    }
    if (bias != null) {
      float v0 = bias[bo + j0];
      float v1 = bias[bo + j1];
      float v2 = bias[bo + j2];
      float v3 = bias[bo + j3];
      r00 += v0;
      r01 += v1;
      r02 += v2;
      r03 += v3;
      r10 += v0;
      r11 += v1;
      r12 += v2;
      r13 += v3;
    }
    c[c0 + j0] = r00;
    c[c0 + j1] = r01;
    c[c0 + j2] = r02;
    c[c0 + j3] = r03;
    c[c1 + j0] = r10;
    c[c1 + j1] = r11;
    c[c1 + j2] = r12;
    c[c1 + j3] = r13;
  }

  // ---------------------------------------------------------------------------------------------
  // The second thread.

  /**
   * One persistent daemon worker that joins packed GEMMs. Hand-off without allocation: the
   * caller publishes its {@link Job} in a volatile field and moves {@code state} from IDLE to
   * POSTED; the worker (spinning briefly, then parked) claims it with a CAS to RUNNING and both
   * threads take units from the job's counters. If the caller finishes every unit before the
   * worker has claimed the job, it cancels the post with a CAS back to IDLE and does not wait.
   */
  static final class Pool {
    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;
    /** Spin iterations (Thread.onSpinWait) before parking: some tens of microseconds. */
    private static final int SPINS = 2_000;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    /** Only one caller at a time may use the worker; others run on one thread. */
    private final AtomicInteger owner = new AtomicInteger();
    private volatile Job job;
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
    boolean tryRun(Job j) {
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
}
