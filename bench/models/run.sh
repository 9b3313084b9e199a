#!/usr/bin/env bash
# Training-step benchmark: cortexflow's SampleCNN2D (ND4J, oneDNN build) vs the same network in
# PyTorch 1.13 CPU (Debian python3-torch), batch 64 x 128 x 375, compact and paper, the same threads,
# alternating in one run. From the repository root:
#
#   bash bench/models/run.sh
#
# Writes bench/results/models-YYYYMMDD.md and prints it. Knobs (environment): THREADS=2 REPS=3 BATCH_COMPACT=64 BATCH_PAPER=32
# ITERS_COMPACT=8 ITERS_PAPER=2. The paper network costs about 9 GMAC per example forward (about
# 20 s per step of 32 on 2 cores; 4.3 GB here, 5.1 GB in PyTorch): keep ITERS_PAPER small. Needs /usr/bin/python3 with torch, java 17, mvn.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY=${PY:-/usr/bin/python3}
"$PY" -c "import torch" || { echo "run.sh: $PY lacks torch (apt-get install python3-torch)" >&2; exit 1; }
./cortexflow --help >/dev/null   # build once, untimed
exec "$PY" bench/models/bench.py
