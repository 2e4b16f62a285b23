package dev.nabla.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's FP32 FMA peak as Java reaches it: {@value #CHAINS} independent chains of
 * vector FMAs on registers (enough to cover the FMA latency on two ports), no memory traffic.
 * {@code bench/summarize.py} divides the kernels' GFLOP/s by this figure from the same launch,
 * so a percentage of peak is taken in the VM's state of that launch. Run with {@code -t 2} for
 * both cores. The secondary metric {@code flops} is the rate in flop/s (summed over threads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class PeakBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** 12 accumulators and two operands fit the 16 registers of AVX2 as well as AVX-512's 32. */
  static final int CHAINS = 12;
  static final int STEPS = 10_000;
  /** 2 flops per lane per FMA. */
  static final long FLOPS_PER_CALL = 2L * CHAINS * STEPS * L;

  /** Counts the flops done, which JMH reports as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    public long flops;
  }

  private final float[] seeds = new float[CHAINS * L];

  public PeakBench() {
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = i * 1e-3f;
    }
  }

  /** a ← a·x + y: stays finite, and its fixed point (0.1) is far from reached in 10 000 steps. */
  @Benchmark
  public float fmaChains(Flops done) {
    FloatVector x = FloatVector.broadcast(S, 0.999999f);
    FloatVector y = FloatVector.broadcast(S, 1e-7f);
    FloatVector a0 = FloatVector.fromArray(S, seeds, 0 * L);
    FloatVector a1 = FloatVector.fromArray(S, seeds, 1 * L);
    FloatVector a2 = FloatVector.fromArray(S, seeds, 2 * L);
    FloatVector a3 = FloatVector.fromArray(S, seeds, 3 * L);
    FloatVector a4 = FloatVector.fromArray(S, seeds, 4 * L);
    FloatVector a5 = FloatVector.fromArray(S, seeds, 5 * L);
    FloatVector a6 = FloatVector.fromArray(S, seeds, 6 * L);
    FloatVector a7 = FloatVector.fromArray(S, seeds, 7 * L);
    FloatVector a8 = FloatVector.fromArray(S, seeds, 8 * L);
    FloatVector a9 = FloatVector.fromArray(S, seeds, 9 * L);
    FloatVector a10 = FloatVector.fromArray(S, seeds, 10 * L);
    FloatVector a11 = FloatVector.fromArray(S, seeds, 11 * L);
    for (int i = 0; i < STEPS; i++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
    }
    done.flops += FLOPS_PER_CALL;
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10)
        .add(a11).reduceLanes(VectorOperators.ADD);
  }
}
