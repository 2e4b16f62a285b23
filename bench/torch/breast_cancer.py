#!/usr/bin/python3
"""PyTorch CPU reference: 9-5-2 sigmoid network on Breast Cancer Wisconsin (Original).

Data: ../../datasets/breast-cancer-wisconsin.csv beside this folder (699 rows). The 16 rows
with a missing Bare.nuclei are dropped, leaving 683. Features are standardized with the
training split's mean and standard deviation (--scale standardize, the default), or divided
by 10 (--scale div10).
Class benign=0, malignant=1. Split with a fixed seed into train/valid/test of
410/137/136 rows (60/20/20 %).

Model (as in the original notebook): the bias comes from a column of ones appended
to the input. Each layer's weight matrix has shape (in+1, out) and is initialised
with torch.rand.
    h   = sigmoid([X, 1] @ W1)        W1: (10, 5)
    out = sigmoid([h, 1] @ W2)        W2: (6, 2)
    loss = CrossEntropyLoss(out, y)   (CE on the sigmoid outputs, on purpose)
Adam, lr 0.05 by default (--lr; the original notebook used 0.5 on its own preprocessed
copy of the data, which saturates the sigmoids on some seeds here), full batch. Early stopping on validation loss (patience 500
epochs, max 20000, checked every epoch); the best-validation weights are
restored before the accuracies are reported.

The weights used, W, come from the trained parameters W' as follows:
    plain        W = W'
    tanh         W = tanh(W')
    tanh01       W = (tanh(W') + 1) / 2
    round_ste    W = 0.1*round(W') forward, straight-through backward, exactly as the notebook:
                 W = (round(W').detach() - W'.detach() + W') * 0.1, so dL/dW' = 0.1 * dL/dW
    round_nograd W = 0.1*round(W'), plain autograd. The gradient of round is 0, so
                 we expect it not to train.

Prints machine-readable lines "RESULT key=value".
"""
import argparse
import os

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (also OMP/OpenBLAS threads)")
ap.add_argument("--epochs", type=int, default=20000, help="maximum epochs (early stopping may stop sooner)")
ap.add_argument("--patience", type=int, default=500)
ap.add_argument("--lr", type=float, default=0.05)
ap.add_argument("--scale", choices=["standardize", "div10"], default="standardize")
ap.add_argument("--seeds", default="0", help="comma-separated init seeds, e.g. 0,1,2,3,4")
ap.add_argument("--split-seed", type=int, default=42)
ap.add_argument("--variants", default="plain,tanh,tanh01,round_ste,round_nograd")
ap.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                help="tensor precision (float32 = torch default)")
ap.add_argument("--csv", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "src", "main", "resources", "dev", "nabla", "samples", "breast-cancer-wisconsin.csv"))
args = ap.parse_args()

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import csv  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(args.threads)
DTYPE = getattr(torch, args.dtype)

FEATURES = ["Cl.thickness", "Cell.size", "Cell.shape", "Marg.adhesion", "Epith.c.size",
            "Bare.nuclei", "Bl.cromatin", "Normal.nucleoli", "Mitoses"]


def result(key, value):
    if isinstance(value, float):
        value = f"{value:.6g}"
    print(f"RESULT {key}={value}", flush=True)


def load():
    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    n_all = len(rows)
    rows = [r for r in rows if all(r[c] != "" for c in FEATURES)]
    x = torch.tensor([[float(r[c]) for c in FEATURES] for r in rows], dtype=DTYPE)
    y = torch.tensor([0 if r["Class"] == "benign" else 1 for r in rows], dtype=torch.int64)
    return n_all, x, y


def add_ones(x):
    return torch.cat([x, torch.ones(x.shape[0], 1, dtype=x.dtype)], dim=1)


def transform(variant, wp):
    if variant == "plain":
        return wp
    if variant == "tanh":
        return torch.tanh(wp)
    if variant == "tanh01":
        return (torch.tanh(wp) + 1) / 2
    if variant == "round_ste":
        return (torch.round(wp).detach() - wp.detach() + wp) * 0.1
    if variant == "round_nograd":
        return 0.1 * torch.round(wp)
    raise ValueError(variant)


def forward(variant, params, x1):
    w1 = transform(variant, params[0])
    w2 = transform(variant, params[1])
    h = torch.sigmoid(x1 @ w1)
    return torch.sigmoid(add_ones(h) @ w2)


def acc(out, y):
    return (out.argmax(1) == y).float().mean().item()


