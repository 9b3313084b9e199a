package org.cortexflow.tasks.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.io.table.TableReader;

/** Reads a TSV or CSV file into a table artifact with a type per column. */
public final class TableRead implements TaskType {

    /** The table artifact's data file. */
    public static final String TABLE = "table.tsv";

    private static final List<PortSpec> INPUTS = List.of(ReadSource.FROM);

    private static final List<ParamSpec> PARAMS = List.of(
            ReadSource.path("a .tsv or .csv file (UTF-8; CRLF, BOM and quoted CSV fields are fine)"),
            ReadSource.WITHIN,
            ParamSpec.choice("format", List.of("auto", "tsv", "csv"), "auto",
                    "auto: from the file name, else TSV when the first line has a tab"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("table", ArtifactKind.TABLE,
            "table.tsv (UTF-8, LF, n/a for missing) and meta.json with the column types"));

    @Override
    public String name() {
        return "table.read";
    }

    @Override
    public String version() {
        return "2"; // 2: meta.json names a file read from input `from` by its place in it, not the store's path
    }

    @Override
    public String summary() {
        return "Read a TSV or CSV table into a table artifact with typed columns (integer, number, boolean, string)";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        Path file = ReadSource.resolve(ctx);
        TableReader.Result r = switch (ctx.string("format")) {
            case "tsv" -> TableReader.read(file, TableReader.Options.tsv());
            case "csv" -> TableReader.read(file, TableReader.Options.csv());
            default -> TableReader.read(file);
        };
        Path out = ctx.output("table");
        r.table().write(out.resolve(TABLE));
        r.warnings().forEach(w -> ctx.log().println("warning: " + file + ": " + w));
        MetaJson.write(out, meta(ReadSource.recorded(ctx, file), r));
    }

    /** meta.json of a table artifact. */
    public static Map<String, Object> meta(String source, TableReader.Result r) {
        List<Map<String, String>> cols = new ArrayList<>();
        for (int i = 0; i < r.table().columns().size(); i++) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("name", r.table().columns().get(i));
            c.put("type", r.types().get(i).label());
            cols.add(c);
        }
        Map<String, Object> m = new TreeMap<>();
        m.put("kind", "table");
        m.put("data", TABLE);
        m.put("columns", cols);
        m.put("n_rows", r.table().size());
        m.put("n_columns", r.table().columns().size());
        m.put("source", source);
        m.put("warnings", r.warnings());
        return m;
    }
}
