package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;

/**
 * The packed GEMM of large products (see {@link PanamaGemm} for the routing): B′ packed into
 * 2-vector-wide zero-padded p-major panels; A′ read in place when its rows are contiguous (X·W,
 * dZ·Wᵀ), else packed into p-major MR-row panels (Xᵀ·dZ, and a last panel of fewer than MR
 * rows). One MR×(2 vectors) register-blocked FMA micro-kernel per A layout, each with its own
 * epilogue ({@link VectorLanes}: no vector merged across branches); K blocked by {@link #KC};
 * the work split into packing and compute units that the {@link GemmWorker} may share.
 */
final class PackedGemm {
  /**
   * Rows of an A panel / of the micro-tile: 4 (8 accumulators) with 16 vector registers (AVX2);
   * 8 (16 accumulators) with 512-bit vectors, which come with 32 registers (AVX-512).
   * Overridable with -Dnabla.gemmRows=4|8 for measurements.
   */
  static final int MR = Integer.getInteger("nabla.gemmRows", L >= 16 ? 8 : 4) == 8 ? 8 : 4;
  /** Columns of a B panel / of the micro-tile (2 vectors). */
  static final int NR = 2 * L;
  /**
   * K block. A whole K up to this: C is then written once instead of once per block, and a B
   * micro-panel (784 × 2 vectors: 100 KiB with 16 lanes) stays in L2 while a unit's A rows
   * pass. Alone, 128×784·784×256 with A in place on AVX-512: 243 µs in one K block, 263 in four
   * of 196.
   */
  static final int KC = 1024;
  /** A panels per parallel work unit (64 rows); each B micro-panel serves all of them in turn. */
  static final int UNIT_PANELS = 64 / MR;
  /** B panels per packing unit. */
  static final int PACK_B_PANELS = 4;

  static final int STORE = 0;
  static final int BIAS = 1;
  static final int ACC = 2;

  /** This thread's job: its fields are reset for each product, so it is allocated once. */
  private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

  private PackedGemm() {}

  /** C = A′·B′ (+ bias), as {@link PanamaGemm#gemm}, on the packed path. */
  static void packed(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
      int bcs, float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k, GemmWorker pool,
      long parallelFlops, PackedWeights weights) {
    Scratch scratch = Scratch.get();
    int nPanels = (n + NR - 1) / NR;
    boolean hasPanels = weights != null && weights.panels != null;
    boolean bPacked = hasPanels && weights.holds(b, bOff);
    boolean keep = hasPanels && !bPacked && weights.repeats(b, bOff);
    if (keep) {
      weights.invalidate(); // until the packing below has completed
    }
    Job job = JOB.get();
    job.set(a, aOff, ars, acs, b, bOff, brs, bcs, bias, biasOff, c, cOff, m, n, k,
        scratch.aPack(packedRows(m, acs) * k),
        bPacked || keep ? weights.panels : scratch.bPack(nPanels * NR * k), bPacked, UNIT_PANELS);
    run(job, pool, parallelFlops, scratch);
    if (keep) {
      weights.filled(b, bOff);
    } else if (hasPanels && !bPacked) {
      weights.seen(b, bOff);
    }
  }

  /**
   * Packs W (k×n at offset 0 of {@code w}, the B′ of X·W) into {@code panels} as a product
   * would, for {@link PackedWeights#frozen}; allocates its own job, once per weight matrix.
   */
  static void packWeights(float[] w, int k, int n, float[] panels) {
    Job job = new Job();
    job.set(null, 0, k, 1, w, 0, n, 1, null, 0, null, 0, 0, n, k, null, panels, false,
        UNIT_PANELS);
    for (int unit = 0; unit < job.packUnits; unit++) {
      job.packB(unit);
    }
    job.clear();
  }

  /**
   * C = A·W (+ bias) with A m×k row-major and W k×n stored in reduced precision: each compute
   * unit widens W's panels ({@link ReducedGemm#widenPanel}) one at a time into its thread's
   * scratch just before using them, so a widened panel is read from L1/L2 rather than from a
   * whole widened W written first (as large as float32's panels).
   */
  static void widening(float[] a, int aOff, ReducedWeights w, float[] bias, float[] c, int cOff,
      int m, GemmWorker pool, long parallelFlops) {
    Scratch scratch = Scratch.get();
    int k = w.in;
    int n = w.units;
    Job job = JOB.get();
    // one unit of rows: each panel is widened once, by the unit of its columns
    int mPanels = (m + MR - 1) / MR;
    job.set(a, aOff, k, 1, null, 0, n, 1, bias, 0, c, cOff, m, n, k,
        scratch.aPack(packedRows(m, 1) * k), null, true, mPanels);
    job.reduced = w;
    run(job, pool, parallelFlops, scratch);
  }

