#!/usr/bin/env python3
"""Driver of bench/spectrogram/run.sh (benchmark tooling; the product never needs Python).

Each measurement is a fresh process; the peers time their own loop (load every clip, compute,
save [n, 128, frames] float32) after imports and one untimed warm-up clip; cortexflow times its
`exec audio.spectrogram` in process after two untimed warm-up runs on 4 clips (JIT). Rounds
alternate the order of the three. The cold row is `./cortexflow exec` as a user runs it, timed as
a whole process (JVM start, JIT and all).
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "bench", "spectrogram")
WORK = os.path.join(ROOT, "bench", "work", "spectrogram")
RESULTS = os.path.join(ROOT, "bench", "results")
CLIPS = int(os.environ.get("CLIPS", "100"))
SECONDS = float(os.environ.get("SECONDS_PER_CLIP", "30"))
REPS = int(os.environ.get("REPS", "3"))
THREADS = os.environ.get("THREADS", "2")
PY = sys.executable
CP = os.path.join(ROOT, "cli", "target", "cortexflow.jar") + ":" + os.path.join(ROOT, "cli", "target", "lib", "*")
JAVA = ["java", "-XX:+UseParallelGC", "-Xmx2g", "-cp", CP]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg():
    return os.getloadavg()[0]


def run_json(cmd, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run(cmd, capture_output=True, text=True, env=e, cwd=ROOT)  # noqa: PLW1510
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    return json.loads([l for l in p.stdout.splitlines() if l.startswith("{")][-1])


def main():
    clips = os.path.join(WORK, f"clips-{CLIPS}x{int(SECONDS)}")
    warm = os.path.join(WORK, "clips-4x30")
    for d, n in ((clips, CLIPS), (warm, 4)):
        if not os.path.exists(os.path.join(d, "clips.tsv")):
            subprocess.run([PY, os.path.join(HERE, "gen.py"), d, str(n), str(SECONDS)], check=True)
    out = {p: os.path.join(WORK, "out-" + p) for p in ("numpy", "torchaudio", "cortexflow")}
    env = {"OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": THREADS, "MKL_NUM_THREADS": THREADS,
           "OPENBLAS_NUM_THREADS": THREADS}
    results = {p: [] for p in out}
    loads = []
    order = ["numpy", "torchaudio", "cortexflow"]
    for rep in range(REPS):
        for p in order[rep % 3:] + order[:rep % 3]:
            loads.append(loadavg())
            if p == "cortexflow":
                r = run_json(JAVA + [os.path.join(HERE, "SpectrogramBench.java"), clips, warm, out[p], THREADS])
            else:
                r = run_json([PY, os.path.join(HERE, "peers.py"), p, clips, out[p], THREADS], env)
            log(f"round {rep + 1}: {p:10s} {r['seconds']:.3f} s, {r['clips_per_s']:.1f} clips/s (load {loads[-1]:.1f})")
            results[p].append(r["clips_per_s"])
    # a cold run as a user types it
    t0 = time.monotonic()
    subprocess.run([os.path.join(ROOT, "cortexflow"), "exec", "audio.spectrogram", "--input", "audio=" + clips,
                    "--out", out["cortexflow"] + "-cold", "--cpus", THREADS, "--param", "n_fft=2048", "--param", "hop=512",
                    "--param", "n_mels=128"], check=True, capture_output=True,
                   env=dict(os.environ, JAVA_OPTS="-XX:TieredStopAtLevel=4"))
    cold = time.monotonic() - t0
    # the outputs agree: ours vs torchaudio, relative to each spectrogram's peak
    ours = np.load(os.path.join(out["cortexflow"], "spec.npy"), mmap_mode="r")
    theirs = np.load(os.path.join(out["torchaudio"], "spec.npy"), mmap_mode="r")
    worst = max(float(np.abs(ours[i] - theirs[i]).max() / theirs[i].max()) for i in range(0, len(ours), 10))
    eeg = eeg_bench()
    med = {p: statistics.median(v) for p, v in results.items()}
    best_peer = max(med["numpy"], med["torchaudio"])
    lines = [f"# Spectrogram benchmark, {datetime.date.today()}", "",
             f"{CLIPS} clips x {SECONDS:g} s at 22.05 kHz, mel n_fft 2048, hop 512, 128 mels (Slaney), power; "
             f"{THREADS} threads each; {REPS} rounds, median (min-max). Host: {platform.node()}, "
             f"{os.cpu_count()} CPUs, load average {min(loads):.1f}-{max(loads):.1f} during the runs.", "",
             "| implementation | clips/s median | min-max | ratio to the faster peer |", "|---|---|---|---|"]
    for p in order:
        v = results[p]
        lines.append(f"| {p} | {med[p]:.1f} | {min(v):.1f}-{max(v):.1f} | {med[p] / best_peer:.2f} |")
    lines += ["", f"cortexflow cold `./cortexflow exec` (JVM start, JIT, read, compute, write): {cold:.2f} s for "
              f"{CLIPS} clips = {CLIPS / cold:.1f} clips/s.",
              f"Largest difference from torchaudio's output (every 10th clip), relative to the clip's peak: {worst:.1e}.", ""]
    lines += eeg
    text = "\n".join(lines) + "\n"
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, f"spectrogram-{datetime.date.today():%Y%m%d}.md")
    with open(path, "w") as f:
        f.write(text)
    print(text)
    log(f"wrote {path}")


def eeg_bench():
    """eeg.epoch (sliding 3 s, 50 %; and the PredANN protocol) + eeg.normalize on 128 ch x 600 s at 125 Hz."""
    rec = os.path.join(WORK, "eeg-128x600")
    if not os.path.exists(os.path.join(rec, "meta.json")):
        os.makedirs(rec, exist_ok=True)
        rng = np.random.default_rng(1)
        data = (rng.standard_normal((128, 75000)) * 20e-6).astype(np.float32)
        np.save(os.path.join(rec, "data.npy"), data)
        with open(os.path.join(rec, "channels.tsv"), "w") as f:
            f.write("name\ttype\tunit\n" + "".join(f"E{i + 1}\tEEG\tV\n" for i in range(128)))
        with open(os.path.join(rec, "events.tsv"), "w") as f:
            f.write("onset_sample\tduration_samples\tvalue\tdescription\n125\t0\t21\tstimulus\n37500\t0\t22\tstimulus\n")
        with open(os.path.join(rec, "meta.json"), "w") as f:
            json.dump({"kind": "eeg", "sfreq": 125.0, "n_channels": 128, "n_samples": 75000, "duration_s": 600.0,
                       "unit": "V", "channel_names": [f"E{i + 1}" for i in range(128)]}, f)
    cf = [os.path.join(ROOT, "cortexflow"), "exec"]
    env = dict(os.environ, JAVA_OPTS="-XX:TieredStopAtLevel=4")
    rows = ["## eeg.epoch + eeg.normalize, 128 ch x 600 s at 125 Hz (cold `./cortexflow exec`, whole process)", "",
            "| step | wall s | epochs |", "|---|---|---|"]
    steps = [("eeg.epoch sliding 3 s, 50 %", ["eeg.epoch", "--input", "eeg=" + rec, "--param", "mode=sliding",
                                              "--param", "window=3s", "--param", "overlap=0.5"], "sliding"),
             ("eeg.epoch predann (2 stimuli x 240 s)", ["eeg.epoch", "--input", "eeg=" + rec, "--param", "mode=predann",
                                                        "--param", "events=[21, 22]", "--param", "duration=240s"], "predann")]
    for name, args, tag in steps:
        o = os.path.join(WORK, "ep-" + tag)
        subprocess.run(["rm", "-rf", o, o + "-norm"])
        t0 = time.monotonic()
        subprocess.run(cf + args + ["--out", o, "--cpus", THREADS], check=True, capture_output=True, env=env)
        t1 = time.monotonic()
        subprocess.run(cf + ["eeg.normalize", "--input", "epochs=" + o, "--out", o + "-norm", "--cpus", THREADS],
                       check=True, capture_output=True, env=env)
        t2 = time.monotonic()
        n = json.load(open(os.path.join(o, "meta.json")))["n_epochs"]
        rows.append(f"| {name} | {t1 - t0:.2f} | {n} |")
        rows.append(f"| eeg.normalize robust, clamp 20 (of the above) | {t2 - t1:.2f} | {n} |")
        log(f"{name}: epoch {t1 - t0:.2f} s, normalize {t2 - t1:.2f} s, {n} epochs")
    return rows


if __name__ == "__main__":
    main()
