#!/usr/bin/env python3
"""Side-by-side engine benchmark: cortexflow vs Snakemake (and Nextflow when set up).

Called by bench/engine/run.sh; see bench/README.md for what each row measures.
Benchmark tooling only: the product itself never needs Python.

Every command is timed as a whole process (JVM or Python start included): wall clock from a
monotonic clock around the child, CPU seconds and peak RSS from the kernel's accounting of the
reaped child (wait4 rusage; peak RSS is that of the largest single process, as GNU time -v reports
"Maximum resident set size"). Repeated measurements report the median and the min-max spread.
"""
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# WORK_DIR puts the workloads and their stores on another file system (e.g. /dev/shm/cf-bench)
WORK = os.environ.get("WORK_DIR") or os.path.join(ROOT, "bench", "work", "engine")
RESULTS = os.path.join(ROOT, "bench", "results")
GEN = os.path.join(ROOT, "bench", "engine", "gen.py")
CORTEXFLOW = os.path.join(ROOT, "cortexflow")
NEXTFLOW = os.path.join(ROOT, "bench", "work", "nextflow", "nextflow")


def env_list(name, default):
    return [int(x) for x in os.environ.get(name, default).split()]


SIZES = env_list("SIZES", "1000 5000")               # shell workload, fresh + cached, all peers
CACHED_BIG = int(os.environ.get("CACHED_BIG", "10000"))  # cached rerun size
INPROC = env_list("INPROC", "1000 10000")            # text.write workload sizes
SNAKE_INPROC = env_list("SNAKE_INPROC", "1000")      # Snakemake run: block sizes
PLAN_SIZES = env_list("PLAN_SIZES", "10000 20000 100000")  # validate/dag vs snakemake -n
SNAKE_PLAN_MAX = int(os.environ.get("SNAKE_PLAN_MAX", "100000"))  # largest snakemake -n
NEXTFLOW_SIZES = env_list("NEXTFLOW_SIZES", "1000")
REPS = int(os.environ.get("REPS", "3"))              # repetitions of the fast measurements
CPUS = os.environ.get("CPUS", "2")

rows = []      # table rows: dict(bench, jobs, engine, wall[], cpu[], rss[], ok)
raw = []       # every single measurement


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def measure(cmd, cwd, logfile, env=None):
    """Runs cmd once; returns (wall_s, cpu_s, peak_rss_kb, exit_code)."""
    e = dict(os.environ)
    if env:
        e.update(env)
    with open(logfile, "ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=e)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode


def bench(name, jobs, engine, cmd, cwd, reps=1, before=None, env=None):
    """Measures cmd reps times (before() runs untimed ahead of each rep); records a row."""
    walls, cpus, rsss, ok = [], [], [], True
    logfile = os.path.join(WORK, "logs", f"{name.replace(' ', '_')}-{jobs}-{engine}.log")
    for r in range(reps):
        if before:
            before()
        wall, cpu, rss, rc = measure(cmd, cwd, logfile, env)
        raw.append(dict(bench=name, jobs=jobs, engine=engine, rep=r + 1, wall_s=round(wall, 3),
                        cpu_s=round(cpu, 3), peak_rss_mb=round(rss / 1024, 1), exit=rc))
        log(f"{name} n={jobs} {engine} rep {r + 1}/{reps}: {wall:.2f} s, {rss / 1024:.0f} MB, exit {rc}")
        walls.append(wall), cpus.append(cpu), rsss.append(rss)
        if rc != 0:
            ok = False
            log(f"  FAILED (exit {rc}); last lines of {logfile}:")
            with open(logfile, errors="replace") as f:
                for line in f.readlines()[-15:]:
                    log("  | " + line.rstrip())
            break
    row = dict(bench=name, jobs=jobs, engine=engine, wall=walls, cpu=cpus, rss=rsss, ok=ok, log=logfile)
    rows.append(row)
    return row


def rm(*paths):
    for p in paths:
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)


def generate(shape, jobs):
    d = os.path.join(WORK, f"{shape}-{jobs}")
    if not os.path.exists(os.path.join(d, "jobs.txt")):
        subprocess.run([sys.executable, GEN, shape, "--jobs", str(jobs), "--out", d], check=True)
    with open(os.path.join(d, "nextflow.config"), "w") as f:
        f.write(f"executor {{ name = 'local'; cpus = {CPUS} }}\n")
    return d, int(open(os.path.join(d, "jobs.txt")).read())


def cf(*args):
    return [CORTEXFLOW, *args]


def cf_run(d):
    return cf("run", os.path.join(d, "workflow.yaml"), "--store", os.path.join(d, "store"), "--cpus", CPUS)


