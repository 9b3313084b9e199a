#!/usr/bin/python3
"""Driver of the signal benchmark (see run.sh): same input, same run, cortexflow against MNE and scipy.

Each variant runs as child processes; wall time, CPU time (user + sys) and peak RSS come from
os.wait4. ours-fir and ours-iir run the steps as separate `./cortexflow exec` calls (a JVM each,
reading and writing float32 eeg artifacts); ours-fir-run and ours-iir-run run them as one workflow
(bench/signal/pipeline.yaml: one JVM, every artifact hashed into a fresh store, as a user runs it).
The peers load data.npy once, convert to float64, run the steps in memory and save the result. Outputs are compared: ours (FIR path) with MNE, ours (IIR path) with scipy.
"""
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
WORK = os.path.join(ROOT, 'bench', 'work', 'signal')
IN = os.path.join(WORK, 'input')
ROUNDS = int(os.environ.get('ROUNDS', '1'))
VARIANTS = os.environ.get('VARIANTS', 'mne scipy ours-fir ours-iir ours-fir-run ours-iir-run').split()
JAVA_OPTS_C2 = os.environ.get('C2', '0') == '1'
# 3-s epochs with 50 % overlap (signal-b's eeg.epoch, sliding windows of 375 samples every 188)
EPOCHS = ('epochs', 'eeg.epoch', {'mode': 'sliding', 'window': '3s', 'overlap': 0.5})


def run(cmd, env=None):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out = p.stdout.read().decode()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit('bench: %s failed:\n%s' % (' '.join(cmd), out[-3000:]))
    return {'wall': wall, 'cpu': ru.ru_utime + ru.ru_stime, 'rss_mib': ru.ru_maxrss / 1024.0, 'out': out}


def ours(steps, tag, env):
    total = {'wall': 0.0, 'cpu': 0.0, 'rss_mib': 0.0, 'steps': {}}
    prev = IN
    for name, task, params in steps:
        out = os.path.join(WORK, '%s-%s' % (tag, name))
        shutil.rmtree(out, ignore_errors=True)
        cmd = ['./cortexflow', 'exec', task, '--input', 'eeg=' + prev, '--out', out]
        for k, v in params.items():
            cmd += ['--param', '%s=%s' % (k, v)]
        r = run(cmd, env)
        in_task = [l for l in r['out'].splitlines() if l.startswith('done:')]
        total['steps'][name] = {'wall': r['wall'], 'cpu': r['cpu'], 'rss_mib': r['rss_mib'],
                                'in_task_s': float(in_task[-1].split(' in ')[1].split(' s')[0]) if in_task else None}
        total['wall'] += r['wall']
        total['cpu'] += r['cpu']
        total['rss_mib'] = max(total['rss_mib'], r['rss_mib'])
        if name == 'resample':
            total['result'] = os.path.join(out, 'data.npy')  # kept for the comparison
        if prev != IN and not prev.endswith('-resample'):
            shutil.rmtree(prev, ignore_errors=True)
        prev = out
    return total


def ours_run(method, resample, env):
    """The pipeline as one `cortexflow run` into a fresh store; the result is read from the store."""
    store = os.path.join(WORK, 'store-' + method)
    shutil.rmtree(store, ignore_errors=True)
    r = run(['./cortexflow', 'run', 'bench/signal/pipeline.yaml', '--store', store, '--param', 'input=' + IN,
             '--param', 'method=' + method, '--param', 'resample=' + resample], env)
    steps = {}
    for line in r['out'].splitlines():
        m = re.match(r'\s*done\s+(\S+) \(([\d.]+) (ms|s)\)', line)
        if m:
            steps[m.group(1)] = {'wall': float(m.group(2)) / (1000 if m.group(3) == 'ms' else 1)}
    r['steps'] = steps
    # the resampled artifact, through the run's trace (task -> key -> objects/<ab>/<key>)
    record = re.search(r'^record: (\S+)', r['out'], re.M).group(1)
    with open(os.path.join(record, 'trace.jsonl')) as f:
        key = next(t['key'] for t in map(json.loads, f) if t['task'] == 'resampled')
    r['result'] = os.path.join(store, 'objects', key[:2], key, 'data.npy')
    return r


def compare(a, b):
    x = np.load(a, mmap_mode='r')
    y = np.load(b, mmap_mode='r')
    if x.shape != y.shape:
        return 'shapes differ: %s vs %s' % (x.shape, y.shape)
    err = 0.0
    ss = 0.0
    for c in range(x.shape[0]):
        d = np.asarray(x[c], np.float64) - np.asarray(y[c], np.float64)
        err = max(err, float(np.abs(d).max()))
        ss += float(np.sum(np.asarray(y[c], np.float64) ** 2))
    rms = (ss / y.size) ** 0.5
    return '%.2e' % (err / rms)


