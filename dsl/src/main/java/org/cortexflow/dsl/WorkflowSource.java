package org.cortexflow.dsl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cortexflow.engine.model.Value;

/** A workflow file, read as far as the document it declares. */
interface WorkflowSource {

    /**
     * The document the file declares while {@code forced} param values are in force (the
     * {@code --param} overrides, plus a sweep variant's values). Empty when nothing could be read.
     */
    Optional<SourceNode> document(Map<String, Value> forced, Problems problems);

    /**
     * Whether the document itself can change with param values, as a Groovy script's loops and
     * conditions can. When false, the tasks are read once and only re-rendered for each variant.
     */
    boolean dependsOnParams();

    /**
     * The tasks the file declares while a sweep variant's {@code forced} values are in force, read
     * against the declared {@code params}; only asked of a source that {@link #dependsOnParams}.
     */
    default List<TaskTemplate> variantTasks(Map<String, Value> forced, Set<String> params, Problems problems) {
        return document(forced, problems).map(d -> DocumentReader.readTasks(d, params, problems)).orElse(List.of());
    }

    /** The document read and checked for structure, its tasks read into templates. */
    default WorkflowDraft draft(String defaultName, ParamOverrides overrides, Problems problems) {
        return DocumentReader.read(document(overrides.values(), problems), defaultName, overrides, problems);
    }
}
