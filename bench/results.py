"""Reads the `RESULT key=value` lines both Nabla and the PyTorch reference scripts print."""
import re


def read(path):
    """Numeric results of one run as a dict; text results (versions, names) are skipped."""
    values = {}
    for line in open(path):
        m = re.match(r"RESULT (\S+)=(\S+)$", line.strip())
        if m:
            try:
                values[m.group(1)] = float(m.group(2))
            except ValueError:
                pass
    return values
