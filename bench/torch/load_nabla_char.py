#!/usr/bin/python3
"""PyTorch side of bench/char-weights-to-torch.sh: loads a Nabla-written character model
(CharStudy's CharNet or LstmCharNet, trained by CharSample --save) into the nn.Embedding ->
nn.RNN or nn.LSTM -> nn.Linear module of char_rnn.py with load_state_dict(strict=True), runs it
over the held-out text CharHeldOut wrote (consecutive windows of 32 characters) and compares the
mean loss and the most likely next character at every position with Nabla's.

Usage: load_nabla_char.py WEIGHTS simple|lstm DIR NABLA_LOSS
Exits 1 unless every predicted character agrees and the losses agree within 1e-4.
"""
import sys

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

from char_net import CHARS, CharNet

weights, cell, directory, nabla_loss = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
STEPS = 32


model = CharNet(cell)
model.load_state_dict(load_file(weights), strict=True)
text = torch.from_numpy(np.fromfile(f"{directory}/heldout.u8", dtype=np.uint8).astype(np.int64))
nabla_next = np.fromfile(f"{directory}/nabla-next.u8", dtype=np.uint8)
windows = (len(text) - 1) // STEPS
tokens = text[:windows * STEPS].reshape(windows, STEPS)
targets = text[1:windows * STEPS + 1].reshape(windows, STEPS)
with torch.no_grad():
    logits = model(tokens)
    loss = nn.functional.cross_entropy(logits.reshape(-1, CHARS), targets.reshape(-1)).item()
    torch_next = logits.argmax(-1).reshape(-1).numpy()
agree = int((torch_next == nabla_next).sum())
print(f"RESULT torch.heldout_loss={loss:.6f}")
print(f"RESULT next_char_agreement={agree}/{len(nabla_next)}")
print(f"RESULT heldout_loss_difference={abs(loss - nabla_loss):.2e}")
sys.exit(0 if agree == len(nabla_next) and abs(loss - nabla_loss) < 1e-4 else 1)
