#!/usr/bin/env bash
# Builds the benchmarks and runs ModelBench (generated models of the studies) on JDK 25 and 17.
# Results: bench/results/models-jdk{25,17}.txt. Conversions are in ModelBench's Javadoc:
# Fashion training samples/s = 256e6 / (µs per fashionTrainStep256), likewise for predict256.
set -euo pipefail
cd "$(dirname "$0")/.."
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JDK17_HOME=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
OUT=bench/results
mkdir -p "$OUT"
JAVA_HOME=$JDK17_HOME mvn -q -pl bench -am package -DskipTests
for jdk in 25 17; do
  home_var=JDK${jdk}_HOME
  java=${!home_var}/bin/java
  [ -x "$java" ] || continue
  log=$OUT/models-jdk$jdk.txt
  echo "== $("$java" -version 2>&1 | head -1); $(nproc) CPUs; $(date -u +%FT%TZ)" | tee "$log"
  "$java" -jar bench/target/benchmarks.jar ModelBench -prof gc ${JMH_ARGS:-} 2>&1 \
    | tee -a "$log" | grep -E '^ModelBench' || true
done
