package org.cortexflow.tasks.io.bids;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.TextFiles;

/**
 * A BIDS dataset opened from its root: the subjects, sessions, tasks and runs it holds, its data
 * files paired with their events, channels and JSON sidecars by the inheritance principle, and
 * {@code participants.tsv} when there is one. Quirks of real datasets (CRLF tables, quoted values,
 * a missing participants.tsv, names that do not parse) are collected as {@link #warnings()}; only
 * what makes a file unreadable is an error.
 */
public final class BidsDataset {

    /** Extensions of the data files of each suffix this reader knows. */
    private static final Map<String, List<String>> DATA_EXTENSIONS = Map.of(
            "eeg", List.of(".bdf", ".edf", ".vhdr", ".set"),
            "ieeg", List.of(".bdf", ".edf", ".vhdr", ".set", ".nwb", ".mefd"),
            "bold", List.of(".nii.gz", ".nii"),
            "T1w", List.of(".nii.gz", ".nii"),
            "T2w", List.of(".nii.gz", ".nii"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file below a subject folder whose name parsed. */
    private record Named(Path file, String datatype, BidsName name) {
    }

    private final Path root;
    private final Map<String, Object> description;
    private final Optional<Table> participants;
    private final List<Named> files;
    private final List<String> warnings;

    private BidsDataset(Path root, Map<String, Object> description, Optional<Table> participants, List<Named> files,
                        List<String> warnings) {
        this.root = root;
        this.description = description;
        this.participants = participants;
        this.files = files;
        this.warnings = warnings;
    }

    /** Whether {@code dir} looks like a BIDS root: a dataset_description.json or sub-* folders. */
    public static boolean isDataset(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (Files.isRegularFile(dir.resolve("dataset_description.json"))) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("sub-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens the dataset at {@code root}, listing its files; tables and sidecars are read on demand. */
    public static BidsDataset open(Path root) throws IOException, FileFormatError {
        if (!Files.isDirectory(root)) {
            throw new FileFormatError(root, -1, "", "not a directory", "give the root folder of a BIDS dataset");
        }
        List<String> warnings = new ArrayList<>();
        Path desc = root.resolve("dataset_description.json");
        Map<String, Object> description = Map.of();
        if (Files.isRegularFile(desc)) {
            description = readJson(desc);
        } else {
            warnings.add(root + ": no dataset_description.json (required by BIDS)");
        }
        Optional<Table> participants = Optional.empty();
        Path pt = root.resolve("participants.tsv");
        if (Files.isRegularFile(pt)) {
            participants = Optional.of(BidsTsv.read(pt, warnings::add));
        } else {
            warnings.add(root + ": no participants.tsv; subjects are taken from the sub-* folders");
        }
        List<Named> files = new ArrayList<>();
        List<Path> subjects;
        try (Stream<Path> s = Files.list(root)) {
            subjects = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("sub-")).sorted().toList();
        }
        // top-level files take part in inheritance (task-x_bold.json, task-x_events.tsv)
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                BidsName.parse(p.getFileName().toString()).ifPresent(n -> files.add(new Named(p, "", n)));
            }
        }
        for (Path sub : subjects) {
            String subject = sub.getFileName().toString().substring(4);
            try (Stream<Path> walk = Files.walk(sub, 3)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    Path rel = sub.relativize(p);
                    String fileName = p.getFileName().toString();
                    if (fileName.startsWith(".")) {
                        continue;
                    }
                    Optional<BidsName> name = BidsName.parse(fileName);
                    if (name.isEmpty() || name.get().entity("sub").isEmpty()) {
                        warnings.add(p + ": not a BIDS file name (sub-<label>_..._<suffix>.<ext>); ignored");
                        continue;
                    }
                    if (!name.get().entity("sub").orElseThrow().equals(subject)) {
                        warnings.add(p + ": its sub- entity does not match the folder sub-" + subject + "; ignored");
                        continue;
                    }
                    String datatype = rel.getNameCount() >= 2 ? rel.getName(rel.getNameCount() - 2).toString() : "";
                    if (datatype.startsWith("ses-")) {
                        datatype = "";
                    }
                    files.add(new Named(p, datatype, name.get()));
                }
            }
        }
        return new BidsDataset(root, description, participants, List.copyOf(files), warnings);
    }

    public Path root() {
        return root;
    }

    /** dataset_description.json (empty when absent). */
    public Map<String, Object> description() {
        return Collections.unmodifiableMap(description);
    }

    /** participants.tsv, when the dataset has one. */
    public Optional<Table> participants() {
        return participants;
    }

    /** What was repaired or ignored so far, one line each, naming the file. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Subject labels (without {@code sub-}), from the folders and participants.tsv. */
    public List<String> subjects() {
        Set<String> s = new TreeSet<>(values("sub"));
        participants.ifPresent(t -> {
            if (t.indexOf("participant_id") >= 0) {
                t.column("participant_id").forEach(id -> s.add(id.startsWith("sub-") ? id.substring(4) : id));
            }
        });
        return List.copyOf(s);
    }

