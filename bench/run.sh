#!/usr/bin/env bash
# Every JMH benchmark, on JDK 25 and JDK 17, in one go (about 20 minutes): the matrix kernels on
# the MLP's shapes (GFLOP/s beside the FMA peak, bench/run-kernels.sh), then the generated models
# (training step, batch-256 inference, single-sample predict, quadrant epoch; bench/run-models.sh).
# Each figure is printed with JMH's gc profiler (bytes allocated per operation) beside it.
# Results: bench/results/kernels-jdk{25,17}.txt and models-jdk{25,17}.txt.
set -euo pipefail
cd "$(dirname "$0")"
./run-kernels.sh
./run-models.sh