  /**
   * Rows of A′ that are packed: all of them, in whole panels, unless A′'s rows are contiguous
   * (acs = 1), when only a last panel of fewer than MR rows is.
   */
  private static int packedRows(int m, int acs) {
    return acs != 1 ? (m + MR - 1) / MR * MR : m % MR == 0 ? 0 : MR;
  }

  private static void run(Job job, GemmWorker pool, long parallelFlops, Scratch scratch) {
    boolean parallel = pool != null && job.computeUnits > 1
        && 2.0 * job.m * job.n * job.k >= parallelFlops;
    if (!parallel || !pool.tryRun(job)) {
      job.runAll(scratch.tile);
    }
  }

  /** One packed GEMM, split into packing units and compute units that threads claim. */
  static final class Job implements GemmWorker.SharedWork {
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
    /** B′ to widen panel by panel as the compute units use it, instead of b and bp, or null. */
    ReducedWeights reduced;
    int mPanels;
    int nPanels;
    /** A panels per unit (packing and compute). */
    int unitPanels;
    int aUnits;
    int packUnits;
    /** Compute units: blocks of unitPanels A panels × nBlock B panels. */
    int computeUnits;
    int nBlock;
    int nBlocks;
    /** A′ rows contiguous (acs = 1): full panels are read in place, a last short one packed. */
    boolean aRows;
    /** Lane offsets of a B gather: column lane, when B′ columns are contiguous (NT). */
    final int[] bMap = new int[L];
    final AtomicInteger packNext = new AtomicInteger();
    final AtomicInteger packDone = new AtomicInteger();
    final AtomicInteger computeNext = new AtomicInteger();

    /** {@code bPacked}: bp already holds B′ in panels, so there is no B′ to pack. */
    void set(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
        float[] bias, int biasOff, float[] c, int cOff, int m, int n, int k, float[] ap,
        float[] bp, boolean bPacked, int unitPanels) {
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
      this.reduced = null;
      mPanels = (m + MR - 1) / MR;
      nPanels = (n + NR - 1) / NR;
      this.unitPanels = unitPanels;
      aUnits = (mPanels + unitPanels - 1) / unitPanels;
      packUnits = aUnits + (bPacked ? 0 : (nPanels + PACK_B_PANELS - 1) / PACK_B_PANELS);
      if (aUnits >= 4 || nPanels < 2) {
        nBlock = nPanels;
      } else {
        // Few rows: also split the columns so that two threads can share the work.
        nBlock = Math.max(1, (nPanels + 3) / 4);
      }
      nBlocks = (nPanels + nBlock - 1) / nBlock;
      aRows = acs == 1;
      for (int lane = 0; lane < L; lane++) {
        bMap[lane] = lane * bcs;
      }
      computeUnits = aUnits * nBlocks;
      packNext.set(0);
      packDone.set(0);
      computeNext.set(0);
    }

