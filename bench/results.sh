#!/usr/bin/env bash
# Rewrites docs/results.md: selection methods compared at half width on the embedded data.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -T1 -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
export TF_CPP_MIN_LOG_LEVEL=1
java -cp "bench/target/classes:$(cat bench/target/bench.classpath)" io.winnow.bench.Results docs/results.md
