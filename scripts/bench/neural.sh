#!/usr/bin/env bash
# Neural benchmarks with their peers in one run (docs/benchmarks.md, "Neural").
# ROUNDS times (default 3): scripts/bench/neural_peer.py writes the LSTM and conv weights and times PyTorch eager
# and the numpy floor, then the Swift NeuralBenchmarks (ordo-one/benchmark) load the same weights and run.
# Alternating rounds give both sides the same chances at a quiet moment on a shared machine;
# scripts/bench/neural_report.py then compares each side's best round.
# Usage: scripts/bench/neural.sh [PYTHON]   (default /work/venv/bin/python, else training/.venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${1:-$( [ -x /work/venv/bin/python ] && echo /work/venv/bin/python || echo training/.venv/bin/python )}
DIR=${KANADE_NEURAL_BENCH_DIR:-/tmp/kanade-neural-bench}
ROUNDS=${ROUNDS:-3}
OUT=$(mktemp -d)
(cd Benchmarks && swift build -c release --product NeuralBenchmarks 2>&1 | grep -v 'prohibited flag' | tail -1)
for round in $(seq "$ROUNDS"); do
    uptime | sed "s/^/round $round: /"
    "$PY" scripts/bench/neural_peer.py "$DIR" > "$OUT/peer$round.json"
    (cd Benchmarks && KANADE_NEURAL_BENCH_DIR="$DIR" swift package --allow-writing-to-package-directory benchmark \
        --target NeuralBenchmarks --no-progress 2>&1 | grep -v 'prohibited flag') > "$OUT/swift$round.txt"
done
uptime | sed "s/^/end: /"
cat "$OUT/swift$ROUNDS.txt"
"$PY" scripts/bench/neural_report.py "$OUT"/peer*.json "$OUT"/swift*.txt
