#!/usr/bin/env bash
# Runs the dropout study (d2l 4.6) in Nabla (DropoutSample) and in the PyTorch reference
# (bench/torch/fashion_mnist_mlp.py --variant dropout, the same recipe) for each seed, and prints
# both per-epoch tables of the first seed and every seed's last epoch side by side. Nabla's train
# accuracy is measured with predict (dropout off); PyTorch's is shown both ways: in training mode,
# as d2l reports it, and in eval mode, comparable to Nabla's.
# Needs: apt-get install -y python3-torch dataset-fashion-mnist. Usage: bench/compare-dropout.sh [0,1,2]
set -euo pipefail
cd "$(dirname "$0")/.."
IFS=, read -r -a seeds <<< "${1:-0,1,2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for seed in "${seeds[@]}"; do
  mvn -B -q -pl samples -am compile exec:exec -Dsample=DropoutSample -Dsample.args="--seed $seed" \
    2>/dev/null > "$work/nabla-$seed.txt"
  /usr/bin/python3 bench/torch/fashion_mnist_mlp.py --variant dropout --no-infer --threads 1 \
    --seed "$seed" > "$work/torch-$seed.txt"
done
python3 - "$work" "${seeds[@]}" <<'PY'
import re, sys
sys.path.insert(0, "bench")
from results import read
work, seeds = sys.argv[1], sys.argv[2:]

def nabla_table(path):
    rows, inside = [], False
    for line in open(path):
        if line.startswith("epoch train loss"):
            inside = True
        elif inside and re.match(r"\s+\d+ ", line):
            rows.append([float(v) for v in line.split()[1:4]])
    return rows

for i, seed in enumerate(seeds):
    n = nabla_table(f"{work}/nabla-{seed}.txt")
    t = read(f"{work}/torch-{seed}.txt")
    if i == 0:
        print(f"seed {seed}: {'':>5} {'Nabla':^28} | {'PyTorch':^38}")
        print(f"{'epoch':>5} {'train loss':>10} {'train acc':>9} {'test acc':>8} | {'train loss':>10}"
              f" {'train acc':>9} {'(train mode)':>12} {'test acc':>8}")
        for e, (loss, tra, tea) in enumerate(n, 1):
            p = f"dropout.epoch{e}."
            print(f"{e:5d} {loss:10.4f} {tra:9.4f} {tea:8.4f} | {t[p + 'train_loss']:10.4f}"
                  f" {t[p + 'train_acc_eval']:9.4f} {t[p + 'train_acc']:12.4f} {t[p + 'test_acc']:8.4f}")
        print(f"\nlast epoch per seed: {'Nabla test acc':>14} {'PyTorch test acc':>16}")
    last = len(n)
    print(f"seed {seed:>14} {n[-1][2]:14.4f} {t[f'dropout.epoch{last}.test_acc']:16.4f}")
PY
