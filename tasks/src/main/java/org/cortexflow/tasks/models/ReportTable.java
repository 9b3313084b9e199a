package org.cortexflow.tasks.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.Table;

/**
 * {@code report.table}: gathers the metrics of several model.evaluate runs (bound under any input
 * names) into one table: the runs grouped by hyperparameters (lambda, ...), each metric's mean and
 * sample standard deviation across the group (seeds), as TSV, Markdown, JSON and a bar chart.
 */
public final class ReportTable implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.optional("by", ParamType.LIST, List.of("lambda"),
                    "hyperparameters (from each metrics.json 'model' section) that define a group; the others (seed) vary within it"),
            ParamSpec.optional("metrics", ParamType.LIST,
                    List.of("accuracy_3s", "accuracy_by_length.4.mean", "accuracy_by_length.8.mean", "accuracy_by_length.8.vote"),
                    "metrics to tabulate: keys of metrics.json, nested keys joined by '.'"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("report", ArtifactKind.TABLE,
            "results.tsv (mean and SD per group), results.md, results.json, runs.tsv (one row per run), results.png"));

    @Override
    public String name() {
        return "report.table";
    }

    @Override
    public String version() {
        return "2";
    }

    @Override
    public String summary() {
        return "Gather model.evaluate metrics of a sweep: mean +- SD across seeds per hyperparameter group";
    }

    @Override
    public List<PortSpec> inputs() {
        return List.of();
    }

    @Override
    public boolean openInputs() {
        return true;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    /** One run: its input name, its group values and its metric values. */
    record Run(String name, List<String> group, Map<String, Double> values, String seed) {
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        List<String> by = ParamType.strings(ctx.param("by"));
        List<String> keys = ParamType.strings(ctx.param("metrics"));
        if (ctx.inputs().isEmpty()) {
            throw new TaskFailure("report.table needs at least one metrics input (bind model.evaluate outputs under any names)");
        }
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, Path> in : new TreeMap<>(ctx.inputs()).entrySet()) {
            runs.add(read(in.getKey(), in.getValue(), by, keys));
        }
        Map<List<String>, List<Run>> groups = new TreeMap<>((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = compareValues(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        for (Run r : runs) {
            groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
        }
        Path out = ctx.output("report");
        List<String> cols = new ArrayList<>(by);
        cols.add("runs");
        for (String k : keys) {
            cols.add(k + "_mean");
            cols.add(k + "_sd");
        }
        Table.Builder t = new Table.Builder(cols);
        StringBuilder md = new StringBuilder("| " + String.join(" | ", by) + " | runs | " + String.join(" | ", keys) + " |\n");
        md.append("|").append(" --- |".repeat(by.size() + 1 + keys.size())).append('\n');
        List<Map<String, Object>> json = new ArrayList<>();
        List<String> barLabels = new ArrayList<>();
        List<Double> barMeans = new ArrayList<>();
        List<Double> barSds = new ArrayList<>();
        for (Map.Entry<List<String>, List<Run>> g : groups.entrySet()) {
            List<Object> row = new ArrayList<>(g.getKey());
            row.add(g.getValue().size());
            StringBuilder line = new StringBuilder("| " + String.join(" | ", g.getKey()) + " | " + g.getValue().size() + " |");
            Map<String, Object> jg = new LinkedHashMap<>();
            for (int i = 0; i < by.size(); i++) {
                jg.put(by.get(i), g.getKey().get(i));
            }
            jg.put("runs", g.getValue().stream().map(Run::name).toList());
            for (String k : keys) {
                double[] ms = meanSd(g.getValue().stream().map(r -> r.values().get(k)).toList());
                row.add(fmt(ms[0]));
                row.add(fmt(ms[1]));
                // one run in the group: no SD to show
                line.append(Double.isNaN(ms[1]) ? String.format(Locale.ROOT, " %.3f |", ms[0])
                        : String.format(Locale.ROOT, " %.3f ± %.3f |", ms[0], ms[1]));
                jg.put(k, Map.of("mean", ms[0], "sd", Double.isNaN(ms[1]) ? "n/a" : ms[1]));
            }
            t.add(row.toArray());
            md.append(line).append('\n');
            json.add(jg);
            double[] first = meanSd(g.getValue().stream().map(r -> r.values().get(keys.get(0))).toList());
            barLabels.add(String.join(", ", g.getKey()));
            barMeans.add(first[0]);
            barSds.add(Double.isNaN(first[1]) ? 0 : first[1]);
        }
        t.build().write(out.resolve("results.tsv"));
        Files.writeString(out.resolve("results.md"), md.toString(), StandardCharsets.UTF_8);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kind", "report");
        j.put("by", by);
        j.put("metrics", keys);
        j.put("groups", json);
        MetaJson.mapper().writeValue(out.resolve("results.json").toFile(), j);
        List<String> runCols = new ArrayList<>(List.of("input"));
        runCols.addAll(by);
        runCols.add("seed");
        runCols.addAll(keys);
        Table.Builder rt = new Table.Builder(runCols);
        for (Run r : runs) {
            List<Object> row = new ArrayList<>(List.of(r.name()));
            row.addAll(r.group());
            row.add(r.seed());
            for (String k : keys) {
                row.add(fmt(r.values().get(k)));
            }
            rt.add(row.toArray());
        }
        rt.build().write(out.resolve("runs.tsv"));
        Plots.bars(keys.get(0) + " by " + String.join(", ", by) + " (mean ± SD)", keys.get(0), barLabels, barMeans, barSds,
                out.resolve("results.png"));
        ctx.log().print(md);
    }

    private static Run read(String name, Path dir, List<String> by, List<String> keys) throws IOException, TaskFailure {
        Path f = dir.resolve("metrics.json");
        if (!Files.isRegularFile(f)) {
            throw new FileFormatError(f, -1, "", "input '" + name + "' has no metrics.json", "bind model.evaluate outputs");
        }
        Map<String, Object> m = MetaJson.mapper().readValue(f.toFile(), MetaJson.mapper().getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, Object.class));
        Map<?, ?> model = m.get("model") instanceof Map<?, ?> x ? x : Map.of();
        List<String> group = new ArrayList<>();
        for (String b : by) {
            Object v = model.get(b);
            if (v == null) {
                throw new TaskFailure("input '" + name + "': its metrics.json 'model' section has no '" + b + "' (it has "
                        + model.keySet() + ")");
            }
            group.add(String.valueOf(v));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String k : keys) {
            Object v = m;
            for (String part : k.split("\\.")) {
                v = v instanceof Map<?, ?> mm ? mm.get(part) : null;
            }
            if (!(v instanceof Number n)) {
                throw new TaskFailure("input '" + name + "': metrics.json has no number at '" + k + "'");
            }
            values.put(k, n.doubleValue());
        }
        return new Run(name, group, values, String.valueOf(model.get("seed")));
    }

    /** Mean and sample standard deviation (n - 1); SD is NaN for a single value. */
    static double[] meanSd(List<Double> v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        double mean = s / v.size();
        if (v.size() < 2) {
            return new double[] {mean, Double.NaN};
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (v.size() - 1))};
    }

    private static int compareValues(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static String fmt(Double v) {
        return v == null || v.isNaN() ? Table.MISSING : String.format(Locale.ROOT, "%.4f", v);
    }
}
