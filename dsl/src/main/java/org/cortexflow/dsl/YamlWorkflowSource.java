package org.cortexflow.dsl;

import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.model.Value;

/** A YAML (or JSON) workflow: one document, whatever the params. */
final class YamlWorkflowSource implements WorkflowSource {

    private final String text;
    private final String file;
    private final boolean json;
    private Optional<SourceNode> document;

    YamlWorkflowSource(String text, String file, boolean json) {
        this.text = text;
        this.file = file;
        this.json = json;
    }

    @Override
    public Optional<SourceNode> document(Map<String, Value> forced, Problems problems) {
        if (document == null) {
            document = YamlTreeReader.read(text, file, json, problems);
            if (document.isEmpty() && problems.isEmpty()) {
                problems.add(org.cortexflow.engine.model.Location.of(file), "", "the file is empty",
                        "a workflow needs at least 'tasks:'");
            }
        }
        return document;
    }

    @Override
    public boolean dependsOnParams() {
        return false;
    }
}
