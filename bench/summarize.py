#!/usr/bin/env python3
"""Summarises JMH JSON results of GemmBenchmark: GFLOP/s per shape and thread count.

GFLOP/s = 2*m*n*k / (µs per call * 1000). "mean" uses JMH's score (mean over measurement
iterations), "best" the fastest iteration. Two percentages of peak: "%96pk" against the issue's
reference, 96 GF/s per core (an AVX2 Zen 3) times the thread count, and "%peak" against this
machine's FMA peak as PeakBench measured it in the same launch with as many threads (its best
iteration: a peak is what the machine can do, and slower iterations are other tenants' load;
PeakBench JSON among the files).
alloc B/call is JMH's gc.alloc.rate.norm: for millisecond-long calls it includes JMH's own
per-iteration allocations (a few KB spread over a few hundred calls), so a few tens of B/call
there is harness noise; KernelAllocationTest is the exact per-call check.

usage: summarize.py result.json [more.json ...]
"""
import json
import sys

SHAPES = {  # name: (m, k, n) of C = A'(m×k)·B'(k×n)
    "fwd1": (256, 784, 256), "fwd2": (256, 256, 10), "dW1": (784, 256, 256),
    "dX": (256, 256, 784), "dW2": (256, 256, 10), "dH": (256, 10, 256),
    "b1fwd1": (1, 784, 256), "b1fwd2": (1, 256, 10), "tiny": (683, 9, 5),
    "sq512": (512, 512, 512),
}
REF_PEAK = 96.0


def main(paths):
    peaks = {}  # threads -> (mean, best) GF/s measured by PeakBench
    rows = {}
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                if r["benchmark"].endswith("PeakBench.fmaChains"):
                    flops = r["secondaryMetrics"]["flops"]
                    best = max(x for it in flops["rawData"] for x in it)
                    peaks[int(r["threads"])] = (flops["score"] / 1e9, best / 1e9)
                    continue
                p = r["params"]
                key = (p["shape"], int(p["threads"]))
                pm = r["primaryMetric"]
                times = [x for it in pm["rawData"] for x in it]
                alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
                rows[key] = (pm["score"], min(times), alloc)
    for threads, (mean, best) in sorted(peaks.items()):
        print(f"FMA peak measured by PeakBench, {threads} thread(s): {mean:.1f} GF/s mean, "
              f"{best:.1f} best")
    header = f"{'shape':8} {'thr':>3} {'us/call':>9} {'GF/s mean':>9} {'GF/s best':>9} {'%96pk':>6}"
    header += f" {'%peak':>6} {'alloc B/call':>12}"
    print(header)
    for name in SHAPES:
        for threads in (1, 2):
            if (name, threads) not in rows:
                continue
            mean, best, alloc = rows[(name, threads)]
            m, k, n = SHAPES[name]
            flops = 2.0 * m * n * k
            gf_mean = flops / (mean * 1e3)
            gf_best = flops / (best * 1e3)
            line = (f"{name:8} {threads:>3} {mean:9.2f} {gf_mean:9.1f} {gf_best:9.1f} "
                    f"{100 * gf_mean / (REF_PEAK * threads):5.0f}%")
            peak = peaks.get(threads)
            line += f" {100 * gf_mean / peak[1]:5.0f}%" if peak else f" {'n/a':>6}"
            line += f" {alloc:12.2f}" if alloc is not None else f" {'n/a':>12}"
            print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
