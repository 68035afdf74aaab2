#!/usr/bin/env bash
# Calibration statistics against their floor (docs/theory.md section 1, "Two formulations and the cost
# model"); rewrites the "Statistics at the floor" section of docs/benchmarks.md, e.g.
#   bench/statistics-floor.sh 3 cnn vgg-small resnet-small
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -T1 -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
export TF_CPP_MIN_LOG_LEVEL=1
table="$(mktemp)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  io.winnow.bench.StatisticsFloor "$@" | tee "$table"
out="docs/benchmarks.md"
section="$(mktemp)"
{
  echo "<!-- statistics-floor: begin (rewritten by bench/statistics-floor.sh) -->"
  echo "## Statistics at the floor"
  echo
  cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  if grep -q avx512f /proc/cpuinfo 2>/dev/null; then vec="AVX-512"; else vec="AVX2, no AVX-512"; fi
  echo "Produced by \`bench/statistics-floor.sh $*\` on $(date -u +%Y-%m-%d), $(nproc) cores of ${cpu:-an unnamed CPU} ($vec; shared, so noisy),"
  echo "$(java -version 2>&1 | head -1). Each architecture, with seeded random weights, runs"
  echo "\`localImitation().select(ratio(0.5)).calibration(1024)\` (the README main job without its finetune);"
  echo "statistics is the sum of the layers' statistics times (report.json's \`statisticsSeconds\`), the median"
  echo "of the runs. The floor is one forward pass of the 1024 calibration samples plus the cheaper formulation's"
  echo "multiply-adds (x2 FLOP) of every pruned group at the GEMM throughput measured in the same run (TensorFlow,"
  echo "float32, square 2048, best of 5); ratio = statistics / floor. See docs/theory.md section 1 for the cost model."
  echo
  cat "$table"
  echo "<!-- statistics-floor: end -->"
} > "$section"
tmp="$(mktemp docs/.benchmarks.md.XXXXXX)"
if grep -q '^<!-- statistics-floor: begin' "$out"; then
  awk -v section="$section" '
    /^<!-- statistics-floor: begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /^<!-- statistics-floor: end/ { skip = 0; next }
    !skip { print }
  ' "$out" > "$tmp"
else
  { cat "$out"; echo; cat "$section"; } > "$tmp"
fi
mv "$tmp" "$out"
rm -f "$table" "$section"
