"""Writes the PyTorch fixture of TorchFixtureTest: a 4-8-3 net saved by the reference
safetensors library, and PyTorch's outputs for a few inputs.

Run from this directory with a Python that has torch and safetensors, e.g.
    apt-get install -y python3-torch
    /usr/bin/python3 -m pip install --break-system-packages safetensors
    /usr/bin/python3 make_torch_fixture.py
It writes torch_4_8_3.safetensors and torch_4_8_3_outputs.txt (one line per input: the 4 inputs,
then the 3 logits, as float32 values printed with repr of their float64 widening).
"""
import torch
from safetensors.torch import save_file


class Net(torch.nn.Module):
    # The attribute names are the @Layer field names of WeightsNets.TorchNet.
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(4, 8)
        self.output = torch.nn.Linear(8, 3)

    def forward(self, x):
        return self.output(torch.tanh(self.hidden(x)))


torch.manual_seed(13)
net = Net()
save_file({k: v.contiguous() for k, v in net.state_dict().items()}, "torch_4_8_3.safetensors")

inputs = torch.tensor([
    [0.0, 0.0, 0.0, 0.0],
    [1.0, -1.0, 0.5, -0.5],
    [-2.0, 0.25, 3.0, 1.5],
    [0.1, 0.2, 0.3, 0.4],
    [5.0, -4.0, -3.0, 2.0],
], dtype=torch.float32)
with torch.no_grad():
    logits = net(inputs)
with open("torch_4_8_3_outputs.txt", "w") as out:
    out.write("# x0 x1 x2 x3 logit0 logit1 logit2, from make_torch_fixture.py (torch "
              + torch.__version__ + ")\n")
    for x, y in zip(inputs.tolist(), logits.tolist()):
        out.write(" ".join(repr(v) for v in x + y) + "\n")