def snake(d, *extra):
    return ["snakemake", "--cores", CPUS, "-s", "Snakefile", *extra]


def final_output_matches(d):
    """cortexflow's `final` artifact (its key from the last run's trace) equals Snakemake's final.txt."""
    runs = sorted(os.listdir(os.path.join(d, "store", "runs")))
    with open(os.path.join(d, "store", "runs", runs[0], "trace.jsonl")) as f:
        key = next(json.loads(l)["key"] for l in f if '"task":"final"' in l.replace(" ", ""))
    mine = os.path.join(d, "store", "objects", key[:2], key, "out.txt")
    theirs = os.path.join(d, "out", "final.txt")
    return open(mine, "rb").read() == open(theirs, "rb").read()


# ------------------------------------------------------------------ benchmarks ----

def startup():
    d = WORK
    # --version starts the JVM and the CLI and does nothing else (--help also reads every command's options)
    bench("jvm start (--version)", 0, "cortexflow", cf("--version"), d, reps=max(REPS, 5))
    bench("python start (--version)", 0, "snakemake", ["snakemake", "--version"], d, reps=max(REPS, 5))


def shell_fresh_and_cached(n):
    d, jobs = generate("shell", n)
    store = os.path.join(d, "store")
    bench("shell fresh", jobs, "cortexflow", cf_run(d), ROOT, reps=REPS, before=lambda: rm(store))
    bench("shell cached", jobs, "cortexflow", cf_run(d), ROOT, reps=max(REPS, 5))
    bench("shell fresh", jobs, "snakemake", snake(d), d, reps=1,
          before=lambda: rm(os.path.join(d, "out"), os.path.join(d, ".snakemake")))
    bench("shell cached", jobs, "snakemake", snake(d), d, reps=REPS)
    try:
        same = final_output_matches(d)
    except (OSError, StopIteration) as e:
        same = f"could not compare: {e}"
    raw.append(dict(bench="check: final output identical", jobs=jobs, engine="both", result=same))
    log(f"final output identical (cortexflow vs snakemake, n={jobs}): {same}")
    if n in NEXTFLOW_SIZES and os.access(NEXTFLOW, os.X_OK):
        nf = [NEXTFLOW, "run", "main.nf"]
        bench("shell fresh", jobs, "nextflow", nf, d, reps=1,
              before=lambda: rm(os.path.join(d, "work"), os.path.join(d, ".nextflow")))
        bench("shell cached", jobs, "nextflow", nf + ["-resume"], d, reps=1)


def cached_big(n):
    d, jobs = generate("shell", n)
    store = os.path.join(d, "store")
    bench("shell fresh", jobs, "cortexflow", cf_run(d), ROOT, reps=1, before=lambda: rm(store))
    bench("shell cached", jobs, "cortexflow", cf_run(d), ROOT, reps=max(REPS, 5))
    # Snakemake fresh at this size takes longer than the whole benchmark's budget: its outputs
    # are written directly (same bytes, DAG order) and the no-op rerun skips the metadata
    # triggers it has no records for, so the figure is a lower bound for Snakemake.
    rm(os.path.join(d, "out"), os.path.join(d, ".snakemake"))
    subprocess.run([sys.executable, GEN, "prefill", "--out", d], check=True)
    bench("shell cached (prefilled, mtime only)", jobs, "snakemake",
          snake(d, "--rerun-triggers", "mtime"), d, reps=REPS)


def inproc(n):
    d, jobs = generate("inproc", n)
    store = os.path.join(d, "store")
    bench("in-process fresh", jobs, "cortexflow", cf_run(d), ROOT, reps=REPS, before=lambda: rm(store))
    bench("in-process cached", jobs, "cortexflow", cf_run(d), ROOT, reps=REPS)
    if n in SNAKE_INPROC:
        bench("in-process fresh", jobs, "snakemake", snake(d), d, reps=1,
              before=lambda: rm(os.path.join(d, "out"), os.path.join(d, ".snakemake")))


