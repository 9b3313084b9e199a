package org.cortexflow.dsl;

import groovy.lang.Closure;
import groovy.lang.Script;
import java.util.Map;

/**
 * The base class of every Groovy workflow script: its commands ({@code name}, {@code params},
 * {@code task}, {@code sweep}, {@code schedule}) and the {@code params} property go to the
 * {@link WorkflowBlock} of the current run; docs/dsl.md describes them. They are methods of the
 * script itself, not found through a delegate, so Groovy links each call site once: a delegating
 * script failed over from the script to its delegate on every call, which cost more than the
 * call.
 */
public abstract class WorkflowScript extends Script {

    private WorkflowBlock block;

    void use(WorkflowBlock block) {
        this.block = block;
    }

    public void name(Object workflowName) {
        block.name(workflowName);
    }

    public void params(Map<String, ?> declared) {
        block.params(declared);
    }

    public ParamView getParams() {
        return block.getParams();
    }

    public void task(Map<String, ?> options, Object id) {
        block.task(options, id);
    }

    public void task(Object id, Closure<?> body) {
        block.task(id, body);
    }

    public void task(Map<String, ?> options, Object id, Closure<?> body) {
        block.task(options, id, body);
    }

    public void sweep(Closure<?> body) {
        block.sweep(body);
    }

    public void sweep(Map<String, ?> values) {
        block.sweep(values);
    }

    public void schedule(Map<String, ?> when) {
        block.schedule(when);
    }
}
