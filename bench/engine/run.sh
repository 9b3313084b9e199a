#!/usr/bin/env bash
# Side-by-side engine benchmark: cortexflow vs Snakemake 7.21 (and Nextflow 24.10.0 when
# bench/engine/setup-nextflow.sh has been run). From the repository root:
#
#   bash bench/engine/run.sh
#
# Writes bench/results/engine-YYYYMMDD-HHMM.md and prints the same tables. About 15 minutes on a
# 2-core machine, most of it Snakemake's fresh run of 5,000 jobs and its dry run of 100,000.
# Knobs (environment): SIZES="1000 5000"  CACHED_BIG=10000  INPROC="1000 10000"
#   SNAKE_INPROC=1000  PLAN_SIZES="10000 20000 100000"  SNAKE_PLAN_MAX=100000
#   NEXTFLOW_SIZES=1000  REPS=3  CPUS=2  ONLY="startup shell cached inproc plan"
# Needs: python3 (the benchmark driver only), snakemake (apt-get install snakemake), java 17, mvn.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v python3 >/dev/null || { echo "run.sh: python3 is needed for the benchmark driver" >&2; exit 1; }
command -v snakemake >/dev/null || { echo "run.sh: snakemake not found (apt-get install -y snakemake)" >&2; exit 1; }
[[ -x ./cortexflow ]] || { echo "run.sh: ./cortexflow not found; run from a checkout of the repository" >&2; exit 1; }
# Build once, untimed: the launcher rebuilds when sources are newer than the jar.
./cortexflow --help >/dev/null
if [[ ! -x bench/work/nextflow/nextflow ]]; then
  echo "run.sh: Nextflow not set up; skipping it (bash bench/engine/setup-nextflow.sh to add it)" >&2
fi
exec python3 bench/engine/bench.py
