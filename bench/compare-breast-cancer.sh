#!/usr/bin/env bash
# Runs the breast-cancer study in Nabla and in the PyTorch reference (bench/torch/breast_cancer.py,
# the same recipe) and prints their medians side by side, with the ±0.05 agreement check.
# Needs: apt-get install -y python3-torch. Usage: bench/compare-breast-cancer.sh [--lr 0.05] [--seeds 0,1,2,3,4]
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--lr 0.05 --seeds 0,1,2,3,4)
nabla=$(mktemp); torch=$(mktemp)
trap 'rm -f "$nabla" "$torch"' EXIT
mvn -B -q -pl samples -am compile exec:exec -Dsample=BreastCancerSample -Dsample.args="${args[*]}" \
  2>/dev/null | tee "$nabla" | grep -v '^RESULT'
/usr/bin/python3 bench/torch/breast_cancer.py --threads 1 "${args[@]}" > "$torch"
python3 - "$nabla" "$torch" <<'PY'
import sys
sys.path.insert(0, "bench")
from results import read
n, t = read(sys.argv[1]), read(sys.argv[2])
print(f"\n{'variant':14} {'':6} {'epochs':>8} {'train':>7} {'valid':>7} {'test':>7}   within ±0.05")
worst = []
for v in ["plain", "tanh", "tanh01", "round_ste", "round_nograd"]:
    for name, d in (("nabla", n), ("torch", t)):
        print(f"{v:14} {name:6} " + " ".join(f"{d.get(f'{v}.median.{k}', float('nan')):>7.3f}" if k != "epochs"
              else f"{d.get(f'{v}.median.{k}', float('nan')):>8.0f}" for k in ("epochs", "tr", "va", "te")), end="")
        if name == "torch":
            diffs = [abs(n[f"{v}.median.{k}"] - t[f"{v}.median.{k}"]) for k in ("tr", "va", "te")]
            ok = max(diffs) <= 0.05
            worst.append((v, ok))
            print(f"   {'yes' if ok else 'NO'} (max diff {max(diffs):.3f})")
        else:
            print()
print("\nquantized+STE median test accuracy >= 0.93:", "yes" if n["round_ste.median.te"] >= 0.93 else "NO")
print("no-estimator loss never moved:", "yes" if n["round_nograd.loss_moved"] == 0 else "NO")
PY