def run(variant, seed, data):
    (xtr, ytr), (xva, yva), (xte, yte) = data
    torch.manual_seed(seed)
    params = [torch.rand(10, 5, dtype=DTYPE, requires_grad=True),
              torch.rand(6, 2, dtype=DTYPE, requires_grad=True)]
    opt = torch.optim.Adam(params, lr=args.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    best_val = float("inf")
    best_epoch = 0
    best_params = [p.detach().clone() for p in params]
    first_loss = None
    t0 = time.perf_counter()
    epoch = 0
    for epoch in range(1, args.epochs + 1):
        out = forward(variant, params, xtr)
        loss = loss_fn(out, ytr)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            val_loss = loss_fn(forward(variant, params, xva), yva).item()
        if first_loss is None:
            first_loss = loss.item()
        if val_loss < best_val:
            best_val = val_loss
            best_epoch = epoch
            best_params = [p.detach().clone() for p in params]
        elif epoch - best_epoch >= args.patience:
            break
    elapsed = time.perf_counter() - t0
    last_train_loss = loss.item()
    with torch.no_grad():
        last = [acc(forward(variant, params, x), y) for x, y in ((xtr, ytr), (xva, yva), (xte, yte))]
        best = [acc(forward(variant, best_params, x), y) for x, y in ((xtr, ytr), (xva, yva), (xte, yte))]
        best_train_loss = loss_fn(forward(variant, best_params, xtr), ytr).item()
        grad_norm = sum(float(p.grad.norm()) for p in params if p.grad is not None)
    p = f"{variant}.seed{seed}"
    result(f"{p}.epochs_run", epoch)
    result(f"{p}.best_epoch", best_epoch)
    result(f"{p}.seconds_total", elapsed)
    result(f"{p}.seconds_per_epoch", elapsed / epoch)
    result(f"{p}.first_train_loss", first_loss)
    result(f"{p}.last_train_loss", last_train_loss)
    result(f"{p}.best_train_loss", best_train_loss)
    result(f"{p}.best_valid_loss", best_val)
    result(f"{p}.last_grad_norm", grad_norm)
    result(f"{p}.train_acc", best[0])
    result(f"{p}.valid_acc", best[1])
    result(f"{p}.test_acc", best[2])
    result(f"{p}.last_epoch_train_acc", last[0])
    result(f"{p}.last_epoch_valid_acc", last[1])
    result(f"{p}.last_epoch_test_acc", last[2])
    return dict(epochs=epoch, spe=elapsed / epoch, tr=best[0], va=best[1], te=best[2], loss=best_train_loss,
                ok=float(best[1] > 0.9))


def main():
    result("script", "breast_cancer")
    result("torch_version", torch.__version__)
    result("python_version", platform.python_version())
    result("threads", torch.get_num_threads())
    result("dtype", args.dtype)
    n_all, x, y = load()
    result("rows_in_csv", n_all)
    result("rows_used", x.shape[0])
    n = x.shape[0]
    g = torch.Generator().manual_seed(args.split_seed)
    perm = torch.randperm(n, generator=g)
    n_tr = round(0.6 * n)
    n_va = round(0.2 * n)
    parts = (perm[:n_tr], perm[n_tr:n_tr + n_va], perm[n_tr + n_va:])
    if args.scale == "standardize":
        mu, sd = x[parts[0]].mean(0), x[parts[0]].std(0)
        x = (x - mu) / sd
    else:
        x = x / 10.0
    result("scale", args.scale)
    data = tuple((add_ones(x[i]), y[i]) for i in parts)
    result("split_seed", args.split_seed)
    result("n_train", len(parts[0]))
    result("n_valid", len(parts[1]))
    result("n_test", len(parts[2]))
    result("malignant_frac_train", float(y[parts[0]].float().mean()))
    result("malignant_frac_valid", float(y[parts[1]].float().mean()))
    result("malignant_frac_test", float(y[parts[2]].float().mean()))
    result("lr", args.lr)
    result("patience", args.patience)
    result("max_epochs", args.epochs)
    seeds = [int(s) for s in args.seeds.split(",")]
    for variant in args.variants.split(","):
        rs = [run(variant, s, data) for s in seeds]
        if len(seeds) > 1:
            result(f"{variant}.seeds_with_valid_acc_over_0.9", f"{sum(r['ok'] for r in rs):.0f}/{len(rs)}")
            for k in ("epochs", "spe", "tr", "va", "te", "loss"):
                vals = [r[k] for r in rs]
                result(f"{variant}.mean.{k}", float(statistics.mean(vals)))
                result(f"{variant}.median.{k}", float(statistics.median(vals)))
                result(f"{variant}.min.{k}", float(min(vals)))
                result(f"{variant}.max.{k}", float(max(vals)))


if __name__ == "__main__":
    main()
