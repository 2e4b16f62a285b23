#!/usr/bin/env bash
# Runs the weight-decay (d2l 3.7) and polynomial (d2l 3.6) studies in Nabla (WeightDecaySample,
# PolynomialSample) and in their PyTorch twins (bench/torch/regression_studies.py: the same
# data recipe, init and optimizer) over several seeds, prints each side's own output for the first
# seed, then the medians side by side and the studies' qualitative checks.
# Needs: apt-get install -y python3-torch. Usage: bench/compare-regression.sh [0,1,2,3,4]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-0,1,2,3,4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for study in WeightDecay Polynomial; do
  mvn -B -q -pl samples -am compile exec:exec -Dsample=${study}Sample -Dsample.args="--seeds $seeds" \
    2>/dev/null > "$work/nabla-$study.txt"
done
/usr/bin/python3 bench/torch/regression_studies.py --study weight-decay --seeds "$seeds" > "$work/torch-WeightDecay.txt"
/usr/bin/python3 bench/torch/regression_studies.py --study polynomial --seeds "$seeds" > "$work/torch-Polynomial.txt"
for study in WeightDecay Polynomial; do
  for side in nabla torch; do
    echo "== $study, $side (first seed)"
    grep -v '^RESULT' "$work/$side-$study.txt"
  done
done
python3 - "$work" "$seeds" <<'PY'
import statistics, sys
sys.path.insert(0, "bench")
from results import read
work, seeds = sys.argv[1], sys.argv[2].split(",")
median = {}
for side in ("nabla", "torch"):
    for study in ("WeightDecay", "Polynomial"):
        values = read(f"{work}/{side}-{study}.txt")
        for run in ("lambda0", "lambda3", "right", "underfit", "overfit"):
            for figure in ("train_loss", "test_loss", "w_norm"):
                found = [values[f"{run}.seed{s}.{figure}"] for s in seeds if f"{run}.seed{s}.{figure}" in values]
                if found:
                    median[side, run, figure] = statistics.median(found)
print(f"\nmedians over seeds {','.join(seeds)} (MSE = mean (y_hat - y)^2)")
print(f"{'run':10} {'':6} {'train loss':>12} {'test loss':>12} {'||w||':>9}")
for run in ("lambda0", "lambda3", "right", "underfit", "overfit"):
    for side in ("nabla", "torch"):
        print(f"{run:10} {side:6} " + " ".join(f"{median[side, run, f]:{w}.4g}" for f, w in
              (("train_loss", 12), ("test_loss", 12), ("w_norm", 9))))
print()
for side in ("nabla", "torch"):
    m = lambda run, f: median[side, run, f]  # noqa: E731
    checks = {
        "lambda=0 overfits (train < 1% of test)": m("lambda0", "train_loss") < 0.01 * m("lambda0", "test_loss"),
        "lambda=3 cures it (test < 1% of lambda=0's, ||w|| < 10%)":
            m("lambda3", "test_loss") < 0.01 * m("lambda0", "test_loss")
            and m("lambda3", "w_norm") < 0.1 * m("lambda0", "w_norm"),
        "4 features right (test within 2x the noise floor 0.01)": m("right", "test_loss") < 0.02,
        "2 features underfit (train and test > 100x the floor)":
            m("underfit", "train_loss") > 1 and m("underfit", "test_loss") > 1,
        "20 features overfit (test - train above the right fit's)":
            m("overfit", "test_loss") - m("overfit", "train_loss")
            > m("right", "test_loss") - m("right", "train_loss"),
    }
    for what, ok in checks.items():
        print(f"{side:6} {what}: {'yes' if ok else 'NO'}")
PY
