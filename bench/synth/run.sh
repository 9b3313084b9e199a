#!/usr/bin/env bash
# Generation benchmark for the synthetic studies (docs/benchmarks.md, "Synthetic studies (issue 5)").
# Times `cortexflow synth` at full NMED-T scale (20 subjects x 10 songs x NMED-T's song lengths x
# 128 channels at 1 kHz), the same at 125 Hz (the ~2.8 GB variant), the small size, and two
# references on the same machine in the same run: the disk's sequential write speed (dd, fsync)
# and numpy writing the same number of BDF bytes (Gaussian noise packed to 24 bits).
# Each generated study is deleted after it is measured. Usage: bench/synth/run.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="${1:-bench/work/synth-bench}"
mkdir -p "$WORK"
OUT="bench/results/synth-$(date +%Y%m%d-%H%M).md"
./cortexflow tasks >/dev/null   # build first, outside the timings
# a copy of the build, so that editing sources during a long run does not trigger a rebuild; the
# launcher's JVM flags except its C1-only JIT (-XX:TieredStopAtLevel=1 starts fast but generates
# 2-4x slower; JAVA_OPTS=-XX:TieredStopAtLevel=4 ./cortexflow synth ... does the same)
rm -rf "$WORK/app" && mkdir -p "$WORK/app" && cp -r cli/target/cortexflow.jar cli/target/lib "$WORK/app/"
CF=(java -XX:+UseSerialGC ${JAVA_OPTS:-} -cp "$WORK/app/cortexflow.jar:$WORK/app/lib/*" org.cortexflow.cli.Main)

measure() { # name, command...: wall, user+sys CPU, peak RSS
  local name="$1"; shift
  local log="$WORK/$name.time"
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" > "$WORK/$name.out" 2>&1 || { cat "$WORK/$name.out"; exit 1; }
  read -r wall user sys rss < "$log"
  echo "$name $wall $user $sys $rss"
}

row() { # name, directory
  local name="$1" dir="$2"
  read -r _ wall user sys rss < <(grep "^$name " "$WORK/results.txt")
  local bdf total
  bdf=$(find "$dir" -name '*.bdf' -printf '%s\n' | awk '{s+=$1} END {printf "%.2f", s/1e9}')
  total=$(du -sb "$dir" | awk '{printf "%.2f", $1/1e9}')
  printf "| %s | %s GB | %s GB | %.0f s | %.0f s | %.0f MB/s | %.0f MiB |\n" "$name" "$bdf" "$total" "$wall" \
    "$(echo "$user + $sys" | bc)" "$(echo "$total * 1000 / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)" >> "$OUT"
}

: > "$WORK/results.txt"
{
  echo "# Synthetic study generation, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Host: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB RAM; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| run | BDF | all files | wall | CPU (user+sys) | written/wall | peak RSS |"
  echo "|---|---|---|---|---|---|---|"
} > "$OUT"

for spec in "full-1kHz:--size full" "full-125Hz:--size full -p sfreq=125 -p feature_rate=125" "small:--size small"; do
  name="${spec%%:*}"; args="${spec#*:}"
  rm -rf "$WORK/$name"
  # shellcheck disable=SC2086
  measure "$name" "${CF[@]}" synth nmedt $args --out "$WORK/$name" >> "$WORK/results.txt"
  row "$name" "$WORK/$name"
  rm -rf "$WORK/$name"
done

rm -rf "$WORK/app"

# references: raw disk speed, and numpy writing the full study's BDF bytes
bytes=$(awk '/^\| full-1kHz/ {printf "%.0f", $4 * 1e9}' "$OUT")
measure dd dd if=/dev/zero of="$WORK/dd.bin" bs=8M count=$(( ${bytes%.*} / 8388608 )) conv=fdatasync >> "$WORK/results.txt"
rm -f "$WORK/dd.bin"
measure numpy /usr/bin/python3 - "$WORK/np" "${bytes%.*}" <<'PY' >> "$WORK/results.txt"
import os, sys, numpy as np
out, total = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)
per_file = total // 20 // 3 * 3
for s in range(20):
    with open(os.path.join(out, f"s{s:02d}.bdf"), "wb") as f:
        left = per_file
        while left > 0:
            n = max(1, min(left // 3, 129 * 1000 * 8))
            x = np.clip(np.round(rng.standard_normal(n) * 320), -8388608, 8388607).astype("<i4")
            b = x.view(np.uint8).reshape(-1, 4)[:, :3]
            f.write(b.tobytes())
            left -= 3 * n
PY
rm -rf "$WORK/np"
{
  echo
  echo "References in the same run (same bytes as full-1kHz's BDF files):"
  read -r _ wall user sys rss < <(grep "^dd " "$WORK/results.txt")
  printf -- "- dd, sequential write with fdatasync: %.0f s (%.0f MB/s)\n" "$wall" "$(echo "$bytes / 1e6 / $wall" | bc -l)"
  read -r _ wall user sys rss < <(grep "^numpy " "$WORK/results.txt")
  printf -- "- numpy, Gaussian noise packed to int24 and written, 20 files: %.0f s wall, %.0f s CPU\n" "$wall" "$(echo "$user + $sys" | bc)"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >> "$OUT"
cat "$OUT"
