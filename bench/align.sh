#!/usr/bin/env bash
# align(m), measured where it matters: the built-in mobilenetv2 pruned to half its FLOPs without align,
# with align(8) and with align(16) on the stage, exported to ONNX and run in ONNX Runtime (test accuracy, latency at batch 1 and
# 256, the original and the pruned file timed in alternation), written into docs/benchmarks.md between
# its align markers.
#
#   bench/align.sh            RECIPES="optimizeGamma magnitude" by default; REUSE=1 prunes only what is missing
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/results/align
mkdir -p "$work/recipes" target/results/models
export TF_CPP_MIN_LOG_LEVEL=1
recipes=(${RECIPES:-optimizeGamma magnitude})
stage() { case "$1" in optimizeGamma) echo 'localImitation().optimizeGamma()' ;; magnitude) echo 'magnitude()' ;;
          taylor) echo 'taylor()' ;; fixedGamma) echo 'localImitation().fixedGamma()' ;; esac; }
model=target/results/models/mobilenetv2
if [ ! -f "$model/assets/architecture.json" ]; then
  ./winnow train --arch mobilenetv2 --data embedded --epochs 2 --seed 42 --out "$model" --force
fi
./winnow export "$model" --format onnx --out "$work/original.onnx" --force >/dev/null
rows=()
for r in "${recipes[@]}"; do
  for m in "" 8 16; do
    name="$r${m:+-align$m}"
    printf 'winnow-recipe 1\nname "%s"\n%s.select(flops(0.5))%s.calibration(1024).finetune(1, lr(0.01), distill(4.0)).seed(1)\n' \
      "$name" "$(stage "$r")" "${m:+.align($m)}" > "$work/recipes/$name.recipe"
    if [ "${REUSE:-0}" = 1 ] && [ -f "$work/$name.onnx" ]; then
      echo "reusing $work/$name"
    else
      ./winnow prune "$work/recipes/$name.recipe" --model "$model" --data embedded --out "$work/$name" --force --quiet
      ./winnow export "$work/$name" --format onnx --out "$work/$name.onnx" --force >/dev/null
    fi
    rows+=("mobilenetv2 (built-in)|$r${m:+ + align($m)}|$work/$name|$work/original.onnx|$work/$name.onnx")
  done
done
mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.FixtureTable \
  target/results/align.md "${rows[@]}" \
  --title 'Aligned widths in ONNX Runtime: `align(m)`' --script bench/align.sh \
  --note "Each recipe is \`STAGE.select(flops(0.5))[.align(m)].calibration(1024).finetune(1, lr(0.01), distill(4.0)).seed(1)\` (the \`align(m)\` rows with every width a multiple of m, docs/recipes.md) on the model of \`winnow train --arch mobilenetv2 --data embedded --epochs 2 --seed 42\`."
python3 bench/write-section.py align bench/align.sh target/results/align.md