def main():
    if not os.path.exists(os.path.join(IN, 'data.npy')):
        subprocess.check_call(['/usr/bin/python3', 'bench/signal/gen.py', IN], cwd=ROOT)
    n_ch, n = np.load(os.path.join(IN, 'data.npy'), mmap_mode='r').shape
    samples = n_ch * n
    input_mib = samples * 8 / 2 ** 20
    env = dict(os.environ)
    if JAVA_OPTS_C2:
        env['JAVA_OPTS'] = (env.get('JAVA_OPTS', '') + ' -XX:TieredStopAtLevel=4').strip()
    subprocess.check_call(['./cortexflow', '--help'], cwd=ROOT, stdout=subprocess.DEVNULL, env=env)  # build, untimed
    load_before = os.getloadavg()
    results = {}
    for rnd in range(ROUNDS):
        for v in VARIANTS:
            if v in ('mne', 'scipy'):
                dst = os.path.join(WORK, 'peer-%s.npy' % v)
                r = run(['/usr/bin/python3', 'bench/signal/peers.py', v, IN, dst])
                r['detail'] = json.loads(r['out'].strip().splitlines()[-1])
                r['result'] = dst
            elif v == 'ours-fir':
                r = ours([('filter', 'eeg.filter', {'highpass': 0.5, 'lowpass': 40}),
                          ('notch', 'eeg.notch', {'freqs': '[50]'}),
                          ('resample', 'eeg.resample', {'sfreq': 125}), EPOCHS], 'fir', env)
            elif v == 'ours-iir':
                r = ours([('filter', 'eeg.filter', {'method': 'iir', 'order': 4, 'highpass': 0.5, 'lowpass': 40}),
                          ('notch', 'eeg.notch', {'method': 'iir', 'freqs': '[50]', 'quality': 30}),
                          ('resample', 'eeg.resample', {'method': 'polyphase', 'sfreq': 125}), EPOCHS], 'iir', env)
            elif v == 'ours-fir-run':
                r = ours_run('fir', 'fft', env)
            elif v == 'ours-iir-run':
                r = ours_run('iir', 'polyphase', env)
            else:
                sys.exit('unknown variant ' + v)
            best = results.get(v)
            if best is None or r['wall'] < best['wall']:
                results[v] = r
            print('round %d %-9s wall %6.2f s  cpu %6.2f s  peak RSS %6.0f MiB' % (rnd + 1, v, r['wall'], r['cpu'], r['rss_mib']),
                  flush=True)
    load_after = os.getloadavg()
    lines = []
    day = datetime.date.today().strftime('%Y%m%d')
    lines.append('# Signal benchmark, %s' % day)
    lines.append('')
    lines.append('Input: %d channels x %d samples at 1000 Hz (%.0f MiB as float64; data.npy float32). '
                 'Pipeline: band-pass 0.5-40 Hz, notch 50 Hz, resample to 125 Hz, 3-s epochs with 50 %% overlap.' % (n_ch, n, input_mib))
    lines.append('Machine: %s, %d cores, %s; load average %.1f before, %.1f after (other jobs share the CPU). '
                 'Best of %d round(s). JVM: %s.' % (platform.processor() or platform.machine(), os.cpu_count(),
                                                 platform.platform(), load_before[0], load_after[0], ROUNDS,
                                                 'full JIT (JAVA_OPTS=-XX:TieredStopAtLevel=4)' if JAVA_OPTS_C2
                                                 else 'the launcher\'s choice (C2 for data tasks)'))
    lines.append('')
    lines.append('| variant | wall s | CPU s | peak RSS MiB | RSS / input | M input samples/s | vs MNE (wall) |')
    lines.append('|---|---:|---:|---:|---:|---:|---:|')
    mne_wall = results['mne']['wall'] if 'mne' in results else None
    for v, r in results.items():
        lines.append('| %s | %.2f | %.2f | %.0f | %.2f | %.1f | %s |' % (
            v, r['wall'], r['cpu'], r['rss_mib'], r['rss_mib'] / input_mib, samples / r['wall'] / 1e6,
            '%.2fx' % (mne_wall / r['wall']) if mne_wall else 'n/a'))
    lines.append('')
    lines.append('Steps (wall s; ours: the exec call as wall / CPU s, and in brackets the task\'s own time without JVM '
                 'start-up; the -run variants: each task\'s time in the run, hashing its output included):')
    lines.append('')
    for v, r in results.items():
        if v.endswith('-run'):
            lines.append('- %s: ' % v + ', '.join('%s %.2f' % (k, s['wall']) for k, s in r['steps'].items()))
        elif 'steps' in r:
            lines.append('- %s: ' % v + ', '.join('%s %.2f / %.2f (%.2f)' % (k, s['wall'], s['cpu'], s['in_task_s'] or float('nan'))
                                                   for k, s in r['steps'].items()))
        else:
            d = r['detail']
            lines.append('- %s: load %.2f, ' % (v, d['load_s']) + ', '.join('%s %.2f' % kv for kv in d['steps'].items())
                         + ', save %.2f' % d['save_s'])
    lines.append('')
    for v, peer in (('ours-fir-run', 'mne'), ('ours-iir-run', 'scipy')):
        if v in results and peer in results and results[v]['result']:
            lines.append('- %s vs %s: max |difference| / RMS = %s' % (v, peer, compare(results[v]['result'], results[peer]['result'])))
    if 'ours-fir' in results and 'mne' in results:
        lines.append('- ours (FIR path) vs MNE: max |difference| / RMS = %s' % compare(results['ours-fir']['result'],
                                                                                  results['mne']['result']))
    if 'ours-iir' in results and 'scipy' in results:
        lines.append('- ours (IIR path) vs scipy: max |difference| / RMS = %s' % compare(results['ours-iir']['result'],
                                                                                    results['scipy']['result']))
    text = '\n'.join(lines) + '\n'
    os.makedirs(os.path.join(ROOT, 'bench', 'results'), exist_ok=True)
    with open(os.path.join(ROOT, 'bench', 'results', 'signal-%s%s.md' % (day, '-c2' if JAVA_OPTS_C2 else '')), 'w') as f:
        f.write(text)
    print(text)


if __name__ == '__main__':
    main()
