"""Loads a Nabla-written Fashion-MNIST weights file into PyTorch with load_state_dict and checks
that PyTorch predicts the same class as Nabla for every test image.

Usage: load_nabla_weights.py WEIGHTS NABLA_CLASSES [--data-dir DIR]
NABLA_CLASSES holds Nabla's predicted class per test image, one per line (PredictFashion).
Needs torch and the reference safetensors library (python3-torch; pip install safetensors).
Exits 1 unless every class agrees.
"""
import argparse
import gzip
import struct
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file
from torch import nn

ap = argparse.ArgumentParser()
ap.add_argument("weights")
ap.add_argument("nabla_classes")
ap.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
args = ap.parse_args()


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class FashionMlp(nn.Module):
    # Submodule names are the @Layer field names of dev.nabla.samples.fashion.FashionMlp.
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(784, 256)
        self.output = nn.Linear(256, 10)

    def forward(self, x):
        return self.output(torch.relu(self.hidden(x)))


with safe_open(args.weights, framework="pt") as f:
    metadata = f.metadata()
print("metadata:", {k: v for k, v in metadata.items() if k in
                    ("nabla.model", "nabla.layers", "nabla.layer.hidden.activation", "nabla.loss")})
net = FashionMlp()
net.load_state_dict(load_file(args.weights), strict=True)
images = idx(f"{args.data_dir}/t10k-images-idx3-ubyte.gz").reshape(-1, 784)
labels = idx(f"{args.data_dir}/t10k-labels-idx1-ubyte.gz")
x = torch.from_numpy(images.astype(np.float32) / 255.0)
with torch.no_grad():
    torch_classes = net(x).argmax(dim=1).numpy()
nabla_classes = np.loadtxt(args.nabla_classes, dtype=np.int64)
agree = int((torch_classes == nabla_classes).sum())
print(f"pytorch {torch.__version__}: {len(labels)} test images, accuracy "
      f"{(torch_classes == labels).mean():.4f}")
print(f"same class as nabla: {agree} of {len(labels)}")
sys.exit(0 if agree == len(labels) else 1)
