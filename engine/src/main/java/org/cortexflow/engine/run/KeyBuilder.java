package org.cortexflow.engine.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cortexflow.cache.Digest;
import org.cortexflow.cache.FileDigester;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.plan.PlannedTask;

/** Builds a task's {@link KeyComponents} once its inputs' digests are known. Used by runs and by explain. */
public final class KeyBuilder {

    private final FileDigester digester;

    public KeyBuilder(FileDigester digester) {
        this.digester = digester;
    }

    /** Whether {@code task}'s key holds the digest of a file named by a path parameter. */
    static boolean readsFiles(PlannedTask task) {
        for (ParamSpec p : task.type().params()) {
            if (namesFile(p, task.params().get(p.name()))) {
                return true;
            }
        }
        return false;
    }

    /** @param inputDigests input name to the content digest of the artifact bound to it */
    public KeyComponents components(PlannedTask task, Map<String, Digest> inputDigests) {
        Map<String, Digest> files = new LinkedHashMap<>();
        for (ParamSpec p : task.type().params()) {
            Value v = task.params().get(p.name());
            if (namesFile(p, v)) {
                files.put(p.name(), digester.digest(Path.of(((Value.Text) v).value())));
            }
        }
        return new KeyComponents(task.type().name(), task.type().version(), task.params(), inputDigests, files);
    }

    private static boolean namesFile(ParamSpec p, Value v) {
        return p.type() == ParamType.PATH && v instanceof Value.Text t && !t.value().isEmpty(); // "" = optional file not given
    }
}
