#!/usr/bin/env bash
# Trains the Fashion-MNIST sample, saves its weights with FashionSample --save, predicts the test
# set with the loaded file in Nabla (PredictFashion), then loads the same file into PyTorch with
# load_state_dict (bench/torch/load_nabla_weights.py) and checks that every class agrees.
# Needs: apt-get install -y python3-torch libopenblas0-pthread dataset-fashion-mnist, and
# /usr/bin/python3 -m pip install --break-system-packages safetensors.
# Usage: bench/weights-to-torch.sh [epochs=10]; JAVA_HOME picks the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-10}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
mvn -B -q -pl bench -am package -DskipTests
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
"$java" --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
  dev.nabla.samples.FashionSample --epochs "$epochs" --save "$out/fashion.safetensors" 2>/dev/null
"$java" --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
  dev.nabla.bench.PredictFashion "$out/fashion.safetensors" "$out/nabla-classes.txt" 2>/dev/null
/usr/bin/python3 bench/torch/load_nabla_weights.py "$out/fashion.safetensors" "$out/nabla-classes.txt"
