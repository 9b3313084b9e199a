#!/usr/bin/env bash
# Signal-processing benchmark (issue 4): cortexflow's eeg.filter / eeg.notch / eeg.resample against
# MNE 1.3 (FIR path) and scipy 1.10 (IIR path) on the same 128 x 600 s x 1000 Hz input, same run.
# From the repository root:
#
#   bash bench/signal/run.sh
#
# Writes the input once (bench/work/signal/input, 293 MiB) and bench/results/signal-YYYYMMDD.md.
# Knobs (environment): ROUNDS=1 (best of), VARIANTS="mne scipy ours-fir ours-iir",
#   C2=1 (run the JVM with full JIT: JAVA_OPTS=-XX:TieredStopAtLevel=4).
# Needs: Debian's /usr/bin/python3 with numpy, scipy and mne (apt-get install python3-mne), java 17, mvn.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
/usr/bin/python3 -c "import mne, scipy" 2>/dev/null || { echo "run.sh: /usr/bin/python3 needs mne and scipy (apt-get install python3-mne)" >&2; exit 1; }
[[ -x ./cortexflow ]] || { echo "run.sh: ./cortexflow not found; run from a checkout of the repository" >&2; exit 1; }
exec /usr/bin/python3 bench/signal/bench.py
