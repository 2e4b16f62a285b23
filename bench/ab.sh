#!/usr/bin/env bash
# A/B of the Fashion model between a base revision (A) and the working tree (B) in one JVM on
# JDK 25, through ModelAB; builds both benchmark jars (package only). Pass the working tree's own
# revision for an A/A run: the noise floor.
# Usage: bench/ab.sh BASE_REV [predictClass1|trainStep256] [blocks]
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1
call=${2:-predictClass1}
blocks=${3:-40}
java=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
work=$(mktemp -d)
git archive "$base" | tar -x -C "$work"
(cd "$work" && mvn -B -q -pl bench -am package -DskipTests)
mvn -B -q -pl bench -am package -DskipTests
cp bench/target/benchmarks.jar "$work/b.jar"
"$java" --add-modules jdk.incubator.vector -cp "$work/b.jar" dev.nabla.bench.ModelAB \
  "$work/bench/target/benchmarks.jar" "$work/b.jar" "$call" "$blocks" 2>&1 | grep -v '^WARNING'
rm -rf "$work"
