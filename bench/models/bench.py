#!/usr/bin/python3
"""Training-step benchmark: cortexflow (ND4J, oneDNN) vs PyTorch 1.13 CPU, the same SampleCNN2D
(compact and paper), batch 64 x 128 x 375, same threads, alternating peers each round in one run.
Writes bench/results/models-YYYYMMDD.md and prints it. Knobs: THREADS=2 REPS=3 ITERS (per arch)."""
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
THREADS = os.environ.get("THREADS", "2")
REPS = int(os.environ.get("REPS", "3"))
H, W = 128, 375
# batch per architecture: paper at 64 fits (8.2 GB in cortexflow, 10.0 GB in PyTorch) but takes 35-65 s a step here
BATCH = {"compact": int(os.environ.get("BATCH_COMPACT", "64")), "paper": int(os.environ.get("BATCH_PAPER", "32"))}
ITERS = {"compact": (int(os.environ.get("ITERS_COMPACT", "8")), 2), "paper": (int(os.environ.get("ITERS_PAPER", "2")), 1)}
CP = os.path.join(ROOT, "cli", "target", "cortexflow.jar") + ":" + os.path.join(ROOT, "cli", "target", "lib", "*")
ENV = dict(os.environ, OMP_NUM_THREADS=THREADS, MKL_NUM_THREADS=THREADS, OPENBLAS_NUM_THREADS=THREADS)


def run(cmd, env, peak=False):
    """Runs one peer; with peak, under /usr/bin/time to add the process's peak RSS (MB)."""
    prefix = ["/usr/bin/time", "-f", "PEAK_KB %M"] if peak else []
    p = subprocess.run(prefix + cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stdout}\n{p.stderr[-3000:]}")
    r = json.loads([l for l in p.stdout.splitlines() if l.startswith("{")][-1])
    kb = [l.split()[1] for l in p.stderr.splitlines() if l.startswith("PEAK_KB")]
    r["peak_mb"] = int(kb[-1]) / 1024 if kb else float("nan")
    return r


def peer(name, arch, policy):
    env = dict(ENV)
    if policy:
        env["OMP_WAIT_POLICY"] = policy
    else:
        env.pop("OMP_WAIT_POLICY", None)
    iters, warm = ITERS[arch]
    args = [arch, str(BATCH[arch]), str(H), str(W), str(iters), str(warm), THREADS]
    if name == "cortexflow":
        # ND4J's off-heap arrays are capped at 4x the heap by default; the paper network needs more
        return run(["java", "-Xmx2g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=20G", "-Dorg.bytedeco.javacpp.maxBytes=18G",
                    "-cp", CP, os.path.join(HERE, "TrainStepBench.java")] + args, env, peak=True)
    return run([sys.executable, os.path.join(HERE, "torch_step.py")] + args, env, peak=True)


def main():
    rows = []
    for arch in ("compact", "paper"):
        res = {"cortexflow": [], "pytorch": []}
        loads = []
        for rep in range(REPS):
            order = ["cortexflow", "pytorch"] if rep % 2 == 0 else ["pytorch", "cortexflow"]
            for p in order:
                loads.append(os.getloadavg()[0])
                r = peer(p, arch, "PASSIVE")
                res[p].append(r)
                print(f"[{time.strftime('%H:%M:%S')}] {arch} {p}: {r['median_ms']} ms/iter (cpu {r['cpu_ms']} ms), load {loads[-1]:.1f}",
                      file=sys.stderr, flush=True)
        cf = statistics.median(r["median_ms"] for r in res["cortexflow"])
        pt = statistics.median(r["median_ms"] for r in res["pytorch"])
        cfc = statistics.median(r["cpu_ms"] for r in res["cortexflow"])
        ptc = statistics.median(r["cpu_ms"] for r in res["pytorch"])
        cfm = max(r["peak_mb"] for r in res["cortexflow"])
        ptm = max(r["peak_mb"] for r in res["pytorch"])
        rows.append((arch, BATCH[arch], res["cortexflow"][0]["params"], cf, pt, cf / pt, cfc, ptc, cfc / ptc, cfm, ptm,
                     min(loads), max(loads)))
    stamp = datetime.date.today().strftime("%Y%m%d")
    lines = [f"# Models: one training step, cortexflow vs PyTorch ({stamp})", "",
             f"Input {H} x {W} (batch per row), SampleCNN2D (classifier and representation heads), CE + 0.05 InfoNCE, Adam;"
             f" {THREADS} threads, OMP_WAIT_POLICY=PASSIVE for both; median over {REPS} alternating rounds.", "",
             "| arch | batch | parameters | cortexflow ms/iter | PyTorch ms/iter | ratio | cortexflow CPU-ms/iter | PyTorch CPU-ms/iter | CPU ratio | cortexflow peak MB | PyTorch peak MB | load (1-min) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for a, b, n, cf, pt, r, cfc, ptc, rc, cfm, ptm, lo, hi in rows:
        lines.append(f"| {a} | {b} | {n:,} | {cf:.0f} | {pt:.0f} | {r:.2f} | {cfc:.0f} | {ptc:.0f} | {rc:.2f} | {cfm:,.0f} | {ptm:,.0f} | {lo:.1f}-{hi:.1f} |")
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", f"models-{stamp}.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
