#!/usr/bin/env bash
# Reading a 96x96x68x410 int16 NIfTI (ds003720-sized, 513 MB) with fmri.read vs nibabel get_fdata,
# .nii and .nii.gz, in one run: wall time, MB/s of uncompressed voxel data and peak RSS (GNU time).
# Usage: bench/io-media/run.sh [workdir]   (needs /usr/bin/python3 with nibabel; ~2 GB of disk)
set -euo pipefail
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"
[ -f "$WORK/bold.nii.gz" ] || /usr/bin/python3 "$HERE/bench/io-media/make_nifti.py" "$WORK/bold"
"$HERE/cortexflow" tasks >/dev/null   # build once, outside the timings
MB=$(( 96 * 96 * 68 * 410 * 2 / 1000000 ))
for ext in nii nii.gz; do
  cat "$WORK/bold.$ext" >/dev/null   # page cache
  for tool in cortexflow nibabel; do
    rm -rf "$WORK/out"
    if [ $tool = cortexflow ]; then
      cmd=("$HERE/cortexflow" exec fmri.read --param "path=$WORK/bold.$ext" --out "$WORK/out")
    else
      cmd=(/usr/bin/python3 "$HERE/bench/io-media/nibabel_read.py" "$WORK/bold.$ext")
    fi
    s=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$WORK/rss" "${cmd[@]}" >/dev/null
    e=$(date +%s.%N)
    secs=$(echo "$e - $s" | bc -l)
    printf "%-10s %-7s %6.2f s %7.1f MB/s peak RSS %5d MB\n" $tool $ext "$secs" "$(echo "$MB / $secs" | bc -l)" $(( $(cat "$WORK/rss") / 1024 ))
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
