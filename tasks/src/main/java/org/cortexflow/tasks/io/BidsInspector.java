package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.bids.BidsDataset;
import org.cortexflow.tasks.io.bids.BidsRecording;

/** Describes a BIDS dataset: its name and version, subjects, sessions, tasks, runs, and the files of each kind. */
public final class BidsInspector implements Inspector {

    @Override
    public String name() {
        return "bids";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean accepts(Path path) {
        return BidsDataset.isDataset(path);
    }

    @Override
    public Inspection inspect(Path path) throws IOException, TaskFailure {
        BidsDataset ds = BidsDataset.open(path);
        Object name = ds.description().getOrDefault("Name", path.getFileName().toString());
        Object version = ds.description().getOrDefault("BIDSVersion", "?");
        Inspection in = new Inspection("bids", path, path.getFileName() + ": BIDS dataset \"" + name + "\" (BIDS " + version + ")");
        in.row("subjects", ds.subjects().size() + ": " + abbreviate(ds.subjects()));
        if (!ds.sessions().isEmpty()) {
            in.row("sessions", ds.sessions().size() + ": " + abbreviate(ds.sessions()));
        }
        in.row("tasks", ds.tasks().isEmpty() ? "none" : String.join(", ", ds.tasks()));
        if (!ds.runs().isEmpty()) {
            in.row("runs", ds.runs().size() + ": " + abbreviate(ds.runs()));
        }
        Map<String, Integer> inv = ds.inventory();
        in.row("files", inv.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")));
        in.row("participants", ds.participants().map(t -> t.size() + " rows, columns " + t.columns()).orElse("no participants.tsv"));
        List<BidsRecording> eeg = ds.recordings("eeg");
        List<BidsRecording> bold = ds.recordings("bold");
        Map<String, Long> byTask = new TreeMap<>();
        for (BidsRecording r : eeg) {
            byTask.merge(r.task().orElse("n/a"), 1L, Long::sum);
        }
        if (!eeg.isEmpty()) {
            long withEvents = eeg.stream().filter(r -> r.events().isPresent()).count();
            in.row("eeg", eeg.size() + " recordings (" + Inspection.counts(byTask, 10) + "), " + withEvents + " with events.tsv");
            // open each header: what it holds, or why it cannot be read (a missing .eeg or .fdt)
            double seconds = 0;
            int readable = 0;
            EegFiles.Options o = new EegFiles.Options("auto", org.cortexflow.tasks.io.edf.EdfReader.Options.defaults(),
                    new org.cortexflow.tasks.io.mat.MatEegReader.Options("", 0, "", 1e-6, "auto", false));
            for (BidsRecording r : eeg) {
                try (EegSource src = EegFiles.open(r.file(), o)) {
                    readable++;
                    seconds += src.samples() / src.sfreq();
                } catch (TaskFailure e) {
                    in.warn(r.file() + ": cannot be read: " + e.getMessage().lines().findFirst().orElse("")
                            .replace(r.file() + " ", "").replace(r.file().toString(), ""));
                }
            }
            in.row("eeg data", readable + " of " + eeg.size() + " readable" + (readable > 0 ? ", " + Inspection.duration(seconds)
                    + " in all" : ""));
            in.put("eeg_readable", readable);
            in.put("eeg_duration_s", seconds);
        }
        if (!bold.isEmpty()) {
            in.row("bold", bold.size() + " runs");
        }
        in.put("name", name);
        in.put("bids_version", version);
        in.put("subjects", ds.subjects());
        in.put("sessions", ds.sessions());
        in.put("tasks", ds.tasks());
        in.put("runs", ds.runs());
        in.put("inventory", inv);
        in.put("participants", ds.participants().map(Table::size).orElse(null));
        in.put("eeg_recordings", eeg.stream().map(r -> path.relativize(r.file()).toString()).toList());
        in.put("bold_runs", bold.stream().map(r -> path.relativize(r.file()).toString()).toList());
        // read every events table once so their quirks show up as warnings
        Map<String, Integer> eventRows = new LinkedHashMap<>();
        try (var walk = java.nio.file.Files.walk(path, 4)) {
            for (Path f : walk.filter(p -> p.getFileName().toString().endsWith("_events.tsv")).sorted().toList()) {
                eventRows.put(path.relativize(f).toString(), ds.table(f).size());
            }
        }
        if (!eventRows.isEmpty()) {
            in.row("events", eventRows.size() + " events.tsv files, " + eventRows.values().stream().mapToInt(Integer::intValue).sum()
                    + " rows");
            in.put("events_rows", eventRows);
        }
        in.warnAll(ds.warnings());
        return in;
    }

    private static String abbreviate(List<String> items) {
        return items.size() <= 12 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 10)) + ", ... " + items.get(items.size() - 1);
    }
}
