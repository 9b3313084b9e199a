package org.cortexflow.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Location;
import org.cortexflow.engine.model.Value;

/**
 * The sweep block: {@code matrix} lists are multiplied out (every combination), {@code zip} lists
 * are paired element-wise; with both, every matrix combination runs with every zip tuple.
 */
final class SweepPlan {

    static final List<String> KEYS = List.of("matrix", "zip");

    /** Beyond this a sweep is a typo (or a cluster's job), not something to expand in memory. */
    static final long MAX_VARIANTS = 1_000_000;

    /** One swept param and the values it takes. */
    record Axis(String name, List<Value> values, Location location) {
    }

    private final List<Axis> matrix;
    private final List<Axis> zip;

    private SweepPlan(List<Axis> matrix, List<Axis> zip) {
        this.matrix = matrix;
        this.zip = zip;
    }

    /**
     * Reads and checks the block. Empty when it has any problem: a broken sweep is reported, never
     * half expanded.
     *
     * @param params the declared workflow params; only those can be swept
     */
    static Optional<SweepPlan> read(SourceNode node, Set<String> params, Problems problems) {
        int before = problems.count();
        if (!(node instanceof Mapping map)) {
            problems.add(node.location(), "sweep", "expected a map with 'matrix' and/or 'zip', found " + node.describe(), "");
            return Optional.empty();
        }
        TaskTemplate.reportUnknownKeys(map, KEYS, "sweep", problems);
        Map<String, Location> seen = new HashMap<>();
        List<Axis> matrix = axes(map, "matrix", params, seen, problems);
        List<Axis> zip = axes(map, "zip", params, seen, problems);
        if (matrix.isEmpty() && zip.isEmpty() && problems.count() == before) {
            problems.add(map.location(), "sweep", "sweeps nothing", "give 'matrix: {PARAM: [values]}' or 'zip: {...}'");
        }
        if (!zip.isEmpty()) {
            int length = zip.get(0).values().size();
            for (Axis axis : zip) {
                if (axis.values().size() != length) {
                    StringBuilder lengths = new StringBuilder();
                    zip.forEach(a -> lengths.append(lengths.length() == 0 ? "" : ", ").append(a.name())
                            .append(" has ").append(a.values().size()));
                    problems.add(map.get("zip").get().location(), "sweep", "zip lists must have the same length: "
                            + lengths, "zip pairs the i-th values of every list; use matrix for all combinations");
                    break;
                }
            }
        }
        SweepPlan plan = new SweepPlan(matrix, zip);
        if (problems.count() == before && plan.count() > MAX_VARIANTS) {
            problems.add(map.location(), "sweep", "has " + plan.count() + " variants; at most " + MAX_VARIANTS
                    + " can be expanded", "sweep fewer values, or split the sweep into several workflows");
        }
        return problems.count() == before ? Optional.of(plan) : Optional.empty();
    }

    private static List<Axis> axes(Mapping sweep, String key, Set<String> params, Map<String, Location> seen,
                                   Problems problems) {
        List<Axis> out = new ArrayList<>();
        Optional<Mapping> block = sweep.get(key).flatMap(n -> TaskTemplate.mapOrNothing(n, "sweep", key, problems));
        for (Entry e : block.map(Mapping::entries).orElse(List.of())) {
            String name = e.key();
            if (!params.contains(name)) {
                String hint = Problems.didYouMean(name, params);
                problems.add(e.keyLocation(), "sweep", "'" + name + "' is not a workflow param",
                        hint.isEmpty() ? "declare it under 'params' with its default value" : hint);
                continue;
            }
            Location first = seen.putIfAbsent(name, e.keyLocation());
            if (first != null) {
                problems.add(e.keyLocation(), "sweep", "'" + name + "' is swept twice (first at line " + first.line() + ")", "");
                continue;
            }
            if (!(e.value() instanceof Sequence values)) {
                problems.add(e.value().location(), "sweep", key + " '" + name + "' must be a list of values, found "
                        + e.value().describe(), "write " + name + ": [a, b, c]");
                continue;
            }
            if (values.items().isEmpty()) {
                problems.add(e.value().location(), "sweep", key + " '" + name + "' has no values",
                        "give at least one value, or remove it");
                continue;
            }
            Optional<Value> typed = ParamValues.fromNode(values, "sweep '" + name + "'", problems);
            typed.ifPresent(v -> out.add(new Axis(name, ((Value.Items) v).values(), e.keyLocation())));
        }
        return out;
    }

    /** The swept params in declaration order: matrix, then zip. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        matrix.forEach(a -> out.add(a.name()));
        zip.forEach(a -> out.add(a.name()));
        return out;
    }

    /** The number of variants; once past {@link #MAX_VARIANTS} only "too many" is exact. */
    long count() {
        long n = 1;
        for (Axis a : matrix) {
            n = n > MAX_VARIANTS ? n : n * a.values().size();
        }
        return zip.isEmpty() || n > MAX_VARIANTS ? n : n * zip.get(0).values().size();
    }

    /** Every variant's param values; the first matrix param varies slowest, like nested loops. */
    List<Map<String, Value>> variants() {
        int zipLength = zip.isEmpty() ? 1 : zip.get(0).values().size();
        List<Map<String, Value>> out = new ArrayList<>((int) count());
        int[] digit = new int[matrix.size()];
        while (true) {
            for (int z = 0; z < zipLength; z++) {
                Map<String, Value> variant = new LinkedHashMap<>();
                for (int a = 0; a < matrix.size(); a++) {
                    variant.put(matrix.get(a).name(), matrix.get(a).values().get(digit[a]));
                }
                for (Axis axis : zip) {
                    variant.put(axis.name(), axis.values().get(z));
                }
                out.add(variant);
            }
            int a = matrix.size() - 1;
            while (a >= 0 && ++digit[a] == matrix.get(a).values().size()) {
                digit[a] = 0;
                a--;
            }
            if (a < 0) {
                return out;
            }
        }
    }
}
