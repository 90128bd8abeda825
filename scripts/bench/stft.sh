#!/usr/bin/env bash
# Signal STFT benchmark against its peers, all in one run on the same input (docs/benchmarks.md):
# 3 minutes of 44.1 kHz mono, n_fft 2048, hop 512, periodic Hann, magnitudes, no centring.
#   Swift   ordo-one/benchmark, Benchmarks/SignalBenchmarks: 1 thread and all cores, each with a fresh
#           result per call and with a reused one (`magnitudes(_:into:)`)
#   C+FFTW  scripts/bench/stft_fftw.c compiled here with cc -O2: fresh output (plain malloc), reused
#           output, and fresh output advised MADV_HUGEPAGE (what Kanade's STFT does for big results)
#   numpy, scipy, librosa   scripts/bench/stft_python.py, those that import in $PYTHON
# The machine is shared, so the peers run in ROUNDS interleaved rounds, and each figure is given as
# the minimum (the least disturbed run) and the median, for wall-clock time and for process CPU time
# (less sensitive to other people's load; for the all-cores rows it sums both threads).
# Usage: scripts/bench/stft.sh [ITERATIONS per peer per round, default 10] [ROUNDS, default 3]
#        (PYTHON defaults to /work/venv/bin/python, else python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
iterations=${1:-10}
rounds=${2:-3}
python=${PYTHON:-/work/venv/bin/python}
[[ -x $python ]] || python=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cores=$(getconf _NPROCESSORS_ONLN)
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

# samples.txt: "peer wall-ms cpu-ms" per iteration (Swift: per round, its p0 and p50 for each clock).
for ((r = 1; r <= rounds; r++)); do
  echo "== round $r of $rounds (load average $(cut -d' ' -f1 /proc/loadavg))"
  "$work/stft_fftw" "$work/input.f32" "$iterations" 2>/dev/null | sed 's/^/C+FFTW /' >> "$work/samples.txt"
  "$work/stft_fftw" "$work/input.f32" "$iterations" reuse 2>/dev/null | sed 's/^/C+FFTW-reuse /' >> "$work/samples.txt"
  "$work/stft_fftw" "$work/input.f32" "$iterations" thp 2>/dev/null | sed 's/^/C+FFTW-thp /' >> "$work/samples.txt"
  "$python" scripts/bench/stft_python.py "$work/input.f32" "$iterations" 2>/dev/null >> "$work/samples.txt"
  (cd Benchmarks && KANADE_BENCH_STFT_INPUT="$work/input.f32" swift package --allow-writing-to-package-directory \
     benchmark --target SignalBenchmarks --no-progress) > "$work/swift.txt" 2>&1 || { cat "$work/swift.txt"; exit 1; }
  # Table rows: p0 p25 p50 p75 p90 p99 p100 samples.
  awk '
    /STFT magnitudes.*1 thread, reused output/ { name = "Swift-1thread-reuse"; next }
    /STFT magnitudes.*all cores, reused output/ { name = "Swift-allcores-reuse"; next }
    /STFT magnitudes.*1 thread/ { name = "Swift-1thread"; next }
    /STFT magnitudes.*all cores/ { name = "Swift-allcores"; next }
    /Time \(total CPU\) \(ms\)/ && name != "" { gsub(/[│|]/, " "); cpu0[name] = $(NF-7); cpu50[name] = $(NF-5) }
    /Time \(wall clock\) \(ms\)/ && name != "" { gsub(/[│|]/, " "); wall0[name] = $(NF-7); wall50[name] = $(NF-5) }
    END { for (n in wall0) { print n "-min", wall0[n], cpu0[n]; print n "-median", wall50[n], cpu50[n] } }
  ' "$work/swift.txt" >> "$work/swift-rounds.txt"
done

# min and median of column $2 (wall) or $3 (cpu) over the rows of one peer.
pick() { awk -v p="$1" -v c="$2" '$1 == p { print $c }' "$3" | sort -n; }
minimum() { head -1; }
median() { awk '{v[NR]=$1} END {printf "%.1f", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
declare -A wmin wmed cmin cmed
peers=(Swift-1thread Swift-1thread-reuse Swift-allcores Swift-allcores-reuse C+FFTW C+FFTW-thp C+FFTW-reuse numpy scipy librosa)
for peer in "${peers[@]}"; do
  if [[ $peer == Swift-* ]]; then
    grep -q "^$peer-min " "$work/swift-rounds.txt" || continue
    wmin[$peer]=$(pick "$peer-min" 2 "$work/swift-rounds.txt" | minimum); cmin[$peer]=$(pick "$peer-min" 3 "$work/swift-rounds.txt" | minimum)
    wmed[$peer]=$(pick "$peer-median" 2 "$work/swift-rounds.txt" | median); cmed[$peer]=$(pick "$peer-median" 3 "$work/swift-rounds.txt" | median)
  else
    grep -q "^$peer " "$work/samples.txt" || continue
    wmin[$peer]=$(pick "$peer" 2 "$work/samples.txt" | minimum); cmin[$peer]=$(pick "$peer" 3 "$work/samples.txt" | minimum)
    wmed[$peer]=$(pick "$peer" 2 "$work/samples.txt" | median); cmed[$peer]=$(pick "$peer" 3 "$work/samples.txt" | median)
  fi
done
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }

echo
echo "$cores cores, load average now $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds × $iterations iterations"
echo "(Swift: min = lowest per-round p0, median = median of per-round p50, from ordo-one/benchmark)"
printf "%-22s %9s %9s %9s %9s\n" peer "wall min" "wall med" "CPU min" "CPU med"
for peer in "${peers[@]}"; do
  [[ -n ${wmin[$peer]:-} ]] || continue
  printf "%-22s %9s %9s %9s %9s\n" "$peer" "${wmin[$peer]}" "${wmed[$peer]}" "${cmin[$peer]}" "${cmed[$peer]}"
done
echo
line() {  # label numerator denominator
  echo "$1: wall $(ratio ${wmin[$2]} ${wmin[$3]}) (min) $(ratio ${wmed[$2]} ${wmed[$3]}) (median); CPU $(ratio ${cmin[$2]} ${cmin[$3]}) (min) $(ratio ${cmed[$2]} ${cmed[$3]}) (median)"
}
line "Bar 1  Swift / C+FFTW (<= 1.5), fresh output, 1 thread" Swift-1thread C+FFTW
line "       Swift / C+FFTW with huge pages, fresh output, 1 thread" Swift-1thread C+FFTW-thp
line "Bar 1  Swift / C+FFTW (<= 1.5), reused output, 1 thread" Swift-1thread-reuse C+FFTW-reuse
line "Bar 2  numpy / Swift (>= 3), fresh output, 1 thread" numpy Swift-1thread
line "Bar 2  numpy / Swift (>= 3), reused output, 1 thread" numpy Swift-1thread-reuse
echo "Bar 2  numpy / Swift (>= 3), all cores: fresh wall $(ratio ${wmin[numpy]} ${wmin[Swift-allcores]}) (min) $(ratio ${wmed[numpy]} ${wmed[Swift-allcores]}) (median); reused wall $(ratio ${wmin[numpy]} ${wmin[Swift-allcores-reuse]}) (min) $(ratio ${wmed[numpy]} ${wmed[Swift-allcores-reuse]}) (median)"
