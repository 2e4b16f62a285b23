#!/usr/bin/python3
"""PyTorch side of bench/compare-char-rnn.sh: the character model of Nabla's CharStudy.

nn.Embedding(27, 16) -> nn.RNN(16, 64, tanh, batch_first) (or, with --cell lstm,
nn.LSTM(16, 64, batch_first)) -> nn.Linear(64, 27), cross-entropy
averaged over every step of every sequence, Adam(lr=0.005) with clip_grad_norm_(1.0), batches of
32 windows of 32 characters read from the files CharSideBySide --prepare wrote (the same batches
Nabla trains on, from the first again after the last). PyTorch's own initialization; nn.RNN and nn.LSTM have two bias vectors where Nabla has one.
Prints "RESULT key=value" lines: training tokens/s after the warm-up steps and the mean loss of
each block of steps.
"""
import argparse
import time

import numpy as np
import torch
from torch import nn

from char_net import CHARS, CharNet

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("dir")
ap.add_argument("steps", type=int)
ap.add_argument("warmup", type=int)
ap.add_argument("block", type=int)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--cell", choices=("simple", "lstm"), default="simple")
args = ap.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)

BATCH, STEPS = 32, 32
text = torch.from_numpy(np.fromfile(f"{args.dir}/tokens.u8", dtype=np.uint8).astype(np.int64))
starts = np.fromfile(f"{args.dir}/starts.i32", dtype="<i4")
batches = len(starts) // BATCH


model = CharNet(args.cell)
adam = torch.optim.Adam(model.parameters(), lr=0.005)
loss_fn = nn.CrossEntropyLoss()
offsets = torch.arange(STEPS + 1)
block_sum, begin = 0.0, None
for step in range(args.steps):
    if step == args.warmup:
        begin = time.perf_counter()
    b = step % batches
    rows = torch.from_numpy(starts[b * BATCH:(b + 1) * BATCH].astype(np.int64))
    windows = text[rows[:, None] + offsets]
    tokens, targets = windows[:, :STEPS], windows[:, 1:]
    adam.zero_grad()
    loss = loss_fn(model(tokens).reshape(-1, CHARS), targets.reshape(-1))
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    adam.step()
    block_sum += loss.item()
    if (step + 1) % args.block == 0:
        print(f"RESULT char.loss_block{(step + 1) // args.block}={block_sum / args.block:.5f}")
        block_sum = 0.0
seconds = time.perf_counter() - begin
print(f"RESULT char.train_tokens_per_s={(args.steps - args.warmup) * BATCH * STEPS / seconds:.1f}")
print(f"RESULT torch.version={torch.__version__}")
