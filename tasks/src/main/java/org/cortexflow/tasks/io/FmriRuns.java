package org.cortexflow.tasks.io;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.bids.BidsDataset;
import org.cortexflow.tasks.io.bids.BidsRecording;
import org.cortexflow.tasks.io.bids.BidsTsv;

/**
 * Finds the runs of a BIDS dataset ({@code *_bold.nii[.gz]} paired with events and inherited
 * sidecars by {@link BidsDataset}) or, for any other directory, every NIfTI image in it.
 */
final class FmriRuns {

    private FmriRuns() {
    }

    static List<FmriRead.Run> find(Path root, String subject, String task, PrintStream log) throws IOException, FileFormatError {
        if (BidsDataset.isDataset(root)) {
            BidsDataset ds = BidsDataset.open(root);
            List<FmriRead.Run> runs = new ArrayList<>();
            for (BidsRecording r : ds.recordings("bold")) {
                String name = r.file().getFileName().toString();
                if (!(name.endsWith(".nii") || name.endsWith(".nii.gz"))
                        || !subject.isEmpty() && !subject.equals(r.subject().orElse(""))
                        || !task.isEmpty() && !task.equals(r.task().orElse(""))) {
                    continue;
                }
                Map<String, String> entities = new LinkedHashMap<>();
                r.subject().ifPresent(v -> entities.put("subject", v));
                r.session().ifPresent(v -> entities.put("session", v));
                r.task().ifPresent(v -> entities.put("task", v));
                r.run().ifPresent(v -> entities.put("run", v));
                runs.add(new FmriRead.Run(r.id(), r.file(), entities, r.events(), r.number("RepetitionTime")));
            }
            ds.warnings().forEach(w -> log.println("warning: " + w));
            return runs;
        }
        List<FmriRead.Run> plain = new ArrayList<>();
        try (Stream<Path> s = FmriRead.images(root)) {
            for (Path p : s.toList()) {
                String id = root.relativize(p).toString().replaceAll("\\.nii(\\.gz)?$", "").replaceAll("[^A-Za-z0-9._-]", "_");
                plain.add(new FmriRead.Run(id, p, Map.of(), Optional.empty(), Optional.empty()));
            }
        }
        return plain;
    }

    /** Copies a BIDS events.tsv into the artifact as a clean table, repairing upstream quirks with warnings. */
    static void copyEvents(Path from, Path to, PrintStream log) throws IOException, FileFormatError {
        BidsTsv.read(from, w -> log.println("warning: " + from + ": " + w)).write(to);
    }
}
