#!/usr/bin/env bash
# The 12-point sweep docs/scale.md measures: three recipes (local imitation, magnitude, random, each
# with 512 calibration samples and a three-epoch finetune) x flops 0.5,0.3 x seeds 1..2 on the built-in
# MLP trained for one epoch on the embedded Fashion-MNIST subset, run three ways (no --master,
# --master local[1], --master local[2]); prints each one's wall time and peak RSS.
#   bench/scale.sh [WORKDIR]   (default: target/scale)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/scale}"
mkdir -p "$work"
export WINNOW_SPARK=1
./winnow --quiet train --arch mlp --data embedded --epochs 1 --out "$work/mlp" --force >/dev/null
recipes=()
for method in "localImitation().optimizeGamma()" "magnitude()" "random()"; do
  name="$(echo "$method" | sed 's/[(].*//')"
  printf 'winnow-recipe 1\n%s.select(ratio(0.5)).calibration(512).finetune(3)\n' "$method" >"$work/$name.recipe"
  recipes+=("$work/$name.recipe")
done
sweep=(compare "${recipes[@]}" --model "$work/mlp" --data embedded --flops 0.5,0.3 --seeds 2 --quiet --force)
run() {
  local name="$1"
  shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/$name.rss" ./winnow "${sweep[@]}" --out "$work/$name" "$@" >/dev/null || true
  end=$(date +%s.%N)
  printf '%-10s wall %6.1f s  peak RSS %5d MiB  failed points %s\n' "$name" "$(echo "$end - $start" | bc)" \
    "$(( $(tail -1 "$work/$name.rss") / 1024 ))" "$(grep -c '"error" : "' "$work/$name/compare.json" || true)"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
run no-master
run local-1 --master 'local[1]'
run local-2 --master 'local[2]'
