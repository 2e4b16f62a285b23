"""The character model of Nabla's CharStudy in PyTorch, shared by char_rnn.py (training side by
side) and load_nabla_char.py (Nabla's weights files): nn.Embedding(27, 16) -> nn.RNN(16, 64, tanh)
or nn.LSTM(16, 64), batch_first -> nn.Linear(64, 27). Submodule names are CharStudy's field names,
so Nabla's weights files load with load_state_dict(strict=True)."""
from torch import nn

CHARS = 27


class CharNet(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.embed = nn.Embedding(CHARS, 16)
        self.cell = (nn.LSTM(16, 64, batch_first=True) if cell == "lstm"
                     else nn.RNN(16, 64, nonlinearity="tanh", batch_first=True))
        self.output = nn.Linear(64, CHARS)

    def forward(self, tokens):
        hidden, _ = self.cell(self.embed(tokens))
        return self.output(hidden)
