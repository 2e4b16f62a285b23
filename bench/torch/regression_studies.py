#!/usr/bin/python3
"""PyTorch twins of Nabla's regression studies, on the same data recipe, init and optimizer.

--study weight-decay: WeightDecaySample (d2l 3.7). y = 0.05 + sum_i 0.01 x_i + eps,
eps ~ N(0, 0.01^2), x ~ N(0, 1) in d = 200 dimensions; 20 training and 100 test rows.
nn.Linear(200, 1) with W ~ N(0, 1), b = 0; 100 epochs of SGD on shuffled batches of 5. d2l
minimises 1/2 (y_hat - y)^2 + lambda/2 ||w||^2 with lr 0.003; Nabla, and this script, use
nn.MSELoss = mean (y_hat - y)^2, whose gradient is twice as large, so the same steps are SGD lr
0.0015 with weight_decay 2 lambda on the weight only (the bias in its own parameter group without
decay, as d2l does). Losses are MSE (twice d2l's). Prints the first seed's curve every 10 epochs.

--study polynomial: PolynomialSample (d2l 3.6). y = 5 + 1.2x - 3.4x^2/2! + 5.6x^3/3! + eps,
eps ~ N(0, 0.1^2), x ~ N(0, 1); features x^i/i! for i = 0..19; 100 training and 100 test rows.
nn.Linear(n, 1, bias=False) (feature 0 is the constant 1) with nn.Linear's default init,
U(-1/sqrt(n), 1/sqrt(n)), on the first 4 features (right), 2 (underfit) and 20 (overfit): SGD lr
0.01 on shuffled batches of 10, 400 epochs, nn.MSELoss (mean), as d2l. Prints the first seed's
final losses and weights.

Both print "RESULT <run>.seed<S>.{train_loss,test_loss,w_norm}=value" per run and seed, <run>
being lambda0, lambda3, right, underfit or overfit, as the Nabla samples do with --seeds.
"""
import argparse
import math
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--study", choices=["weight-decay", "polynomial"], required=True)
ap.add_argument("--seeds", default="0")
args = ap.parse_args()
torch.set_num_threads(1)
SEEDS = [int(s) for s in args.seeds.split(",")]


def result(run, seed, train_loss, test_loss, w_norm):
    key = f"RESULT {run}.seed{seed}."
    print(f"{key}train_loss={train_loss:.6g}\n{key}test_loss={test_loss:.6g}\n{key}w_norm={w_norm:.6g}")


def fit(net, opt, xtr, ytr, epochs, batch, g, after_epoch=None):
    """Shuffled mini-batch SGD on MSE; after_epoch(epoch) is called after each epoch."""
    loss = nn.MSELoss()
    for epoch in range(1, epochs + 1):
        perm = torch.randperm(xtr.shape[0], generator=g)
        for i in range(0, xtr.shape[0], batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss(net(xtr[idx]), ytr[idx]).backward()
            opt.step()
        if after_epoch:
            after_epoch(epoch)


@torch.no_grad()
def mse(net, x, y):
    return nn.functional.mse_loss(net(x), y).item()


def weight_decay():
    d, train_rows, test_rows, epochs, batch, d2l_lr = 200, 20, 100, 100, 5, 0.003

    def synthetic(rows, g):
        x = torch.randn(rows, d, generator=g)
        return x, 0.05 + 0.01 * x.sum(1, keepdim=True) + 0.01 * torch.randn(rows, 1, generator=g)

    for lam in (0, 3):
        for k, seed in enumerate(SEEDS):
            g = torch.Generator().manual_seed(seed)
            xtr, ytr = synthetic(train_rows, g)
            xte, yte = synthetic(test_rows, g)
            net = nn.Linear(d, 1)
            with torch.no_grad():
                net.weight.normal_(0, 1, generator=g)
                net.bias.zero_()
            opt = torch.optim.SGD([{"params": net.weight, "weight_decay": 2 * lam},
                                   {"params": net.bias}], lr=d2l_lr / 2)
            if k == 0:
                print(f"\nlambda = {lam} (d2l) -> weight_decay {2 * lam}, seed {seed}")
                print(f"{'epoch':>5} {'train loss':>12} {'test loss':>12} {'||w||':>9}")
            show = lambda e: k == 0 and e % 10 == 0 and print(  # noqa: E731
                f"{e:5d} {mse(net, xtr, ytr):12.6g} {mse(net, xte, yte):12.6g} {net.weight.norm().item():9.4f}")
            fit(net, opt, xtr, ytr, epochs, batch, g, show)
            result(f"lambda{lam}", seed, mse(net, xtr, ytr), mse(net, xte, yte), net.weight.norm().item())


def polynomial():
    max_degree, rows, epochs, batch, lr, noise = 20, 100, 400, 10, 0.01, 0.1
    true_weights = torch.tensor([5, 1.2, -3.4, 5.6], dtype=torch.float64)
    factorials = torch.tensor([math.factorial(i) for i in range(max_degree)], dtype=torch.float64)

    def synthetic(g):
        x = torch.randn(rows, 1, generator=g, dtype=torch.float64)
        features = x ** torch.arange(max_degree, dtype=torch.float64) / factorials
        y = features[:, :4] @ true_weights + noise * torch.randn(rows, generator=g, dtype=torch.float64)
        return features.float(), y.float().unsqueeze(1)

    for name, features in (("right", 4), ("underfit", 2), ("overfit", max_degree)):
        for k, seed in enumerate(SEEDS):
            g = torch.Generator().manual_seed(seed)
            xtr, ytr = synthetic(g)
            xte, yte = synthetic(g)
            xtr, xte = xtr[:, :features], xte[:, :features]
            torch.manual_seed(seed)
            net = nn.Linear(features, 1, bias=False)
            fit(net, torch.optim.SGD(net.parameters(), lr=lr), xtr, ytr, epochs, batch, g)
            w = net.weight[0].detach()
            if k == 0:
                print(f"{name:9} seed {seed}: train {mse(net, xtr, ytr):.5f}  test {mse(net, xte, yte):.5f}"
                      "  weights [" + ", ".join(f"{v:.3f}" for v in w.tolist()) + "]")
            result(name, seed, mse(net, xtr, ytr), mse(net, xte, yte), w.norm().item())


weight_decay() if args.study == "weight-decay" else polynomial()
