#!/usr/bin/env bash
# Reading EEG (issue 3): `cortexflow exec eeg.read` vs MNE `read_raw_bdf(preload=True)` on generated
# 128-channel (+ Status), 1000 Hz BDF files of 15 and 60 minutes, read from the page cache. From the
# repository root:
#
#   bash bench/io/run.sh
#
# Prints a Markdown table and writes it to bench/results/io-eeg-YYYYMMDD.md. The generated files
# (about 0.35 + 1.4 GB, plus the 0.46 + 1.9 GB eeg artifacts) live in $WORK and are deleted at the
# end. Knobs (environment): MINUTES="15 60"  REPS=2  WORK=/tmp/...  HEAP=256m (the -Xmx of the
# bounded-heap run). Needs: Debian's /usr/bin/python3 with numpy and mne (python3-mne), java 17, mvn.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3
MINUTES="${MINUTES:-15 60}"
REPS="${REPS:-2}"
HEAP="${HEAP:-256m}"
WORK="${WORK:-$(mktemp -d /tmp/cortexflow-bench-io.XXXXXX)}"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
$PY -c "import mne, numpy" || { echo "run.sh: $PY needs numpy and mne (apt-get install python3-mne)" >&2; exit 1; }
./cortexflow tasks >/dev/null   # build once, untimed

TIME=/usr/bin/time
row() { printf '| %s |\n' "$(IFS='|'; echo "$*" | sed 's/|/ | /g')"; }
OUT="$WORK/table.md"
{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
  echo
  echo "| file | size MB | reader | run | wall s (whole command) | read s (in process) | MB/s (in process) | CPU s (user+sys) | peak RSS MB |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$OUT"

for m in $MINUTES; do
  f="$WORK/bench-${m}min.bdf"
  $PY bench/io/gen_bdf.py "$f" "$m"
  size=$(stat -c %s "$f")
  mb=$(awk -v s="$size" 'BEGIN{printf "%.0f", s/1e6}')
  for r in $(seq 1 "$REPS"); do
    cat "$f" > /dev/null; cat "$f" > /dev/null   # from the page cache
    rm -rf "$WORK/out"
    $TIME -f "%e %U %S %M" -o "$WORK/time.txt" ./cortexflow exec eeg.read --param path="$f" --out "$WORK/out" > "$WORK/log.txt" 2>&1
    read -r wall user sys rss < "$WORK/time.txt"
    secs=$(grep -o 'in [0-9.]* s$' "$WORK/log.txt" | awk '{print $2}')
    row "${m} min" "$mb" "eeg.read" "$r" "$wall" "$secs" "$(awk -v s="$size" -v t="$secs" 'BEGIN{printf "%.0f", s/1e6/t}')" \
        "$(awk -v a="$user" -v b="$sys" 'BEGIN{printf "%.1f", a+b}')" "$((rss / 1024))" >> "$OUT"
    rm -rf "$WORK/out"
    cat "$f" > /dev/null
    $TIME -f "%e %U %S %M" -o "$WORK/time.txt" $PY bench/io/read_mne.py "$f" > "$WORK/mne.txt" 2>&1
    read -r wall user sys rss < "$WORK/time.txt"
    secs=$(awk '/mne_read_s/{print $2}' "$WORK/mne.txt")
    row "${m} min" "$mb" "MNE read_raw_bdf(preload=True)" "$r" "$wall" "$secs" \
        "$(awk -v s="$size" -v t="$secs" 'BEGIN{printf "%.0f", s/1e6/t}')" \
        "$(awk -v a="$user" -v b="$sys" 'BEGIN{printf "%.1f", a+b}')" "$((rss / 1024))" >> "$OUT"
  done
  # the same read with a small heap: the heap needed does not grow with the file
  rm -rf "$WORK/out"
  cat "$f" > /dev/null
  JAVA_OPTS="-Xmx$HEAP" $TIME -f "%e %U %S %M" -o "$WORK/time.txt" ./cortexflow exec eeg.read --param path="$f" \
      --out "$WORK/out" > "$WORK/log.txt" 2>&1
  read -r wall user sys rss < "$WORK/time.txt"
  secs=$(grep -o 'in [0-9.]* s$' "$WORK/log.txt" | awk '{print $2}')
  row "${m} min" "$mb" "eeg.read -Xmx$HEAP" "1" "$wall" "$secs" "$(awk -v s="$size" -v t="$secs" 'BEGIN{printf "%.0f", s/1e6/t}')" \
      "$(awk -v a="$user" -v b="$sys" 'BEGIN{printf "%.1f", a+b}')" "$((rss / 1024))" >> "$OUT"
  grep -q '^wrote' "$WORK/log.txt" || { echo "run.sh: the -Xmx$HEAP run failed:" >&2; cat "$WORK/log.txt" >&2; exit 1; }
  rm -rf "$WORK/out" "$f"
done
echo >> "$OUT"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
mkdir -p bench/results
cp "$OUT" "bench/results/io-eeg-$(date +%Y%m%d).md"
cat "$OUT"
