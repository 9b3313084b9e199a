// Twin of study.yaml: every construct of the DSL once.
name 'study'
params data: 'data/nmedt', lambda: 0.05, seed: 42, window: '3s', mem: '8G', layers: [64, 32]

task('eeg', uses: 'eeg.read') {
    with path: "${params.data}/eeg"
}

task('windows', uses: 'eeg.epoch') {
    input eeg: 'eeg'
    with window: '${window}', chunk: '30s', delay: '200ms'
}

task('student', uses: 'student.train') {
    input windows: 'windows', meta: 'eeg.meta'
    with lambda: '${lambda}', seed: '${seed}', layers: '${layers}'
    with opts: [lr: 0.001, nesterov: true, tag: "s${params.seed}"]
    resources gpu: 'optional', cpus: 2, memory: '${mem}'
    retry 2; on_error 'ignore'; timeout '10m'
}

task('report', uses: 'shell') {
    input model: 'student'
    with command: 'echo ${in.model} costs $${HOME} > r.txt', outputs: ['r.txt']
}

sweep {
    matrix lambda: [0, 0.05], seed: [0, 1]
}
schedule cron: '0 0 3 * * ?'
