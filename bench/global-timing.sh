#!/usr/bin/env bash
# Times global imitation / bestOfLocalAndGlobal on one layer (docs/theory.md section 5.5), e.g.
#   bench/global-timing.sh vgg-small conv1 best 1024 0.5 1
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -T1 -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
export TF_CPP_MIN_LOG_LEVEL=1
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.GlobalTiming "$@"
