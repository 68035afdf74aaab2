#!/usr/bin/env bash
# Rewrites docs/results.md: every selection method against the baselines at every FLOPs budget, from
# `winnow compare` sweeps (resumable: rerun it and finished points are kept).
#
#   bench/results.sh [MODEL...]            default: cnn resnet-small mobilenetv2 and the ONNX fixtures
#   bench/results.sh small-cnn.onnx        an ONNX fixture (tf-backend/src/test/resources/io/winnow/tf/onnx)
#   SEEDS=3 FLOPS=0.7,0.5,0.3,0.15 EPOCHS=2 bench/results.sh cnn
#   SEEDS_resnet_small=1 FLOPS_resnet_small=0.5,0.3 bench/results.sh cnn resnet-small   (per model)
#   SWEEP_ONLY=1 bench/results.sh mobilenetv2                  run or resume the sweep, write nothing to docs/
#   RECIPES_cnn="optimizeGamma ... taylorCorrectBias" bench/results.sh cnn   another recipe list for one model
#   WRITE_ONLY=1 bench/results.sh mobilenetv2                  write its section from the points finished so far
#
# resnet-small's sweeps run with TF_ENABLE_ONEDNN_OPTS=0, as they did when oneDNN's strided 1x1 weight
# gradient aborted the JVM (fixed since, docs/cli.md), so their points stay comparable.
#
# Models are trained on the embedded Fashion-MNIST subset into target/results/models/ (kept between runs;
# training is seeded, so a fresh clone trains the same models on the same kind of CPU: the cnn's unpruned top-1 is 85.45 %
# each time on AVX-512; an AVX2 CPU rounds otherwise and trains other weights, which compare refuses to mix);
# sweeps go to target/results/<model>/ (compare.json, compare.html, one pruned model per point).
# Every finished point is also kept in the repository, bench/results-data/<model>.compare.json: a sweep in a
# fresh clone starts from it (finished points are not rerun), and writes it back after each model.
# It was started on 2026-12-07 with the originalCorrect points alone (earlier sweeps' points were not kept), so
# rewrite a model's section from it only once its whole grid has been swept again.
# docs/results.md keeps one section per model: a run rewrites the sections of the models it names and
# keeps the others as they are (each says the date and command that produced it).
#
# The ONNX fixtures (PyTorch exports, made by tools/fixtures/make_onnx_fixtures.py) are swept with
# clip(1.0) in the finetune: PyTorch's export folds batch norm into the convolutions, and without clipping
# the first finetune steps overshoot (docs/recipes.md).
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures=tf-backend/src/test/resources/io/winnow/tf/onnx
if [ $# -gt 0 ]; then models=("$@"); else
  models=(cnn resnet-small mobilenetv2 small-cnn.onnx residual.onnx mobilenetv2.onnx torchvision-resnet.onnx)
fi
seeds="${SEEDS:-3}"
flops="${FLOPS:-0.7,0.5,0.3,0.15}"
epochs="${EPOCHS:-2}"
data="${DATA:-embedded}" # the full Fashion-MNIST (/usr/share/datasets/fashion-mnist) works too, 30x the time
work=target/results
mkdir -p "$work/recipes" "$work/models"
export TF_CPP_MIN_LOG_LEVEL=1

# The recipes are winnow-recipe 1 files, so every column keeps the meaning it was swept with (and its points'
# keys, which hash the recipe text): optimizeGamma is local imitation without bias correction; what
# `localImitation().optimizeGamma()` does by default in recipe version 2 is the correctBias column, and from
# version 3 the correctScale column.
recipe() { # directory, name, stage, finetune
  printf 'winnow-recipe 1\nname "%s"\n%s.select(flops(0.5)).calibration(1024)%s\n' "$2" "$3" "$4" \
    > "$1/$2.recipe"
}
mkdir -p "$work/recipes-clip"
for dir in recipes recipes-clip; do
  finetune='.finetune(1, lr(0.01), distill(4.0))'
  [ "$dir" = recipes-clip ] && finetune='.finetune(1, lr(0.01), distill(4.0), clip(1.0))'
  recipe "$work/$dir" optimizeGamma 'localImitation().optimizeGamma()' "$finetune"
  recipe "$work/$dir" originalTarget 'localImitation().optimizeGamma().target(originalActivations())' "$finetune"
  recipe "$work/$dir" fixedGamma 'localImitation().fixedGamma()' "$finetune"
  recipe "$work/$dir" correctBias 'localImitation().optimizeGamma().correctBias()' "$finetune"
  recipe "$work/$dir" correctScale 'localImitation().optimizeGamma().correctScale()' "$finetune" # version 3's default
  recipe "$work/$dir" magnitude 'magnitude()' "$finetune"
  recipe "$work/$dir" taylor 'taylor()' "$finetune"
  recipe "$work/$dir" taylorCorrectBias 'taylor().correctBias()' "$finetune" # a baseline with Winnow's bias correction
  recipe "$work/$dir" random 'random()' "$finetune"
  recipe "$work/$dir" bestOf 'bestOfLocalAndGlobal().optimizeGamma()' "$finetune" # per layer the better imitation
  recipe "$work/$dir" bestOfCorrect 'bestOfLocalAndGlobal().optimizeGamma().correctBias()' "$finetune"
  # Both wins of local imitation together; no certificate (its y* is not in the hull), so not a default.
  recipe "$work/$dir" originalCorrect 'localImitation().optimizeGamma().target(originalActivations()).correctBias()' "$finetune"
done

args=()
for m in "${models[@]}"; do
  key="${m//[-.]/_}" # FLOPS_small_cnn_onnx=0.5 bench/results.sh small-cnn.onnx
  flops_var="FLOPS_$key"; seeds_var="SEEDS_$key"; recipes_var="RECIPES_$key"
  m_flops="${!flops_var:-$flops}"; m_seeds="${!seeds_var:-$seeds}"
  read -r -a m_recipes <<< "${!recipes_var:-optimizeGamma originalTarget fixedGamma correctBias correctScale magnitude taylor random}"
  onednn=1
  [ "$m" = resnet-small ] && onednn=0
  case "$m" in
    *.onnx)
      model="$fixtures/$m"; rdir=recipes-clip
      note="\`$m\`: exported by PyTorch (\`tools/fixtures/make_onnx_fixtures.py\`, 2 epochs on the embedded data) and read by Winnow's ONNX import; sweep \`--flops $m_flops --seeds $m_seeds\`, every recipe's finetune with \`clip(1.0)\` (PyTorch's export folds batch norm into the convolutions, docs/recipes.md)" ;;
    *)
      model="$work/models/$m"; rdir=recipes
      if [ ! -f "$model/assets/architecture.json" ]; then
        ./winnow train --arch "$m" --data "$data" --epochs "$epochs" --seed 42 --out "$model" --force
      fi
      note="\`$m\`: trained by \`winnow train --arch $m --data $data --epochs $epochs --seed 42\`; sweep \`--flops $m_flops --seeds $m_seeds\`"
      [ "$onednn" = 0 ] && note="$note, run with \`TF_ENABLE_ONEDNN_OPTS=0\` (kept from when oneDNN aborted the finetune of a pruned resnet-small, fixed since: docs/cli.md)" ;;
  esac
  [ -n "${!recipes_var:-}" ] && note="$note, recipes \`${m_recipes[*]}\`"
  files=(); for r in "${m_recipes[@]}"; do files+=("$work/$rdir/$r.recipe"); done
  kept="bench/results-data/$m.compare.json"
  resume=(); [ -f "$kept" ] && resume=(--resume-from "$kept")
  rc=0 # 1: some points failed (recorded, the sweep went on); 2: refused, e.g. kept points of another model
  [ "${WRITE_ONLY:-0}" = 1 ] || TF_ENABLE_ONEDNN_OPTS=$onednn ./winnow compare "${files[@]}" "${resume[@]}" \
    --model "$model" --data "$data" --flops "$m_flops" --seeds "$m_seeds" --out "$work/$m" || rc=$?
  [ "$rc" -le 1 ] || { echo "results.sh: compare of $m refused (exit $rc); nothing written" >&2; exit "$rc"; }
  swept="$work/$m"
  if [ -f "$swept/compare.json" ]; then
    mkdir -p bench/results-data && cp "$swept/compare.json" "$kept.tmp" && mv "$kept.tmp" "$kept"
  elif [ -f "$kept" ]; then # WRITE_ONLY in a fresh clone: the kept points alone
    swept="$work/kept/$m" && mkdir -p "$swept" && cp "$kept" "$swept/compare.json"
  fi
  args+=("$m=$swept" --note "$note.")
done
[ "${SWEEP_ONLY:-0}" = 1 ] && exit 0 # SWEEP_ONLY=1: run (or resume) the sweeps, leave docs/results.md alone

mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.Results docs/results.md \
  "${args[@]}" --append bench/results-reading.md
