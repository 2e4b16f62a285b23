#!/usr/bin/env bash
# Builds the benchmarks and runs ReducedPrecisionAB (Fashion MLP inference with float32, int8 and
# float16 weights, alternating in one JVM) on JDK 25 and JDK 17. Args: blocks (default 40).
set -euo pipefail
cd "$(dirname "$0")/.."
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JDK17_HOME=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA_HOME=$JDK17_HOME mvn -q -B -pl runtime,processor,samples,bench -am package -Dmaven.test.skip=true
for home in "$JDK25_HOME" "$JDK17_HOME"; do
  "$home/bin/java" --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
      dev.nabla.bench.ReducedPrecisionAB "${1:-40}" 2>&1 | grep -v '^WARNING'
done
