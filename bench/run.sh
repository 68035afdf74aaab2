#!/usr/bin/env bash
# Every benchmark, one command: rewrites the whole of docs/benchmarks.md (about 40 minutes on 2 cores).
#   1. bench/benchmarks.sh           JMH: greedy selection at N = 256, 1024, 2048, and GFS by the Gram route
#                                    against per-candidate scoring (rewrites the head of the file)
#   2. bench/statistics-floor.sh     calibration statistics against their floor, 3 runs per model
#   3. bench/speedup.sh              realised speedup in TensorFlow Java, with and without align(8)
#   4. bench/align.sh                align(m) in ONNX Runtime on mobilenetv2
# bench/batch1.sh (where a batch-1 call's time goes) prints a table that the hand-written reading cites.
# Models are trained once into target/results/models and reused by the later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/benchmarks.sh SelectionBenchmark GfsRouteBenchmark
bench/statistics-floor.sh 3 cnn vgg-small resnet-small mobilenetv2
bench/speedup.sh
bench/align.sh
echo "rewrote docs/benchmarks.md"
