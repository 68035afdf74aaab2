#!/usr/bin/env bash
# Rewrites docs/benchmarks.md: JMH timings of greedy selection (bench/src/main/java/io/winnow/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -T1 -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
raw="$(mktemp)"
java -cp "$cp" org.openjdk.jmh.Main -rf text -rff "$raw" "${@:-SelectionBenchmark}" >&2
out="docs/benchmarks.md"
tmp="$(mktemp docs/.benchmarks.md.XXXXXX)"
kept="$(mktemp)"
# The sections bench/statistics-floor.sh and bench/align.sh write are kept as they are.
{
  sed -n '/^<!-- statistics-floor: begin/,/^<!-- statistics-floor: end/p' "$out"
  echo
  sed -n '/^<!-- align: begin/,/^<!-- align: end/p' "$out"
} | cat -s > "$kept"
{
  echo "# Benchmarks"
  echo
  echo "Produced by \`bench/benchmarks.sh\` (this file is rewritten by it) on $(date -u +%Y-%m-%d), $(nproc) cores,"
  echo "$(java -version 2>&1 | head -1). JMH, average time per operation; one fork, 2 warm-up and 3 measured"
  echo "iterations, so the error bars are wide on a shared machine."
  echo
  echo "## Greedy selection on a Gram matrix (keep N/2 of N neurons; m = 2N)"
  echo
  echo '```'
  cat "$raw"
  echo '```'
  echo
  echo "The greedy path is O(N) a step. Polish (the corrective phase after a count budget, docs/theory.md) moves"
  echo "to the exact minimiser of L on the kept face in one face step (Wolfe's min-norm point with Cholesky"
  echo "updates, O(k^3) at worst), again after a greedy refill when that minimiser drops neurons."
  echo "By default it polishes two faces, optimizeGamma's own k-set and GFS's, and keeps the lower (docs/theory.md,"
  echo "\"Never above GFS\"); \`WithPolishOwnSetOnly\` polishes only the first."
  echo
  echo "Selection results on real data (accuracy by method) are in [results.md](results.md)."
  if [ -s "$kept" ]; then
    echo
    cat "$kept"
  fi
} > "$tmp"
mv "$tmp" "$out"
rm -f "$raw" "$kept"
cat "$out"
