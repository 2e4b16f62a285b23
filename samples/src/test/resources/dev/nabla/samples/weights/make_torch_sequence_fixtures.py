"""Writes the PyTorch fixtures of SequenceWeightsTest: nn.Embedding(5, 3) -> nn.RNN(3, 4, tanh)
or nn.LSTM(3, 4) -> nn.Linear(4, 5), each saved by the reference safetensors library from its
state_dict (both biases of the cell, b_ih and b_hh, nonzero), and PyTorch's logits for a few
token sequences of 4 steps.

Run from this directory with a Python that has torch and safetensors, e.g.
    apt-get install -y python3-torch
    /usr/bin/python3 -m pip install --break-system-packages safetensors
    /usr/bin/python3 make_torch_sequence_fixtures.py
It writes torch_{rnn,lstm}_5_3_4.safetensors and torch_{rnn,lstm}_5_3_4_outputs.txt (one line
per sequence: its 4 tokens, then the 5 logits of step 0, of step 1, ..., printed with repr of
their float64 widening).
"""
import torch
from safetensors.torch import save_file


class Net(torch.nn.Module):
    # The attribute names are the field names of SequenceNets.TorchRnn / TorchLstm.
    def __init__(self, cell):
        super().__init__()
        self.embed = torch.nn.Embedding(5, 3)
        self.cell = cell
        self.output = torch.nn.Linear(4, 5)

    def forward(self, tokens):
        hidden, _ = self.cell(self.embed(tokens))
        return self.output(hidden)


sequences = torch.tensor([
    [0, 1, 2, 3],
    [4, 4, 0, 2],
    [3, 1, 4, 1],
], dtype=torch.int64)
for name, cell in [("rnn", lambda: torch.nn.RNN(3, 4, nonlinearity="tanh", batch_first=True)),
                   ("lstm", lambda: torch.nn.LSTM(3, 4, batch_first=True))]:
    torch.manual_seed(17)
    net = Net(cell())
    stem = "torch_" + name + "_5_3_4"
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, stem + ".safetensors")
    with torch.no_grad():
        logits = net(sequences)
    with open(stem + "_outputs.txt", "w") as out:
        out.write("# 4 tokens, then 4 steps x 5 logits, from make_torch_sequence_fixtures.py (torch "
                  + torch.__version__ + ")\n")
        for tokens, y in zip(sequences.tolist(), logits.tolist()):
            out.write(" ".join(str(t) for t in tokens) + " "
                      + " ".join(repr(v) for step in y for v in step) + "\n")
