package dev.nabla.internal.kernel;

import static dev.nabla.internal.kernel.PackedGemm.MR;
import static dev.nabla.internal.kernel.PackedGemm.NR;
import static dev.nabla.internal.kernel.VectorLanes.L;
import static dev.nabla.internal.kernel.VectorLanes.S;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector products with reduced-precision weights ({@link ReducedWeights}). Fewer rows than a
 * packed micro-tile ({@link PackedGemm#MR}) go row by row through {@link ReducedRowKernels},
 * which widen the weights in registers. Batches widen W into per-thread float scratch once per
 * call (in·units conversions against rows·in·units FMAs: 0.4 % of a 256-row product), straight
 * into the packed GEMM's panel layout when that path serves the shape, else row-major for the
 * path {@link PanamaGemm} routes to; int8's scales and the bias follow the sum.
 */
final class ReducedGemm {
  /** Bytes of L lanes: at least 64 bits, the narrowest byte species (8 lanes for 4 floats). */
  static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, 8 * L)));
  static final VectorSpecies<Short> HALVES =
      VectorSpecies.of(short.class, VectorShape.forBitSize(16 * L));
  static final VectorSpecies<Integer> INTS = S.withLanes(int.class);

  private ReducedGemm() {}

  /** Whole vectors per stored row. */
  static int stride(int units) {
    return (units + L - 1) / L * L;
  }

  static void product(ReducedWeights w, float[] x, int xOff, int rows, float[] z, int zOff,
      GemmWorker pool, long parallelFlops) {
    int in = w.in;
    int units = w.units;
    if (rows < MR) {
      for (int r = 0; r < rows; r++) {
        ReducedRowKernels.row(w, x, xOff + r * in, z, zOff + r * units);
      }
      return;
    }
    // int8 sums unscaled, then scales and adds the bias; float16 lets the GEMM add it
    float[] bias = w.scales == null ? w.bias : null;
    if (PanamaGemm.packs(rows, units, in)) {
      float[] panels = Scratch.get().reduced(PanamaGemm.weightPanelSize(in, units));
      widenToPanels(w, panels);
      PackedGemm.prepacked(x, xOff, panels, bias, 0, z, zOff, rows, units, in, pool,
          parallelFlops);
    } else {
      float[] wide = Scratch.get().reduced(in * w.stride);
      widen(w, 0, 0, wide, 0, 0, 1, in * w.stride / L);
      PanamaGemm.gemm(x, xOff, in, 1, wide, 0, w.stride, 1, bias, 0, z, zOff, rows, units, in,
          pool, parallelFlops, null);
    }
    if (w.scales != null) {
      for (int r = 0; r < rows; r++) {
        int zr = zOff + r * units;
        scaleAndBias(z, zr, w.scales, w.bias, z, zr, units);
      }
    }
  }

  /**
   * W widened into the packed GEMM's panels: NR = 2 vectors of columns per panel, p-major; the
   * stored rows' zero padding fills a last panel's first vector, zeros its second if needed.
   */
  private static void widenToPanels(ReducedWeights w, float[] panels) {
    int in = w.in;
    int stride = w.stride;
    for (int j0 = 0; j0 < stride; j0 += NR) {
      int base = j0 * in;
      int vectors = Math.min(2, (stride - j0) / L);
      widen(w, j0, stride, panels, base, NR, in, vectors);
      for (int p = 0; vectors == 1 && p < in; p++) {
        java.util.Arrays.fill(panels, base + p * NR + L, base + (p + 1) * NR, 0f);
      }
    }
  }

  /**
   * dst[d + p·dstStride + v·L ..] = the widened stored weights at src + p·srcStride + v·L, for
   * {@code count} runs of {@code vectors} whole vectors.
   */
  private static void widen(ReducedWeights w, int src, int srcStride, float[] dst, int d,
      int dstStride, int count, int vectors) {
    if (w instanceof Int8Weights) {
      byte[] q = ((Int8Weights) w).q;
      for (int p = 0; p < count; p++) {
        for (int v = 0; v < vectors; v++) {
          int o = v * L;
          int8(q, src + p * srcStride + o).intoArray(dst, d + p * dstStride + o);
        }
      }
    } else {
      short[] h = ((Float16Weights) w).h;
      for (int p = 0; p < count; p++) {
        for (int v = 0; v < vectors; v++) {
          int o = v * L;
          half(h, src + p * srcStride + o).intoArray(dst, d + p * dstStride + o);
        }
      }
    }
  }

  /** L stored int8 weights from q[o] as floats (the byte vector's lanes beyond L dropped). */
  static FloatVector int8(byte[] q, int o) {
    return (FloatVector) ByteVector.fromArray(BYTES, q, o)
        .convertShape(VectorOperators.B2F, S, 0);
  }

  /** L stored halves from h[o] as floats, exactly: {@link HalfFloats#toFloat} lane-wise. */
  static FloatVector half(short[] h, int o) {
    return ((IntVector) ShortVector.fromArray(HALVES, h, o)
        .convertShape(VectorOperators.S2I, INTS, 0))
        .lanewise(VectorOperators.LSHL, 13)
        .and(HalfFloats.WIDENED_BITS)
        .reinterpretAsFloats()
        .mul(HalfFloats.REBIAS);
  }

  /**
   * z[zo + j] = sums[so + j]·scales[j] + bias[j] for j &lt; units (without the product when
   * {@code scales} is null), as the scalar twin computes it; sums may be z itself.
   */
  static void scaleAndBias(float[] sums, int so, float[] scales, float[] bias, float[] z,
      int zo, int units) {
    int j = 0;
    // each branch its own loop (VectorLanes: no vector merged across branches)
    if (scales != null) {
      for (; j + L <= units; j += L) {
        FloatVector.fromArray(S, sums, so + j).mul(FloatVector.fromArray(S, scales, j))
            .add(FloatVector.fromArray(S, bias, j)).intoArray(z, zo + j);
      }
      for (; j < units; j++) {
        z[zo + j] = sums[so + j] * scales[j] + bias[j];
      }
    } else {
      for (; j + L <= units; j += L) {
        FloatVector.fromArray(S, sums, so + j).add(FloatVector.fromArray(S, bias, j))
            .intoArray(z, zo + j);
      }
      for (; j < units; j++) {
        z[zo + j] = sums[so + j] + bias[j];
      }
    }
  }
}