    @Override
    public void clear() {
      reduced = null;
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
    @Override
    public void runShared(float[] tile) {
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
      int p0 = unit * unitPanels;
      int p1 = Math.min(mPanels, p0 + unitPanels);
      for (int ip = p0; ip < p1; ip++) {
        if (!aRows || (ip + 1) * MR > m) {
          packAPanel(ip);
        }
      }
    }

    private void packAPanel(int ip) {
      final int base = panelOffset(ip);
      final int i0 = ip * MR;
      final float[] a = this.a;
      final float[] ap = this.ap;
      final int k = this.k;
      if (i0 + MR <= m) {
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
      int ip0 = mb * unitPanels;
      int ip1 = Math.min(mPanels, ip0 + unitPanels);
      int jp0 = nb * nBlock;
      int jp1 = Math.min(nPanels, jp0 + nBlock);
      final int k = this.k;
      final int n = this.n;
      // one widened panel (all of K) at a time, in this thread's scratch
      final float[] widened = reduced != null ? Scratch.get().bPack(NR * k) : null;
      // K blocks of equal length (no short trailing block)
      final int kcMax = (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        int mode = pc > 0 ? ACC : bias != null ? BIAS : STORE;
        for (int jp = jp0; jp < jp1; jp++) {
          int j0 = jp * NR;
          float[] panels = bp;
          int bi = jp * NR * k + pc * NR;
          if (widened != null) {
            ReducedGemm.widenPanel(reduced, j0, widened, 0);
            panels = widened;
            bi = pc * NR;
          }
          int cols = Math.min(NR, n - j0);
          for (int ip = ip0; ip < ip1; ip++) {
            int i0 = ip * MR;
            int rows = Math.min(MR, m - i0);
            if (rows == MR && cols == NR && mode == STORE) {
              microTile(ip, pc, kc, panels, bi, c, cOff + i0 * n + j0, n);
            } else {
              // bias and accumulation in scalar code, which C2 vectorises: the micro-kernels only
              // store (a vector add in a rarely profiled branch of theirs came after C2's node
              // cutoff for inlining in some JDK 17 JVMs, failed to compile, and boxed the loop)
              microTile(ip, pc, kc, panels, bi, tile, 0, NR);
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

    /** Where A panel ip is packed in ap: at 0 when it is the only one packed ({@link #aRows}). */
    private int panelOffset(int ip) {
      return aRows ? 0 : ip * MR * k;
    }

    /**
     * Stores the MR×NR tile of A panel ip × the B panel at panels[bi] over p = pc … pc + kc into
     * c: A′'s rows in place when contiguous and all MR exist, else its packed panel.
     */
    private void microTile(int ip, int pc, int kc, float[] panels, int bi, float[] c, int ci,
        int ldc) {
      int i0 = ip * MR;
      if (aRows && i0 + MR <= m) {
        int ai = aOff + i0 * ars + pc;
        if (MR == 8) {
          rowsKernel8x2(a, ai, ars, panels, bi, kc, c, ci, ldc);
        } else {
          rowsKernel4x2(a, ai, ars, panels, bi, kc, c, ci, ldc);
        }
      } else {
        int ai = panelOffset(ip) + pc * MR;
        if (MR == 8) {
          kernel8x2(ap, ai, panels, bi, kc, c, ci, ldc);
        } else {
          kernel4x2(ap, ai, panels, bi, kc, c, ci, ldc);
        }
      }
    }
  }

  /**
   * The 4×(2 vectors) micro-kernel over packed panels (AVX2: 8 accumulators of 16 registers);
   * stores its accumulators and nothing else: each micro-kernel is one C2 compilation, and its
   * vector operations must all come before C2's node cutoff for inlining (see compute).
   */
  static void kernel4x2(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci,
      int ldc) {
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
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
  }

  /** The 8×(2 vectors) micro-kernel (AVX-512: 16 accumulators of 32 registers). */
  static void kernel8x2(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci,
      int ldc) {
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

  /** {@link #kernel4x2} with A′'s 4 rows read in place: A′(r, p) at a[ai + r·lda + p]. */
  static void rowsKernel4x2(float[] a, int ai, int lda, float[] bp, int bi, int kc, float[] c,
      int ci, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int a1 = ai + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    for (int p = 0; p < kc; p++) {
      int bx = bi + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bx);
      FloatVector b1 = FloatVector.fromArray(S, bp, bx + L);
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    int c1 = ci + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + L);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + L);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + L);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + L);
  }

  /** {@link #kernel8x2} with A′'s 8 rows read in place: A′(r, p) at a[ai + r·lda + p]. */
  static void rowsKernel8x2(float[] a, int ai, int lda, float[] bp, int bi, int kc, float[] c,
      int ci, int ldc) {
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
    int a1 = ai + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int a6 = a5 + lda;
    int a7 = a6 + lda;
    for (int p = 0; p < kc; p++) {
      int bx = bi + p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bx);
      FloatVector b1 = FloatVector.fromArray(S, bp, bx + L);
      FloatVector x = FloatVector.broadcast(S, a[ai + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[a4 + p]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[a5 + p]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[a6 + p]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[a7 + p]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
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
