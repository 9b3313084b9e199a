package org.cortexflow.dsl;

import groovy.util.DelegatingScript;

/**
 * The base class of every Groovy workflow script. Commands the script does not define itself
 * ({@code name}, {@code params}, {@code task}, {@code sweep}, {@code schedule}) and the
 * {@code params} property go to a {@link WorkflowBlock}; docs/dsl.md describes them.
 */
public abstract class WorkflowScript extends DelegatingScript {
}
