#!/usr/bin/env bash
# Signal STFT benchmark against its peers, all in one run on the same input (docs/benchmarks.md):
# 3 minutes of 44.1 kHz mono, n_fft 2048, hop 512, periodic Hann, magnitudes, no centring.
# Swift (ordo-one/benchmark, Benchmarks/SignalBenchmarks: 1 thread and all cores), plain C + FFTW
# (compiled here with cc -O2), numpy, scipy and librosa (those that import in $PYTHON).
# The machine is shared, so the peers run in ROUNDS interleaved rounds; each figure is the
# minimum (least disturbed) and the median over all rounds' iterations.
# Usage: scripts/bench/stft.sh [ITERATIONS per peer per round] [ROUNDS]
#        (PYTHON defaults to /work/venv/bin/python, else python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
iterations=${1:-10}
rounds=${2:-3}
python=${PYTHON:-/work/venv/bin/python}
[[ -x $python ]] || python=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMBA_NUM_THREADS=1

# The shared input: a 440 Hz sine plus noise, seeded, raw float32.
"$python" -c "
import numpy as np
rng = np.random.default_rng(1)
t = np.arange(180 * 44100) / 44100
x = (0.5 * np.sin(2 * np.pi * 440 * t) + 0.1 * rng.uniform(-1, 1, t.size)).astype(np.float32)
x.tofile('$work/input.f32')"

cc -O2 -o "$work/stft_fftw" scripts/bench/stft_fftw.c $(pkg-config --cflags --libs fftw3f) -lm
echo "building the Swift benchmark (release)…"
(cd Benchmarks && swift build -c release -j 2 --product SignalBenchmarks >/dev/null)

for ((r = 1; r <= rounds; r++)); do
  echo "== round $r of $rounds"
  "$work/stft_fftw" "$work/input.f32" "$iterations" 2>/dev/null | sed 's/^/C+FFTW /' >> "$work/samples.txt"
  "$work/stft_fftw" "$work/input.f32" "$iterations" reuse 2>/dev/null | sed 's/^/C+FFTW-reuse /' >> "$work/samples.txt"
  "$python" scripts/bench/stft_python.py "$work/input.f32" "$iterations" 2>/dev/null >> "$work/samples.txt"
  (cd Benchmarks && KANADE_BENCH_STFT_INPUT="$work/input.f32" swift package --allow-writing-to-package-directory \
     benchmark --target SignalBenchmarks --no-progress) > "$work/swift.txt" 2>&1 || { cat "$work/swift.txt"; exit 1; }
  # Per benchmark, the wall-clock row of its table: p0 p25 p50 p75 p90 p99 p100 samples.
  awk -v OFS=' ' '
    /STFT magnitudes.*1 thread, reused output/ { name = "Swift-1thread-reuse"; next }
    /STFT magnitudes.*all cores, reused output/ { name = "Swift-allcores-reuse"; next }
    /STFT magnitudes.*1 thread/ { name = "Swift-1thread" }
    /STFT magnitudes.*all cores/ { name = "Swift-allcores" }
    /Time \(wall clock\) \(ms\)/ && name != "" { gsub(/[│|]/, " "); print name, $(NF-7), $(NF-5); name = "" }
  ' "$work/swift.txt" >> "$work/swift-rounds.txt"
done

stats() { sort -n | awk '{v[NR]=$1} END {m = (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2); printf "%.1f %.1f", v[1], m}'; }
declare -A best typical
for peer in C+FFTW C+FFTW-reuse numpy scipy librosa; do
  if grep -q "^$peer " "$work/samples.txt"; then
    read -r best[$peer] typical[$peer] <<< "$(grep "^$peer " "$work/samples.txt" | awk '{print $2}' | stats)"
  fi
done
for peer in Swift-1thread Swift-allcores Swift-1thread-reuse Swift-allcores-reuse; do
  best[$peer]=$(grep "^$peer " "$work/swift-rounds.txt" | awk '{print $2}' | stats | cut -d' ' -f1)
  typical[$peer]=$(grep "^$peer " "$work/swift-rounds.txt" | awk '{print $3}' | stats | cut -d' ' -f2)
done

echo
echo "$(getconf _NPROCESSORS_ONLN) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds × $iterations iterations (Swift: ordo-one p0 / median of per-round p50)"
printf "%-15s %9s %11s %14s %16s\n" peer "min ms" "median ms" "min / Swift-1" "median / Swift-1"
for peer in Swift-1thread Swift-allcores Swift-1thread-reuse Swift-allcores-reuse C+FFTW C+FFTW-reuse numpy scipy librosa; do
  [[ -n ${best[$peer]:-} ]] || continue
  printf "%-15s %9s %11s %14s %16s\n" "$peer" "${best[$peer]}" "${typical[$peer]}" \
    "$(awk "BEGIN{printf \"%.2f\", ${best[$peer]}/${best[Swift-1thread]}}")" \
    "$(awk "BEGIN{printf \"%.2f\", ${typical[$peer]}/${typical[Swift-1thread]}}")"
done
echo
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
echo "Bar 1, Swift (1 thread) / C+FFTW <= 1.5: min $(ratio ${best[Swift-1thread]} ${best[C+FFTW]}), median $(ratio ${typical[Swift-1thread]} ${typical[C+FFTW]})"
echo "Bar 1, reused output, Swift (1 thread) / C+FFTW: min $(ratio ${best[Swift-1thread-reuse]} ${best[C+FFTW-reuse]}), median $(ratio ${typical[Swift-1thread-reuse]} ${typical[C+FFTW-reuse]})"
echo "Bar 2, numpy / Swift >= 3: 1 thread min $(ratio ${best[numpy]} ${best[Swift-1thread]}), median $(ratio ${typical[numpy]} ${typical[Swift-1thread]}); all cores min $(ratio ${best[numpy]} ${best[Swift-allcores]}), median $(ratio ${typical[numpy]} ${typical[Swift-allcores]})"
echo "Bar 2, numpy / Swift reused output: 1 thread min $(ratio ${best[numpy]} ${best[Swift-1thread-reuse]}), median $(ratio ${typical[numpy]} ${typical[Swift-1thread-reuse]}); all cores min $(ratio ${best[numpy]} ${best[Swift-allcores-reuse]}), median $(ratio ${typical[numpy]} ${typical[Swift-allcores-reuse]})"
