#!/usr/bin/env bash
# The measured per-point cost docs/scale.md scales to a ResNet-50/ImageNet sweep: resnet-small trained
# for one epoch on the embedded Fashion-MNIST subset (timed: training throughput), then one compare
# point (local imitation, optimised gamma, 1024 calibration samples, flops(0.5), a one-epoch finetune).
#   bench/scale-resnet.sh [WORKDIR]   (default: target/scale)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/scale}"
mkdir -p "$work"
./winnow --version >/dev/null
start=$(date +%s.%N)
./winnow --quiet train --arch resnet-small --data embedded --epochs 1 --out "$work/resnet-small" --force >/dev/null
end=$(date +%s.%N)
printf 'train resnet-small, 1 epoch: %.1f s\n' "$(echo "$end - $start" | bc)"
printf 'winnow-recipe 1\nlocalImitation().optimizeGamma().select(ratio(0.5)).calibration(1024).finetune(1)\n' \
  >"$work/resnet-local.recipe"
./winnow compare "$work/resnet-local.recipe" --model "$work/resnet-small" --data embedded --flops 0.5 \
  --out "$work/resnet-point" --force --json 2>"$work/resnet-point.log" \
  | grep -E '"(selectionSeconds|totalSeconds|flopsBefore|flopsAfter)"'
# Where the point's time went, from its log: statistics, the width plan, finetune, evaluation.
grep -E 'statistics of layer|flops plan:.*probed|finetune|epoch|latency|test: loss' "$work/resnet-point.log" | cut -c1-160
