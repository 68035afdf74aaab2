#!/usr/bin/env bash
# Where a batch-1 call goes in TensorFlow Java: the README main job's original and pruned cnn, exported as
# SavedModels, called with one sample through the serving signature and through a raw session run, with
# the default thread pools and with one thread. Prints a table (docs/benchmarks.md's reading cites it).
#   bench/batch1.sh        trains and prunes into target/results/batch1 first if needed
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/results/batch1
mkdir -p "$work"
export TF_CPP_MIN_LOG_LEVEL=2
if [ ! -f "$work/cnn/assets/architecture.json" ]; then
  ./winnow train --arch cnn --data embedded --epochs 2 --out "$work/cnn" --force --quiet
fi
if [ ! -f "$work/cnn-pruned/report.json" ]; then
  ./winnow prune recipes/cnn-local.recipe --model "$work/cnn" --data embedded --out "$work/cnn-pruned" --force --quiet
fi
./winnow export "$work/cnn" --format savedmodel --out "$work/cnn.savedmodel" --force >/dev/null
./winnow export "$work/cnn-pruned" --format savedmodel --out "$work/cnn-pruned.savedmodel" --force >/dev/null
mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.ServingLatency \
  "$work/cnn.savedmodel" "$work/cnn-pruned.savedmodel"
