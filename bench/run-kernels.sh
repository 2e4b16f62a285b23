#!/usr/bin/env bash
# Builds the benchmarks and runs PeakBench (this machine's FMA peak, 1 and 2 threads) and
# GemmBenchmark on JDK 25 and JDK 17 (about 7 minutes in all).
# Results: bench/results/kernels-jdk{25,17}.txt (JMH log + summary) and .json (raw JMH data).
# Environment: JDK25_HOME, JDK17_HOME (defaults below), JMH_ARGS (extra JMH options).
set -euo pipefail
cd "$(dirname "$0")/.."
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JDK17_HOME=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
OUT=bench/results
mkdir -p "$OUT"

# --release 17 bytecode runs on both JDKs; build with 17 (the project's baseline).
JAVA_HOME=$JDK17_HOME mvn -q -pl runtime,bench -am package -Dmaven.test.skip=true
JAR=bench/target/benchmarks.jar

# 3×1 s warm-up + 5×1 s measurement, one fork: enough for C2 to settle on these kernels.
COMMON=(-wi 3 -w 1 -i 5 -r 1 -f 1 -prof gc)
BIG=fwd1,dW1,dX,sq512   # only products above the 2-thread threshold differ with 2 threads

for jdk in 25 17; do
  home_var=JDK${jdk}_HOME
  java=${!home_var}/bin/java
  log=$OUT/kernels-jdk$jdk.txt
  echo "== $("$java" -version 2>&1 | head -1); $(nproc) CPUs; $(date -u +%FT%TZ)" | tee "$log"
  for t in 1 2; do
    "$java" -jar "$JAR" PeakBench -t $t "${COMMON[@]}" ${JMH_ARGS:-} \
        -rf json -rff "$OUT/kernels-jdk$jdk-peak${t}t.json" 2>&1 | tee -a "$log" | grep -E '^Peak' || true
  done
  "$java" -jar "$JAR" GemmBenchmark -p threads=1 "${COMMON[@]}" ${JMH_ARGS:-} \
      -rf json -rff "$OUT/kernels-jdk$jdk-1t.json" 2>&1 | tee -a "$log" | grep -E '^Gemm' || true
  "$java" -jar "$JAR" GemmBenchmark -p threads=2 -p shape=$BIG "${COMMON[@]}" ${JMH_ARGS:-} \
      -rf json -rff "$OUT/kernels-jdk$jdk-2t.json" 2>&1 | tee -a "$log" | grep -E '^Gemm' || true
  {
    echo
    echo "== Summary (JDK $jdk)"
    python3 bench/summarize.py "$OUT/kernels-jdk$jdk-peak1t.json" "$OUT/kernels-jdk$jdk-peak2t.json" \
        "$OUT/kernels-jdk$jdk-1t.json" "$OUT/kernels-jdk$jdk-2t.json"
  } | tee -a "$log"
done
