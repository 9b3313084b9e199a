package org.cortexflow.engine.model;

/** A declared input or output of a task type. */
public record PortSpec(String name, ArtifactKind kind, boolean optional, String doc) {

    public static PortSpec of(String name, ArtifactKind kind, String doc) {
        return new PortSpec(name, kind, false, doc);
    }

    public static PortSpec optional(String name, ArtifactKind kind, String doc) {
        return new PortSpec(name, kind, true, doc);
    }
}
