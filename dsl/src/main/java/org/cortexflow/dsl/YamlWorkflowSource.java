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
            document = checked(YamlTreeReader.read(text, file, json, problems, null), problems);
        }
        return document;
    }

    /**
     * Reads the tasks while the text is parsed ({@link TaskStream}); the document keeps only their
     * ids. YAML in the plain subset most workflows are written in is read by {@link SimpleYaml};
     * other YAML by SnakeYAML, a large file's tasks map in two parts at once where it can be ({@link TaskMapSplit}).
     */
    @Override
    public WorkflowDraft draft(String defaultName, ParamOverrides overrides, Problems problems) {
        if (!json) {
            TaskStream stream = new TaskStream();
            Problems found = new Problems();
            Optional<Optional<SourceNode>> simple = YamlTreeReader.readSimple(text, file, found, stream);
            if (simple.isPresent()) {
                problems.addAll(found);
                return draft(checked(simple.get(), problems), stream, defaultName, overrides, problems);
            }
        }
        Optional<TaskMapSplit> cut = json ? Optional.empty() : TaskMapSplit.find(text);
        if (cut.isPresent()) {
            TaskStream stream = new TaskStream();
            Problems found = new Problems();
            Optional<Optional<SourceNode>> read = YamlTreeReader.readCut(text, cut.get(), file, found, stream);
            if (read.isPresent()) {
                problems.addAll(found);
                return draft(checked(read.get(), problems), stream, defaultName, overrides, problems);
            }
        }
        TaskStream stream = new TaskStream();
        return draft(checked(YamlTreeReader.read(text, file, json, problems, stream), problems), stream, defaultName, overrides, problems);
    }

    private WorkflowDraft draft(Optional<SourceNode> read, TaskStream stream, String defaultName, ParamOverrides overrides,
            Problems problems) {
        if (!stream.begun()) {
            return DocumentReader.read(read, defaultName, overrides, problems);
        }
        if (TaskStream.incomplete(read.orElseThrow())) {
            // params declared after the tasks, or tasks merged in: read it all again, in one tree
            return DocumentReader.read(document(overrides.values(), problems), defaultName, overrides, problems);
        }
        return DocumentReader.read(read, Optional.of(stream), defaultName, overrides, problems);
    }

    private Optional<SourceNode> checked(Optional<SourceNode> read, Problems problems) {
        if (read.isEmpty() && problems.isEmpty()) {
            problems.add(org.cortexflow.engine.model.Location.of(file), "", "the file is empty",
                    "a workflow needs at least 'tasks:'");
        }
        return read;
    }

    @Override
    public boolean dependsOnParams() {
        return false;
    }
}