    public List<String> sessions() {
        return List.copyOf(values("ses"));
    }

    public List<String> tasks() {
        return List.copyOf(values("task"));
    }

    public List<String> runs() {
        return List.copyOf(values("run"));
    }

    private Set<String> values(String entity) {
        Set<String> out = new TreeSet<>();
        for (Named f : files) {
            f.name().entity(entity).ifPresent(out::add);
        }
        return out;
    }

    /** How many files of each {@code suffix + extension} the dataset holds, e.g. {@code events.tsv -> 90}. */
    public Map<String, Integer> inventory() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Named f : files) {
            if (!f.datatype().isEmpty() || f.name().entity("sub").isPresent()) {
                counts.merge(f.name().suffix() + f.name().extension(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The data files with this suffix ({@code eeg}, {@code bold}, ...), each paired with its events,
     * channels and merged sidecar. Ordered by subject, session, task, run.
     */
    public List<BidsRecording> recordings(String suffix) throws IOException, FileFormatError {
        List<String> exts = DATA_EXTENSIONS.get(suffix);
        List<BidsRecording> out = new ArrayList<>();
        for (Named f : files) {
            if (f.datatype().isEmpty() || !f.name().suffix().equals(suffix)) {
                continue;
            }
            String ext = f.name().extension();
            boolean data = exts != null ? exts.contains(ext) : !ext.equals(".json") && !ext.equals(".tsv");
            if (!data) {
                continue;
            }
            out.add(pair(f));
        }
        out.sort(Comparator.comparing((BidsRecording r) -> r.subject().orElse(""))
                .thenComparing(r -> r.session().orElse(""))
                .thenComparing(r -> r.task().orElse(""))
                .thenComparing(r -> r.run().orElse(""))
                .thenComparing(r -> r.file().toString()));
        return out;
    }

    /** The data file paired with its companions; {@code file} must lie in this dataset. */
    public BidsRecording recording(Path file) throws IOException, FileFormatError {
        for (Named f : files) {
            if (f.file().equals(file)) {
                return pair(f);
            }
        }
        throw new FileFormatError(file, -1, "", "not a file of the BIDS dataset at " + root);
    }

    private BidsRecording pair(Named data) throws IOException, FileFormatError {
        List<Named> jsons = applicable(data, data.name().suffix(), ".json");
        Map<String, Object> merged = new LinkedHashMap<>();
        List<Path> sidecars = new ArrayList<>();
        for (Named j : jsons) {
            merged.putAll(readJson(j.file()));
            sidecars.add(j.file());
        }
        Optional<Path> events = nearest(applicable(data, "events", ".tsv"));
        Optional<Path> channels = nearest(applicable(data, "channels", ".tsv"));
        return new BidsRecording(data.file(), data.datatype(), data.name(), events, channels, sidecars, merged);
    }

    /**
     * Files with this suffix and extension in the data file's folder or a folder above it (up to
     * the root) whose entities all match the data file's, ordered from the root down and, within a
     * folder, from fewer entities to more: the order in which BIDS inheritance applies them.
     */
    private List<Named> applicable(Named data, String suffix, String extension) {
        Path dir = data.file().getParent();
        List<Named> out = new ArrayList<>();
        for (Named f : files) {
            if (f.name().suffix().equals(suffix) && f.name().extension().equals(extension)
                    && dir.startsWith(f.file().getParent()) && f.name().appliesTo(data.name())) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparingInt((Named f) -> f.file().getParent().getNameCount())
                .thenComparingInt(f -> f.name().entities().size()));
        Map<Path, List<Named>> perDir = new LinkedHashMap<>();
        for (Named f : out) {
            perDir.computeIfAbsent(f.file().getParent(), k -> new ArrayList<>()).add(f);
        }
        perDir.forEach((d, list) -> {
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).name().entities().size() == list.get(i - 1).name().entities().size()) {
                    warnings.add(d + ": both " + list.get(i - 1).file().getFileName() + " and "
                            + list.get(i).file().getFileName() + " apply to " + data.file().getFileName()
                            + " (ambiguous inheritance); the later one wins");
                }
            }
        });
        return out;
    }

    private static Optional<Path> nearest(List<Named> applicable) {
        return applicable.isEmpty() ? Optional.empty() : Optional.of(applicable.get(applicable.size() - 1).file());
    }

    /** A table of this dataset ({@code *_events.tsv}, ...), read leniently; repairs go to {@link #warnings()}. */
    public Table table(Path tsv) throws IOException, FileFormatError {
        return BidsTsv.read(tsv, warnings::add);
    }

    /** A JSON object file, strictly UTF-8. */
    public static Map<String, Object> readJson(Path file) throws IOException, FileFormatError {
        String text = TextFiles.readUtf8(file);
        try {
            Object v = JSON.readValue(text, Object.class);
            if (!(v instanceof Map)) {
                throw new FileFormatError(file, 0, "", "expected a JSON object, found " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
            return JSON.convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new FileFormatError(file, at, "json", "not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }
}
