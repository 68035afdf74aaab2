#!/usr/bin/env bash
# The realised speedup: cnn, resnet-small and mobilenetv2 (each trained for 2 epochs on the embedded data,
# seed 42, if target/results/models does not hold it yet) pruned to half their FLOPs by optimizeGamma
# without align, with align(8) and with align(16), no finetune; their TensorFlow Java latency against the original's, written into
# docs/benchmarks.md between its speedup markers.
#
#   bench/speedup.sh [MODEL...]     cnn resnet-small mobilenetv2 by default; REUSE=1 prunes only what is missing
#   EXTRA="resnet-small:16:0.6 resnet-small:16:0.7"   rows at other budgets, MODEL:ALIGN:FLOPS each (these by
#                                   default: resnet-small's align(16) cannot reach flops(0.5))
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/results/speedup
mkdir -p "$work/recipes" target/results/models
export TF_CPP_MIN_LOG_LEVEL=1
models=("${@:-cnn resnet-small mobilenetv2}")
models=(${models[@]})
for m in "" 8 16; do
  align="${m:+.align($m)}"
  name="optimizeGamma${m:+-align$m}"
  printf 'winnow-recipe 1\nname "%s"\nlocalImitation().optimizeGamma().select(flops(0.5))%s.calibration(1024).seed(1)\n' \
    "$name" "$align" > "$work/recipes/$name.recipe"
done
rows=()
skipped=()
for arch in "${models[@]}"; do
  model=target/results/models/$arch
  if [ ! -f "$model/assets/architecture.json" ]; then
    ./winnow train --arch "$arch" --data embedded --epochs 2 --seed 42 --out "$model" --force
  fi
  for m in "" 8 16; do
    name="optimizeGamma${m:+-align$m}"
    if [ "${REUSE:-0}" = 1 ] && [ -f "$work/$arch-$name/report.json" ]; then
      echo "reusing $work/$arch-$name"
    else
      # A recipe the model cannot run (flops(0.5) below what align(m) can reach) is left out and said so.
      if ! ./winnow prune "$work/recipes/$name.recipe" --model "$model" --data embedded --out "$work/$arch-$name" \
          --force --quiet 2> "$work/$arch-$name.err"; then
        skipped+=("$arch with align($m): $(grep -o 'flops(0.5) is below.*' "$work/$arch-$name.err" | head -1 || true)")
        continue
      fi
    fi
    rows+=("$arch|optimizeGamma${m:+ + align($m)}|$model|$work/$arch-$name")
  done
done
for extra in ${EXTRA-resnet-small:16:0.6 resnet-small:16:0.7}; do
  IFS=: read -r arch m f <<< "$extra"
  model=target/results/models/$arch
  name="optimizeGamma-align$m-flops$f"
  printf 'winnow-recipe 1\nname "%s"\nlocalImitation().optimizeGamma().select(flops(%s)).align(%s).calibration(1024).seed(1)\n' \
    "$name" "$f" "$m" > "$work/recipes/$name.recipe"
  if [ "${REUSE:-0}" != 1 ] || [ ! -f "$work/$arch-$name/report.json" ]; then
    ./winnow prune "$work/recipes/$name.recipe" --model "$model" --data embedded --out "$work/$arch-$name" --force --quiet
  fi
  rows+=("$arch|optimizeGamma + align($m), flops($f)|$model|$work/$arch-$name")
done
mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.SpeedupTable \
  target/results/speedup.md "${rows[@]}" ${skipped[@]+"${skipped[@]/#/--skipped=}"}
python3 bench/write-section.py speedup bench/speedup.sh target/results/speedup.md
