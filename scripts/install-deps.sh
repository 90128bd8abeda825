#!/usr/bin/env bash
# Installs the Debian packages Kanade builds and tests with, only those that are missing.
set -euo pipefail
packages=(pkg-config libncurses-dev libsndfile1-dev libasound2-dev libfftw3-dev libopenblas-dev libsoxr-dev librubberband-dev libfluidsynth-dev
          fluid-soundfont-gm tmux sox alsa-utils fluidsynth)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
echo "Installing: ${missing[*]}"
sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
