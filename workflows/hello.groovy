// The smallest real workflow, in Groovy: the twin of hello.yaml (it loads to the same workflow).
//   ./cortexflow run workflows/hello.groovy
//   ./cortexflow run workflows/hello.groovy --param who=EEG
// In single-quoted strings cortexflow replaces ${param} and the shell task ${in.NAME}; in
// double-quoted strings Groovy replaces ${...} itself, so read params there as params.NAME.
name 'hello'
params who: 'world', shout: false

task('greet', uses: 'shell') {
    with command: "echo 'hello ${params.who}' > greeting.txt", outputs: ['greeting.txt']
}

task('motto', uses: 'text.write') {
    with text: 'brains listen to music', file: 'motto.txt'
}

// Upper-cases the greeting when shout is true; the output is identical to before for
// other who values only if the text is, which is what early cutoff keys on.
task('loud', uses: 'shell') {
    input greeting: 'greet'
    with command: 'if ${shout}; then tr a-z A-Z < ${in.greeting}/greeting.txt; else cat ${in.greeting}/greeting.txt; fi > loud.txt',
         outputs: ['loud.txt']
}

task('combined', uses: 'shell') {
    input loud: 'loud', motto: 'motto'
    with command: 'cat ${in.loud}/loud.txt ${in.motto}/motto.txt > combined.txt', outputs: ['combined.txt']
}

task('stats', uses: 'text.stats') {
    input text: 'combined'
    resources cpus: 1
}