def plan(n):
    d, jobs = generate("shell", n)
    wf = os.path.join(d, "workflow.yaml")
    bench("plan: validate", jobs, "cortexflow", cf("validate", wf), ROOT, reps=REPS)
    bench("plan: validate (JSON)", jobs, "cortexflow", cf("validate", os.path.join(d, "workflow.json")), ROOT, reps=REPS)
    bench("plan: validate (Groovy loops)", jobs, "cortexflow", cf("validate", os.path.join(d, "workflow.groovy")),
          ROOT, reps=REPS)
    bench("plan: dag --format dot", jobs, "cortexflow",
          ["sh", "-c", f'exec "{CORTEXFLOW}" dag "{wf}" --format dot > /dev/null'], ROOT, reps=REPS)
    bench("plan: dag --format dot (JSON)", jobs, "cortexflow",
          ["sh", "-c", f'exec "{CORTEXFLOW}" dag "{os.path.join(d, "workflow.json")}" --format dot > /dev/null'],
          ROOT, reps=REPS)
    # the same size written as a sweep, as researchers write large workflows by hand
    ds, sweep_jobs = generate("sweep", n)
    bench("plan: validate --sweep (YAML sweep)", sweep_jobs, "cortexflow",
          cf("validate", os.path.join(ds, "workflow.yaml"), "--sweep"), ROOT, reps=REPS)
    bench("plan: validate --sweep (Groovy sweep)", sweep_jobs, "cortexflow",
          cf("validate", os.path.join(ds, "workflow.groovy"), "--sweep"), ROOT, reps=REPS)
    if n == max(PLAN_SIZES):
        # The goal is a heap under 1 GB: the same validation with the heap capped at 1 GB.
        bench("plan: validate (JSON), heap capped -Xmx1g", jobs, "cortexflow",
              cf("validate", os.path.join(d, "workflow.json")), ROOT, reps=1,
              env={"JAVA_OPTS": (os.environ.get("JAVA_OPTS", "") + " -Xmx1g").strip()})
    if n <= SNAKE_PLAN_MAX:
        bench("plan: snakemake -n", jobs, "snakemake", snake(d, "-n", "--quiet"), d, reps=1,
              before=lambda: rm(os.path.join(d, "out"), os.path.join(d, ".snakemake")))


# --------------------------------------------------------------------- report -----

