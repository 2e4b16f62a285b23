#!/usr/bin/env bash
# Nabla against PyTorch on the character-level RNN of samples' CharStudy (embedding 16 -> tanh
# RNN 64, or with cell=lstm an LSTM 64 (nn.LSTM) -> 27 characters, T = 32, batch 32, Adam 0.005, gradient norm clipped to 1), on the very
# same batches, in alternating rounds at the same thread count: training tokens/s after the
# warm-up steps, and the mean loss of each block of steps on both sides.
# Needs: apt-get install -y python3-torch libopenblas0-pthread wamerican.
# Usage: bench/compare-char-rnn.sh [rounds=3] [threads=1] [steps=600] [warmup=100] [block=100]
#        [cell=simple|lstm]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; threads=${2:-1}; steps=${3:-600}; warmup=${4:-100}; block=${5:-100}
cell=${6:-simple}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
mvn -B -q -pl bench -am package -DskipTests
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
run() { "$java" --add-modules jdk.incubator.vector -Dnabla.threads="$threads" \
  -cp bench/target/benchmarks.jar dev.nabla.bench.CharSideBySide "$@"; }
run --prepare "$out/data" 2>/dev/null
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: nabla" >&2
  run "$out/data" "$steps" "$warmup" "$block" "$cell" 2>/dev/null > "$out/nabla.$r"
  echo "round $r/$rounds: torch" >&2
  OMP_NUM_THREADS="$threads" /usr/bin/python3 bench/torch/char_rnn.py "$out/data" "$steps" \
    "$warmup" "$block" --threads "$threads" --cell "$cell" > "$out/torch.$r"
done
python3 - "$out" "$rounds" "$threads" "$("$java" -version 2>&1 | head -1)" "$steps" "$block" "$cell" <<'PY'
import statistics, sys
sys.path.insert(0, "bench")
from results import read
out, rounds, threads, jdk, steps, block, cell = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
sides = {s: [read(f"{out}/{s}.{r}") for r in range(1, rounds + 1)] for s in ("nabla", "torch")}
n = statistics.median(d["char.train_tokens_per_s"] for d in sides["nabla"])
t = statistics.median(d["char.train_tokens_per_s"] for d in sides["torch"])
print(f"{jdk}; {cell} cell; threads {threads}; median of {rounds} alternating rounds")
print(f"training tokens/s: nabla {n:.0f}, pytorch {t:.0f}, nabla/pytorch {n / t:.2f}x")
ratios = sorted(a["char.train_tokens_per_s"] / b["char.train_tokens_per_s"] for a, b in zip(sides["nabla"], sides["torch"]))
print(f"per-round ratio: median {statistics.median(ratios):.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x")
print("mean loss per block of", block, "steps (round 1): step  nabla  pytorch")
for b in range(1, steps // block + 1):
    key = f"char.loss_block{b}"
    print(f"  {b * block:5d}  {sides['nabla'][0][key]:.4f}  {sides['torch'][0][key]:.4f}")
PY
