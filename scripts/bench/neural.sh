#!/usr/bin/env bash
# Neural benchmarks with their peers in one run (docs/benchmarks.md, "Neural"):
#   1. scripts/bench/neural_peer.py writes the LSTM and conv weights and times PyTorch eager and the numpy floor;
#   2. the Swift NeuralBenchmarks (ordo-one/benchmark) load the same weights and run;
#   3. the peer runs again (so a load change during the run shows), and scripts/bench/neural_report.py prints ratios.
# Usage: scripts/bench/neural.sh [PYTHON]   (default /work/venv/bin/python, else training/.venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${1:-$( [ -x /work/venv/bin/python ] && echo /work/venv/bin/python || echo training/.venv/bin/python )}
DIR=${KANADE_NEURAL_BENCH_DIR:-/tmp/kanade-neural-bench}
OUT=$(mktemp -d)
"$PY" scripts/bench/neural_peer.py "$DIR" > "$OUT/peer1.json"
uptime > "$OUT/load.txt"
(cd Benchmarks && KANADE_NEURAL_BENCH_DIR="$DIR" swift package --allow-writing-to-package-directory benchmark \
    --target NeuralBenchmarks --no-progress 2>&1 | grep -v 'prohibited flag') > "$OUT/swift.txt"
"$PY" scripts/bench/neural_peer.py "$DIR" > "$OUT/peer2.json"
cat "$OUT/swift.txt"
uptime >> "$OUT/load.txt"; cat "$OUT/load.txt"
"$PY" scripts/bench/neural_report.py "$OUT/peer1.json" "$OUT/peer2.json" "$OUT/swift.txt"
