#!/usr/bin/env bash
# Rewrites docs/results.md: every selection method against the baselines at every FLOPs budget, from
# `winnow compare` sweeps (resumable: rerun it and finished points are kept).
#
#   bench/results.sh [MODEL...]            default: cnn resnet-small mobilenetv2
#   SEEDS=3 FLOPS=0.7,0.5,0.3,0.15 EPOCHS=2 bench/results.sh cnn
#   SEEDS_resnet_small=1 FLOPS_resnet_small=0.5,0.3 bench/results.sh cnn resnet-small   (per model)
#
# resnet-small's sweeps run with TF_ENABLE_ONEDNN_OPTS=0, as they did when oneDNN's strided 1x1 weight
# gradient aborted the JVM (fixed since, docs/cli.md), so their points stay comparable.
#
# Models are trained on the embedded Fashion-MNIST subset into target/results/models/ (kept between runs);
# sweeps go to target/results/<model>/ (compare.json, compare.html, one pruned model per point).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then models=("$@"); else models=(cnn resnet-small mobilenetv2); fi
seeds="${SEEDS:-3}"
flops="${FLOPS:-0.7,0.5,0.3,0.15}"
epochs="${EPOCHS:-2}"
data="${DATA:-embedded}" # the full Fashion-MNIST (/usr/share/datasets/fashion-mnist) works too, 30x the time
work=target/results
mkdir -p "$work/recipes" "$work/models"
export TF_CPP_MIN_LOG_LEVEL=1

finetune='.finetune(1, lr(0.01), distill(4.0))'
recipe() { # name, stage
  printf 'winnow-recipe 1\nname "%s"\n%s.select(flops(0.5)).calibration(1024)%s\n' "$1" "$2" "$finetune" \
    > "$work/recipes/$1.recipe"
}
recipe optimizeGamma 'localImitation().optimizeGamma()'
recipe originalTarget 'localImitation().optimizeGamma().target(originalActivations())'
recipe fixedGamma 'localImitation().fixedGamma()'
recipe magnitude 'magnitude()'
recipe taylor 'taylor()'
recipe random 'random()'

args=()
notes=()
for m in "${models[@]}"; do
  key="${m//-/_}"
  flops_var="FLOPS_$key"; seeds_var="SEEDS_$key"
  m_flops="${!flops_var:-$flops}"; m_seeds="${!seeds_var:-$seeds}"
  onednn=1
  [ "$m" = resnet-small ] && onednn=0
  if [ ! -f "$work/models/$m/assets/architecture.json" ]; then
    ./winnow train --arch "$m" --data "$data" --epochs "$epochs" --seed 42 --out "$work/models/$m" --force
  fi
  TF_ENABLE_ONEDNN_OPTS=$onednn ./winnow compare "$work"/recipes/{optimizeGamma,originalTarget,fixedGamma,magnitude,taylor,random}.recipe \
    --model "$work/models/$m" --data "$data" --flops "$m_flops" --seeds "$m_seeds" --out "$work/$m" || true
  args+=("$m=$work/$m")
  note="\`$m\`: trained by \`winnow train --arch $m --data $data --epochs $epochs --seed 42\`; sweep \`--flops $m_flops --seeds $m_seeds\`"
  [ "$onednn" = 0 ] && note="$note, run with \`TF_ENABLE_ONEDNN_OPTS=0\` (kept from when oneDNN aborted the finetune of a pruned resnet-small, fixed since: docs/cli.md)"
  notes+=(--note "$note.")
done

mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.Results docs/results.md \
  "${args[@]}" "${notes[@]}" --append bench/results-reading.md
