#!/usr/bin/env bash
# Nabla's Fashion-MNIST inference objects (float32, float16, int8) and ONNX Runtime Java (the
# nabla-onnx export and its quantize_dynamic int8 version) side by side in one JVM, 1 thread, from
# the same weights: trains the MLP with the study's recipe and saves its weights (or loads a given
# safetensors file), exports it as ONNX (OnnxFashionExport), quantizes it with ONNX Runtime
# (quantize.py), then times every side in alternating rounds (OrtFashionBench) and prints a
# markdown table of medians and ratios, then this core's bounds measured in the same rounds
# (MachineBounds: FMA peak, L2 read bandwidth, the GEMMs alone) and each side against them.
# Needs: dataset-fashion-mnist; python3 with onnxruntime and onnx (installed here if missing).
# Usage: bench/onnx/run.sh [epochs=10] [rounds=5] [weights.safetensors to load instead of
# training]; JAVA_HOME picks the JDK; files go to bench/onnx/out/.
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs=${1:-10}; rounds=${2:-5}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=bench/onnx/out
mkdir -p "$out"
weights=$out/fashion-mlp.safetensors
if [ $# -ge 3 ]; then
  [ "$3" -ef "$weights" ] || cp "$3" "$weights"
else
  rm -f "$weights" # train afresh
fi
python3 -c 'import onnx, onnxruntime' 2>/dev/null || python3 -m pip install -q onnxruntime onnx
mvn -B -q -pl bench -am package -DskipTests
# JDK 22+ warns when ONNX Runtime loads its native library unless native access is granted.
native=$("$java" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1 \
  && echo --enable-native-access=ALL-UNNAMED || true)
run() { "$java" --add-modules jdk.incubator.vector $native -cp bench/target/benchmarks.jar "$@"; }
run dev.nabla.bench.OnnxFashionExport "$out/fashion-mlp.onnx" "$weights" "$epochs" \
  | tee "$out/export.txt"
python3 bench/onnx/quantize.py "$out/fashion-mlp.onnx" "$out/fashion-mlp-int8.onnx"
# The machine may be shared: the load average before and after says how much.
echo "== $("$java" -version 2>&1 | head -1); $(nproc) CPUs; $(date -u +%FT%TZ);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/side-by-side.txt"
run -Dnabla.threads=1 dev.nabla.bench.OrtFashionBench "$rounds" weights="$weights" \
  fp32="$out/fashion-mlp.onnx" int8="$out/fashion-mlp-int8.onnx" 2>/dev/null \
  | tee -a "$out/side-by-side.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/side-by-side.txt"