def med(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt_s(xs):
    if not xs:
        return "-"
    if len(xs) == 1:
        return f"{xs[0]:.2f}"
    return f"{med(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"


def per_job(row):
    return med(row["wall"]) * 1000 / row["jobs"] if row["jobs"] else float("nan")


def report(started, finished):
    by = {(r["bench"], r["jobs"], r["engine"]): r for r in rows}
    start_cf = by.get(("jvm start (--version)", 0, "cortexflow"))
    start_s = med(start_cf["wall"]) if start_cf else 0.0
    lines = []
    w = lines.append
    w(f"# Engine benchmark, {started:%Y-%m-%d %H:%M} UTC")
    w("")
    w("Generated by `bash bench/engine/run.sh` (see bench/README.md). Wall seconds are medians over the")
    w("repetitions, with (min-max); a single figure is one run. Whole-process times: JVM / Python start")
    w("included. `ms/job` = median wall / jobs. `after start` subtracts cortexflow's median JVM start")
    w(f"(`cortexflow --version`, {start_s:.2f} s). Ratio = Snakemake (or Nextflow) wall / cortexflow wall:")
    w("above 1 means cortexflow is faster.")
    w("")
    w("## Machine and versions")
    w("")
    w(f"- host: {platform.node()}, {os.cpu_count()} cores, {meminfo()}, {platform.platform()}")
    w(f"- load average at start / end: {LOAD0} / {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    w(f"- cortexflow: {version(cf('--version'))}; {version(['java', '-version'])}")
    w(f"- Snakemake: {version(['snakemake', '--version'])}; Python {version(['/usr/bin/python3', '--version'])}")
    w(f"- Nextflow: {version([NEXTFLOW, '-version']) if os.access(NEXTFLOW, os.X_OK) else 'not set up (bench/engine/setup-nextflow.sh)'}")
    w(f"- file system under the workloads ({WORK}): {' / '.join(f'{ms:.3f}' for ms in FS_PROBES)} ms per "
      "mkdir + small file written + rename, at start / end (2,000 rounds; the least file work of a fresh task)")
    w(f"- parallelism: {CPUS} slots for every engine (`--cpus {CPUS}`, `--cores {CPUS}`, Nextflow executor.cpus = {CPUS})")
    w(f"- total benchmark time: {(finished - started).total_seconds():.0f} s")
    w("")
    w("## Side by side")
    w("")
    w("| benchmark | jobs | cortexflow s | ms/job | ms/job after start | Snakemake s | ms/job | Snakemake/cortexflow | Nextflow s | Nextflow/cortexflow |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    seen = []
    for r in rows:
        k = (r["bench"].replace(" (prefilled, mtime only)", ""), r["jobs"])
        if k not in seen and r["jobs"] and not r["bench"].startswith("plan"):
            seen.append(k)
    for name, jobs in seen:
        c = by.get((name, jobs, "cortexflow"))
        s = by.get((name, jobs, "snakemake")) or by.get((name + " (prefilled, mtime only)", jobs, "snakemake"))
        n = by.get((name, jobs, "nextflow"))
        cells = [name + (" ¹" if s and "prefilled" in s["bench"] else ""), str(jobs)]
        if c:
            after = (med(c["wall"]) - start_s) * 1000 / jobs
            cells += [fmt_s(c["wall"]) + ("" if c["ok"] else " FAILED"), f"{per_job(c):.2f}", f"{after:.2f}"]
        else:
            cells += ["-", "-", "-"]
        if s:
            cells += [fmt_s(s["wall"]) + ("" if s["ok"] else " FAILED"), f"{per_job(s):.2f}"]
            cells += [f"{med(s['wall']) / med(c['wall']):.1f}x" if c else "-"]
        else:
            cells += ["-", "-", "-"]
        if n:
            cells += [fmt_s(n["wall"]) + ("" if n["ok"] else " FAILED"),
                      f"{med(n['wall']) / med(c['wall']):.1f}x" if c else "-"]
        else:
            cells += ["-", "-"]
        w("| " + " | ".join(cells) + " |")
    w("")
    w("¹ Snakemake's outputs written directly (a fresh Snakemake run of this size exceeds the benchmark's")
    w("time budget) and `--rerun-triggers mtime`: a lower bound for Snakemake's no-op rerun.")
    w("")
    w("## Planning a large workflow")
    w("")
    w("| benchmark | jobs | wall s | peak RSS MB | Snakemake `-n` s | Snakemake peak RSS MB | Snakemake/cortexflow |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if r["bench"].startswith("plan") and r["engine"] == "cortexflow":
            s = by.get(("plan: snakemake -n", r["jobs"], "snakemake"))
            cells = [r["bench"][6:], str(r["jobs"]), fmt_s(r["wall"]) + ("" if r["ok"] else " FAILED"),
                     f"{max(r['rss']) / 1024:.0f}"]
            if s:
                cells += [fmt_s(s["wall"]) + ("" if s["ok"] else " FAILED"), f"{max(s['rss']) / 1024:.0f}",
                          f"{med(s['wall']) / med(r['wall']):.0f}x"]
            else:
                cells += ["not run", "-", "-"]
            w("| " + " | ".join(cells) + " |")
    w("")
    w("## Peak memory (largest single process, MB)")
    w("")
    w("| benchmark | jobs | engine | peak RSS MB (max over runs) | CPU s (median) |")
    w("|---|---:|---|---:|---:|")
    for r in rows:
        w(f"| {r['bench']} | {r['jobs']} | {r['engine']} | {max(r['rss']) / 1024:.0f} | {med(r['cpu']):.2f} |")
    w("")
    w("## Raw measurements")
    w("")
    w("```")
    for m in raw:
        w(json.dumps(m))
    w("```")
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, f"engine-{started:%Y%m%d-%H%M}.md")  # one file per run: several runs a day
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    log(f"results written to {os.path.relpath(path, ROOT)}")


def version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        return " ".join((p.stdout + p.stderr).split())[:120] or "?"
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"? ({e})"


def meminfo():
    try:
        kb = int(open("/proc/meminfo").readline().split()[1])
        return f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        return "RAM ?"


LOAD0 = " ".join(f"{x:.2f}" for x in os.getloadavg())
FS_PROBES = []


def fs_probe(rounds=2000):
    """The file system's cost of what every fresh task does at the least: a directory made, a small
    file written in it, the directory renamed. In-process figures are read against it."""
    base = os.path.join(WORK, "fs-probe")
    rm(base)
    os.makedirs(base)
    t0 = time.monotonic()
    for i in range(rounds):
        d = os.path.join(base, f"s{i}")
        os.mkdir(d)
        with open(os.path.join(d, "out.txt"), "w") as f:
            f.write(f"t{i}")
        os.rename(d, os.path.join(base, f"o{i}"))
    ms = (time.monotonic() - t0) * 1000 / rounds
    rm(base)
    FS_PROBES.append(ms)
    log(f"file system probe: {ms:.3f} ms per mkdir + small write + rename")


def main():
    started = datetime.datetime.utcnow()
    os.makedirs(os.path.join(WORK, "logs"), exist_ok=True)
    rm(*[os.path.join(WORK, "logs", f) for f in os.listdir(os.path.join(WORK, "logs"))])
    only = os.environ.get("ONLY", "startup shell cached inproc plan").split()
    fs_probe()
    if "startup" in only:
        startup()
    if "shell" in only:
        for n in SIZES:
            shell_fresh_and_cached(n)
    if "cached" in only and CACHED_BIG:
        cached_big(CACHED_BIG)
    if "inproc" in only:
        for n in INPROC:
            inproc(n)
    if "plan" in only:
        for n in PLAN_SIZES:
            plan(n)
    fs_probe()
    report(started, datetime.datetime.utcnow())


if __name__ == "__main__":
    main()
