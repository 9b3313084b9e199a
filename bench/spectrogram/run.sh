#!/usr/bin/env bash
# Mel spectrogram benchmark: cortexflow audio.spectrogram vs numpy/scipy and torchaudio 0.13 on the
# same 100 clips x 30 s at 22.05 kHz (n_fft 2048, hop 512, 128 mels, Slaney), in the same run,
# alternating peers each round. Also times eeg.epoch + eeg.normalize on 128 ch x 600 s at 125 Hz.
# From the repository root:
#
#   bash bench/spectrogram/run.sh
#
# Writes bench/results/spectrogram-YYYYMMDD.md and prints it. Knobs (environment): CLIPS=100
# SECONDS_PER_CLIP=30 REPS=3 THREADS=2. Needs Debian's /usr/bin/python3 with numpy, scipy, torch,
# torchaudio (the peers and the input generator), java 17, mvn.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY=${PY:-/usr/bin/python3}
"$PY" -c "import numpy, scipy, torch, torchaudio" || { echo "run.sh: $PY lacks numpy/scipy/torch/torchaudio" >&2; exit 1; }
./cortexflow --help >/dev/null   # build once, untimed
exec "$PY" bench/spectrogram/bench.py
