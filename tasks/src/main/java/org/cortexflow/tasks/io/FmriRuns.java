package org.cortexflow.tasks.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.io.table.TableReader;

/** Finds the runs of a directory of NIfTI images or of a BIDS dataset's func folders. */
final class FmriRuns {

    private static final Pattern BOLD = Pattern.compile("(sub-[A-Za-z0-9]+(?:_ses-[A-Za-z0-9]+)?(?:_[a-z]+-[A-Za-z0-9]+)*)_bold\\.nii(\\.gz)?");
    private static final Pattern ENTITY = Pattern.compile("([a-z]+)-([A-Za-z0-9]+)");

    private FmriRuns() {
    }

    /** The runs under {@code root}: BIDS {@code *_bold.nii[.gz]} when there are any, else every image. */
    static List<FmriRead.Run> find(Path root, String subject, String task) throws IOException, FileFormatError {
        List<Path> all;
        try (Stream<Path> s = FmriRead.images(root)) {
            all = s.toList();
        }
        List<FmriRead.Run> bids = new ArrayList<>();
        for (Path p : all) {
            Matcher m = BOLD.matcher(p.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> entities = new LinkedHashMap<>();
            Matcher e = ENTITY.matcher(m.group(1));
            while (e.find()) {
                entities.put(switch (e.group(1)) {
                    case "sub" -> "subject";
                    case "ses" -> "session";
                    case "acq" -> "acquisition";
                    default -> e.group(1);
                }, e.group(2));
            }
            if (!subject.isEmpty() && !subject.equals(entities.get("subject"))
                    || !task.isEmpty() && !task.equals(entities.get("task"))) {
                continue;
            }
            String prefix = m.group(1);
            Path events = p.resolveSibling(prefix + "_events.tsv");
            Optional<Double> tr = sidecarRepetitionTime(root, p, prefix, entities);
            bids.add(new FmriRead.Run(prefix, p, entities, Files.isRegularFile(events) ? Optional.of(events) : Optional.empty(), tr));
        }
        if (!bids.isEmpty() || !subject.isEmpty() || !task.isEmpty()) {
            return bids;
        }
        List<FmriRead.Run> plain = new ArrayList<>();
        for (Path p : all) {
            String id = root.relativize(p).toString().replaceAll("\\.nii(\\.gz)?$", "").replaceAll("[^A-Za-z0-9._-]", "_");
            plain.add(new FmriRead.Run(id, p, Map.of(), Optional.empty(), Optional.empty()));
        }
        return plain;
    }

    /** RepetitionTime from the run's sidecar, or one inherited from the dataset root ({@code task-X_bold.json}). */
    private static Optional<Double> sidecarRepetitionTime(Path root, Path image, String prefix, Map<String, String> entities)
            throws IOException, FileFormatError {
        List<Path> candidates = new ArrayList<>();
        candidates.add(image.resolveSibling(prefix + "_bold.json"));
        if (entities.containsKey("task")) {
            candidates.add(root.resolve("task-" + entities.get("task") + "_bold.json"));
        }
        candidates.add(root.resolve("bold.json"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                JsonNode n;
                try {
                    n = new ObjectMapper().readTree(c.toFile());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
                    throw new FileFormatError(c, at, "", "not valid JSON: " + e.getOriginalMessage());
                }
                JsonNode t = n.get("RepetitionTime");
                if (t != null && t.isNumber() && t.asDouble() > 0) {
                    return Optional.of(t.asDouble());
                }
            }
        }
        return Optional.empty();
    }

    /** Copies a BIDS events.tsv into the artifact as a clean table (LF, UTF-8, n/a for empty cells). */
    static void copyEvents(Path from, Path to, PrintStream log) throws IOException, FileFormatError {
        TableReader.Result r = TableReader.read(from, TableReader.Options.tsv());
        r.warnings().forEach(w -> log.println("warning: " + from + ": " + w));
        r.table().write(to);
    }
}
