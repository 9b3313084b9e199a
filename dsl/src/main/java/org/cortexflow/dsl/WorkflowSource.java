package org.cortexflow.dsl;

import java.util.Map;
import java.util.Optional;
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

    /** The document read and checked for structure, its tasks read into templates. */
    default WorkflowDraft draft(String defaultName, ParamOverrides overrides, Problems problems) {
        return DocumentReader.read(document(overrides.values(), problems), defaultName, overrides, problems);
    }
}
