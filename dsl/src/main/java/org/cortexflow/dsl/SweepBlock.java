package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.engine.model.Location;

/** The delegate of a Groovy {@code sweep { matrix ...; zip ... }} block. */
public final class SweepBlock {

    private final Location location;
    private final ScriptLines lines;
    private final Problems problems;
    private BlockEntries matrix;
    private BlockEntries zip;

    SweepBlock(Location location, ScriptLines lines, Problems problems) {
        this.location = location;
        this.lines = lines;
        this.problems = problems;
    }

    /** Every combination of the values: {@code matrix lambda: [0, 0.05], seed: [0, 1, 2]}. */
    public void matrix(Map<String, ?> values) {
        Location at = lines.caller();
        matrix = matrix == null ? new BlockEntries(at) : matrix;
        matrix.addAll(values, at, "sweep", "matrix param", problems);
    }

    /** The i-th values of every list together: {@code zip a: [1, 2], b: ['x', 'y']}. */
    public void zip(Map<String, ?> values) {
        Location at = lines.caller();
        zip = zip == null ? new BlockEntries(at) : zip;
        zip.addAll(values, at, "sweep", "zip param", problems);
    }

    Mapping toMapping() {
        List<Entry> entries = new ArrayList<>();
        if (matrix != null) {
            Mapping m = matrix.toMapping();
            entries.add(new Entry("matrix", m.location(), m));
        }
        if (zip != null) {
            Mapping z = zip.toMapping();
            entries.add(new Entry("zip", z.location(), z));
        }
        return new Mapping(entries, location, true);
    }
}
