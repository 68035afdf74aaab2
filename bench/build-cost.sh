#!/usr/bin/env bash
# What building a short-lived model costs, with variables against weights fed (docs/models.md), e.g.
#   bench/build-cost.sh 15 cnn resnet-small mobilenetv2
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -T1 -o -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
export TF_CPP_MIN_LOG_LEVEL=2
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.BuildCost "$@" 2>/dev/null
