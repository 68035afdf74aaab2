#!/usr/bin/env bash
# Bring your own model, measured: prunes each PyTorch-exported ONNX fixture (tools/fixtures) and the
# built-in mobilenetv2 to half their FLOPs with each recipe, exports the original and the pruned model
# to ONNX, runs both in ONNX Runtime (test accuracy, latency at batch 1 and 256), and writes the table
# into docs/results.md (between its fixture markers; bench/results.sh keeps it there).
#
#   bench/fixtures.sh                 RECIPES="optimizeGamma fixedGamma taylor" by default
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/results/fixtures
mkdir -p "$work/recipes" target/results/models
export TF_CPP_MIN_LOG_LEVEL=1
recipes=(${RECIPES:-optimizeGamma fixedGamma taylor})

# PyTorch's export folds batch norm into the convolutions, and a network without batch norm can start its
# finetune where the full learning rate overshoots; docs/recipes.md advises clip(x) there, so the ONNX
# fixtures are finetuned with clip(1.0) and the built-in mobilenetv2 (batch norm kept) without.
finetune='.finetune(1, lr(0.01), distill(4.0))'
clipped='.finetune(1, lr(0.01), distill(4.0), clip(1.0))'
recipe() { # file name, stage, finetune
  printf 'winnow-recipe 1\nname "%s"\n%s.select(flops(0.5)).calibration(1024)%s.seed(1)\n' "${1%-clip}" "$2" "$3" \
    > "$work/recipes/$1.recipe"
}
for suffix in "" -clip; do
  ft="$finetune"; [ -n "$suffix" ] && ft="$clipped"
  recipe "optimizeGamma$suffix" 'localImitation().optimizeGamma()' "$ft"
  recipe "fixedGamma$suffix" 'localImitation().fixedGamma()' "$ft"
  recipe "magnitude$suffix" 'magnitude()' "$ft"
  recipe "taylor$suffix" 'taylor()' "$ft"
done

fixtures=tf-backend/src/test/resources/io/winnow/tf/onnx
models=("small-cnn.onnx=$fixtures/small-cnn.onnx" "residual.onnx=$fixtures/residual.onnx"
        "mobilenetv2.onnx=$fixtures/mobilenetv2.onnx" "torchvision-resnet.onnx=$fixtures/torchvision-resnet.onnx"
        "mobilenetv2 (built-in)=target/results/models/mobilenetv2")
if [ ! -f target/results/models/mobilenetv2/assets/architecture.json ]; then
  ./winnow train --arch mobilenetv2 --data embedded --epochs 2 --seed 42 --out target/results/models/mobilenetv2 --force
fi

rows=()
for entry in "${models[@]}"; do
  label="${entry%%=*}"; model="${entry#*=}"
  key="$(echo "$label" | tr -c 'a-z0-9\n' '-' | sed 's/-*$//')"
  suffix=""; case "$model" in *.onnx) suffix=-clip ;; esac
  ./winnow export "$model" --format onnx --out "$work/$key-original.onnx" --force >/dev/null
  for r in "${recipes[@]}"; do
    # REUSE=1 keeps a point already pruned and exported with the same recipe (to redo only the table).
    if [ "${REUSE:-0}" = 1 ] && [ -f "$work/$key-$r$suffix.onnx" ]; then
      echo "reusing $work/$key-$r$suffix"
    else
      ./winnow prune "$work/recipes/$r$suffix.recipe" --model "$model" --data embedded --out "$work/$key-$r$suffix" --force --quiet
      ./winnow export "$work/$key-$r$suffix" --format onnx --out "$work/$key-$r$suffix.onnx" --force >/dev/null
    fi
    rows+=("$label|$r${suffix:+ + clip(1.0)}|$work/$key-$r$suffix|$work/$key-original.onnx|$work/$key-$r$suffix.onnx")
  done
done

mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.FixtureTable \
  target/results/fixtures.md "${rows[@]}" \
  --note "The ONNX fixtures are finetuned with \`clip(1.0)\` added to the finetune (gradient clipping, docs/recipes.md): PyTorch's export folds their batch norms into the convolutions, and without clipping the first finetune steps overshot (optimizeGamma: residual.onnx 18.80 → 17.15, torchvision-resnet.onnx 66.00 → 36.65 after finetune, on 2026-12-06). The built-in mobilenetv2 keeps its batch norms and is finetuned without it." \
  --note "The fixtures are made by \`tools/fixtures/make_onnx_fixtures.py\` (PyTorch, 2 epochs on the embedded data); the built-in mobilenetv2 is trained by \`winnow train --arch mobilenetv2 --data embedded --epochs 2 --seed 42\`."
python3 - <<'PY'
import re
doc = open('docs/results.md', encoding='utf-8').read()
table = open('target/results/fixtures.md', encoding='utf-8').read()
block = '<!-- fixtures: bench/fixtures.sh -->\n' + table + '<!-- /fixtures -->\n'
if '<!-- fixtures: bench/fixtures.sh -->' in doc:
    doc = re.sub(r'<!-- fixtures: bench/fixtures.sh -->.*?<!-- /fixtures -->\n', lambda m: block, doc, flags=re.S)
else:
    doc = doc.rstrip('\n') + '\n\n' + block
tmp = 'docs/results.md.tmp'
open(tmp, 'w', encoding='utf-8').write(doc)
import os; os.replace(tmp, 'docs/results.md')
PY
echo "wrote the fixture table into docs/results.md"
