#!/usr/bin/env bash
# ONNX Runtime Java on the Fashion-MNIST MLP: trains it with the study's recipe, exports it with
# nabla-onnx, makes ONNX Runtime's dynamic int8 version (quantize.py), then times both files
# (OrtFashionBench: 1 intra-op thread, reused direct buffers) and prints the medians of the rounds.
# Needs: dataset-fashion-mnist; python3 -m pip install onnxruntime onnx.
# Usage: bench/onnx/run.sh [epochs=10] [rounds=3]; JAVA_HOME picks the JDK; files go to
# bench/onnx/out/.
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs=${1:-10}; rounds=${2:-3}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=bench/onnx/out
mkdir -p "$out"
mvn -B -q -pl bench -am package -DskipTests
# JDK 22+ warns when ONNX Runtime loads its native library unless native access is granted.
native=$("$java" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1 \
  && echo --enable-native-access=ALL-UNNAMED || true)
run() { "$java" --add-modules jdk.incubator.vector $native -cp bench/target/benchmarks.jar "$@"; }
run dev.nabla.bench.OnnxFashionExport "$out/fashion-mlp.onnx" "$epochs" | tee "$out/export.txt"
python3 bench/onnx/quantize.py "$out/fashion-mlp.onnx" "$out/fashion-mlp-int8.onnx"
run dev.nabla.bench.OrtFashionBench "$rounds" fp32="$out/fashion-mlp.onnx" \
  int8="$out/fashion-mlp-int8.onnx" 2>/dev/null | tee "$out/ort.txt"
python3 - "$out/ort.txt" "$("$java" -version 2>&1 | head -1)" <<'PY'
import re, statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    m = re.match(r"RESULT ort\.(\w+)\.round\d+\.(\w+)=(\S+)$", line.strip())
    if m:
        rounds.setdefault((m.group(1), m.group(2)), []).append(float(m.group(3)))
print(f"{sys.argv[2]}; ONNX Runtime Java, 1 intra-op thread; median of rounds")
for (label, metric), values in sorted(rounds.items()):
    print(f"  {label:5} {metric:28} {statistics.median(values):12.1f}  rounds {values}")
PY
