#!/usr/bin/env bash
# Rewrites the head of docs/benchmarks.md: JMH timings of greedy selection and of the GFS routes
# (bench/src/main/java/io/winnow/bench); the sections the other bench scripts write are kept. bench/run.sh runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -T1 -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
raw="$(mktemp)"
java -cp "$cp" org.openjdk.jmh.Main -rf text -rff "$raw" "${@:-SelectionBenchmark}" >&2
out="docs/benchmarks.md"
tmp="$(mktemp docs/.benchmarks.md.XXXXXX)"
kept="$(mktemp)"
# The sections bench/statistics-floor.sh, bench/speedup.sh and bench/align.sh write are kept as they are.
for section in statistics-floor speedup align; do
  sed -n "/^<!-- $section: begin/,/^<!-- $section: end/p" "$out"
  echo
done | cat -s > "$kept"
{
  echo "# Benchmarks"
  echo
  echo "Produced by \`bench/benchmarks.sh\` (which rewrites this head of the file; \`bench/run.sh\` rewrites all of it) on $(date -u +%Y-%m-%d), $(nproc) cores,"
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
  echo "\`GfsRouteBenchmark\` runs GFS (the fixed step, keep 128 of 256 neurons, m = 2560 rows of Phi) two ways:"
  echo "\`gramRoute\`, Winnow's, scores each candidate on G in O(N); \`perCandidate\` scores each candidate on its"
  echo "explicit output vector in O(m), as the authors' code does with vectorised candidates (their masked forward"
  echo "passes cost far more). Both keep the same neurons (checked before timing). \`gramBuild\` is the one-off cost"
  echo "of G from Phi, which the statistics pass pays on the calibration data anyway."
  echo
  echo "Selection results on real data (accuracy by method) are in [results.md](results.md)."
  if [ -s "$kept" ]; then
    echo
    cat "$kept"
  fi
  echo
  cat bench/benchmarks-reading.md
} > "$tmp"
mv "$tmp" "$out"
rm -f "$raw" "$kept"
cat "$out"
