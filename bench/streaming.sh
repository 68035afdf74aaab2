#!/usr/bin/env bash
# Calibration data larger than the heap (docs/scale.md, "Calibration data larger than memory"): writes
# N augmented Fashion-MNIST samples as float32 arrays (default 400,000: 1.25 GB), trains the built-in MLP
# for one epoch, then prunes it with `--calibration-data` under a heap of HEAP (default 512m), once on
# this machine and once with --master local[2]; prints each one's wall time, peak RSS and the statistics'
# sample count from report.json.
#   bench/streaming.sh [WORKDIR]     N=400000 HEAP=512m bench/streaming.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/streaming}"
n="${N:-400000}"
heap="${HEAP:-512m}"
mkdir -p "$work"
mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
if [ ! -f "$work/calibration/y.npy" ] || [ "$(cat "$work/calibration/.n" 2>/dev/null)" != "$n" ]; then
  java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.CalibrationArrays \
    "$work/calibration" "$n"
  echo "$n" > "$work/calibration/.n"
fi
export WINNOW_SPARK=1
./winnow --quiet train --arch mlp --data embedded --epochs 1 --out "$work/mlp" --force >/dev/null
printf 'winnow-recipe 2\nlocalImitation().optimizeGamma().select(ratio(0.5)).calibration(1024).seed(1)\n' \
  > "$work/stream.recipe"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; calibration data $(du -h "$work/calibration/x.npy" | cut -f1), heap $heap"
run() {
  local name="$1"
  shift
  local start end
  start=$(date +%s.%N)
  WINNOW_JAVA_OPTS="-Xmx$heap" /usr/bin/time -f "%M" -o "$work/$name.rss" ./winnow prune "$work/stream.recipe" \
    --model "$work/mlp" --data embedded --calibration-data "$work/calibration" --out "$work/$name" --force "$@" \
    > "$work/$name.log" 2>&1 || { tail -5 "$work/$name.log"; return 1; }
  end=$(date +%s.%N)
  printf '%-8s wall %6.1f s  peak RSS %5d MiB  %s  %s\n' "$name" "$(echo "$end - $start" | bc)" \
    "$(( $(tail -1 "$work/$name.rss") / 1024 ))" "$(tr -d '\n ' < "$work/$name/report.json" | grep -o '"calibrationData":{[^}]*}')" \
    "$(grep -m1 '^Accuracy' "$work/$name.log")"
}
run here
run local2 --master 'local[2]'
