#!/usr/bin/env bash
# Trains the character model (CharSample, simple or LSTM cell) and saves its weights, runs the
# loaded file over the held-out text in Nabla (CharHeldOut), then loads the same file into
# PyTorch's nn.Embedding + nn.RNN/nn.LSTM + nn.Linear with load_state_dict(strict=True)
# (bench/torch/load_nabla_char.py) and checks that the loss and every predicted character agree.
# Needs: apt-get install -y python3-torch libopenblas0-pthread wamerican, and
# /usr/bin/python3 -m pip install --break-system-packages safetensors.
# Usage: bench/char-weights-to-torch.sh [simple|lstm] [batches=300]; JAVA_HOME picks the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
cell=${1:-simple}
batches=${2:-300}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
mvn -B -q -pl bench -am package -DskipTests
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
"$java" --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
  dev.nabla.samples.CharSample --cell "$cell" --epochs 1 --batches "$batches" \
  --save "$out/char.safetensors" 2>/dev/null
result=$("$java" --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
  dev.nabla.bench.CharHeldOut "$out/char.safetensors" "$cell" "$out" 2>/dev/null)
echo "$result"
/usr/bin/python3 bench/torch/load_nabla_char.py "$out/char.safetensors" "$cell" "$out" \
  "${result#RESULT char.heldout_loss=}"
