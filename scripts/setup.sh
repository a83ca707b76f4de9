#!/usr/bin/env bash
# Installs what paystrike needs to build, test and run its examples on Debian 12, by package name.
# Safe to run again: it installs only what is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake             # compiler and build
  libeigen3-dev                     # the header-only core's linear algebra
  libboost-serialization-dev        # model files (lib/)
  libcsv-dev                        # CSV parsing with quoted fields (lib/)
  libcli11-dev libfmt-dev           # example programs: options and reports
  libgtest-dev libgmock-dev         # tests
  libbenchmark-dev                  # benchmarks
  doxygen                           # API docs, checked for zero warnings by a test
  python3                           # the ctypes wrapper example
  python3-matplotlib                # examples/plot_evaluation.py: ROC, KS and calibration PNGs
)
if [ "${PAYSTRIKE_WITH_REFERENCE_TOOLS:-0}" = 1 ]; then
  # Only needed to regenerate the committed reference values (tests/reference/*.R, *.py).
  packages+=(r-base-core python3-sklearn python3-statsmodels)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
