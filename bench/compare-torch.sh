#!/usr/bin/env bash
# Nabla against the PyTorch reference on the same recipes, in alternating rounds, same thread
# count: Fashion-MNIST MLP training samples/s, batch-1 predict latency, batch-256 inference, and
# the quadrant net's µs per epoch. Prints the median of the rounds per side and the ratios.
# Needs: apt-get install -y python3-torch libopenblas0-pthread dataset-fashion-mnist. Without
# libopenblas0-pthread, Debian's torch runs on the reference BLAS (about 3 GF/s here, 20x slower).
# Usage: bench/compare-torch.sh [rounds=3] [threads=1] [epochs=3]; JAVA_HOME picks the JDK.
# Kernels.warmUp() runs before the timed epochs (start-up); Nabla's first epoch still includes
# the JIT compiling the generated model's own code, so the last-epoch line is the steady state.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; threads=${2:-1}; epochs=${3:-3}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ! update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | grep -q '^Value:.*openblas'; then
  echo "warning: libblas.so.3 is not OpenBLAS; PyTorch will be unrepresentatively slow" >&2
fi
mvn -B -q -pl bench -am package -DskipTests
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds: nabla" >&2
  "$java" --add-modules jdk.incubator.vector -Dnabla.threads="$threads" -cp bench/target/benchmarks.jar \
    dev.nabla.bench.SideBySide "$epochs" 2>/dev/null > "$out/nabla.$r"
  echo "round $r/$rounds: torch" >&2
  /usr/bin/python3 bench/torch/fashion_mnist_mlp.py --threads "$threads" --variant mlp \
    --epochs "$epochs" --no-jit > "$out/torch.$r"
  /usr/bin/python3 bench/torch/quadrants.py --threads "$threads" --log-every 100000 >> "$out/torch.$r"
done
python3 - "$out" "$rounds" "$threads" "$("$java" -version 2>&1 | head -1)" "$epochs" <<'PY'
import statistics, sys
sys.path.insert(0, "bench")
from results import read
out, rounds, threads, jdk = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
sides = {s: [read(f"{out}/{s}.{r}") for r in range(1, rounds + 1)] for s in ("nabla", "torch")}
last = f"mlp.epoch{int(sys.argv[5])}.train_samples_per_s"
metrics = [("mlp.train_samples_per_s", "training samples/s, all epochs", True),
           (last, "training samples/s, last epoch", True),
           ("mlp.infer.eager.batch1_latency_us_median", "batch-1 predict µs", False),
           ("mlp.infer.eager.batch256_forward_samples_per_s", "batch-256 inference samples/s", True),
           ("us_per_epoch", "quadrant µs/epoch", False)]
print(f"{jdk}; threads {threads}; median of {rounds} alternating rounds")
print(f"{'metric':32} {'nabla':>12} {'pytorch':>12} {'nabla advantage':>16}")
for key, name, higher_better in metrics:
    n = statistics.median(d[key] for d in sides["nabla"])
    t = statistics.median(d[key] for d in sides["torch"])
    ratio = n / t if higher_better else t / n
    print(f"{name:32} {n:12.1f} {t:12.1f} {ratio:15.2f}×")
print("test accuracy after the epochs: nabla",
      [round(d["mlp.test_acc"], 4) for d in sides["nabla"]],
      "pytorch", [round(d.get("mlp.test_acc", float("nan")), 4) for d in sides["torch"]])
PY
