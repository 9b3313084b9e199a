#!/usr/bin/env bash
# Generates tiny synthetic studies with `cortexflow synth` and opens them in the reference tools
# (MNE, nibabel, h5py, scipy) with Debian's Python. Usage: bench/synth/check.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="${1:-bench/work/synth-check}"
rm -rf "$WORK"
mkdir -p "$WORK"
./cortexflow synth nmedt --size tiny --mat --out "$WORK/nmedt-bdf"
./cortexflow synth nmedt --size tiny --format edf --param subjects=1 --out "$WORK/nmedt-edf"
./cortexflow synth gtzan-fmri --size tiny --out "$WORK/fmri"
./cortexflow synth deap --size tiny --out "$WORK/deap"
/usr/bin/python3 bench/synth/check_reference_tools.py "$WORK"
