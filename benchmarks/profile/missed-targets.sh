#!/usr/bin/env bash
# CPU profiles of the benchmark's missed CPU targets (README "Performance"), one phase each, on the
# compiled library: self time (top 15) and inclusive time (top 40) per case, as markdown.
#   npm run build && bash benchmarks/profile/missed-targets.sh > benchmarks/results/<run>/profiles.md
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
cases=(
  "SVC 20000 cpu warm 3|SVC-rbf warm fit, syn20k (14k x 20), 1 thread"
  "SVC 1000 cpu cold 1|SVC-rbf cold first fit, syn1k"
  "LinearSVC 100000 cpu warm 3|LinearSVC warm fit, syn100k (70k x 20)"
  "LinearSVC 1000 cpu cold 1|LinearSVC cold first fit, syn1k"
  "LinearSVC 100000 cpu predict 2|LinearSVC predict, syn100k (30k rows)"
  "LR 100000 wasm-simd warm 4|LogisticRegression warm fit, syn100k"
  "LR 100000 cpu predict 2|LogisticRegression predict, syn100k (30k rows)"
  "LR 1000 cpu cold 1|LogisticRegression cold first fit, syn1k"
  "DT 100000 cpu predict 2|DecisionTree predict, syn100k (30k rows)"
  "DT 1000 cpu cold 1|DecisionTree cold first fit, syn1k"
  "RF 100000 wasm-simd predict 1|RandomForest predict, syn100k (30k rows)"
  "GNB 1000 cpu cold 1|GaussianNB cold first fit, syn1k"
)
echo "## CPU profiles of the missed targets"
echo
echo "$(date -u +%F), $(nproc) cores, Node $(node --version); \`bash benchmarks/profile/missed-targets.sh\`"
echo "(each case: \`PROFILE=<phase> RUNS=<runs> node benchmarks/profile/cold.mjs <model> <rows> <device>\`,"
echo 'sampled every 200 us by node:inspector over that phase only; `dispatch :0` in the short cold'
echo 'cases is the inspector starting the profiler, `wasm internal function N` an inlined helper of'
echo 'kernels.wasm: exp, log, dot products).'
for c in "${cases[@]}"; do
  spec=${c%%|*}
  title=${c#*|}
  read -r model rows device phase runs <<<"$spec"
  dir="$out/$model-$rows-$phase"
  mkdir -p "$dir"
  timing=$(PROFILE=$phase RUNS=$runs PREDICTS=30 OUT="$dir/p.cpuprofile" node benchmarks/profile/cold.mjs "$model" "$rows" "$device" | tail -2)
  echo
  echo "### $title ($device, phase $phase)"
  echo
  echo '```'
  echo "$timing"
  echo "-- self time"
  node --import tsx benchmarks/profile/summarize.ts "$dir" | tail -n +2
  echo "-- inclusive time (our code)"
  node --import tsx benchmarks/profile/summarize.ts "$dir" --inclusive | tail -n +2 | grep -E 'dist/|kernels.wasm|garbage' | head -20
  echo '```'
done
rm -rf "$out"
