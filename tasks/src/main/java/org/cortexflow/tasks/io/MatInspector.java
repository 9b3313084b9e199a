package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.io.mat.MatEegReader;
import org.cortexflow.tasks.io.mat.MatFile;
import org.cortexflow.tasks.io.mat.MatValue;

/** Describes a MATLAB .mat file: version and variables (class, dimensions); an NMED-T raw file as EEG too. */
public final class MatInspector implements Inspector {

    @Override
    public String name() {
        return "mat";
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public boolean accepts(Path path) throws IOException {
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat");
    }

    @Override
    public Inspection inspect(Path path) throws IOException, TaskFailure {
        try (MatFile mat = MatFile.open(path)) {
            List<Map<String, Object>> vars = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (String n : mat.names()) {
                Optional<MatValue> v = mat.get(n);
                String d = v.map(MatValue::describe).orElse("?");
                lines.add(n + "  " + d);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", n);
                m.put("class", v.map(MatValue::matlabClass).orElse("?"));
                m.put("dims", v.map(MatValue::dims).orElse(new long[0]));
                vars.add(m);
            }
            Inspection in = new Inspection("mat", path, path.getFileName() + ": " + mat.version() + ", " + vars.size()
                    + " variable" + (vars.size() == 1 ? "" : "s"));
            in.row("variables", String.join("\n", lines));
            in.put("version", mat.version());
            in.put("variables", vars);
            if (MatEegReader.looksLikeNmedt(mat)) {
                try (MatEegReader r = MatEegReader.open(MatFile.open(path),
                        new MatEegReader.Options("", 0, "", 1e-6, "auto", true))) {
                    Inspection eeg = EegInspector.describe(path, r);
                    in.row("nmedt", eeg.title().substring(eeg.title().indexOf(':') + 2));
                    eeg.rows().forEach((k, v) -> in.row("  " + k, v));
                    in.put("nmedt", eeg.json());
                }
            }
            return in;
        }
    }
}
