package org.cortexflow.tasks.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An artifact that holds several items of one kind (the recordings of a study, the clips of a
 * stimulus set, the runs of an fMRI session): one subdirectory per item, each laid out as a single
 * artifact of that kind, listed in an index table whose first column is {@code id} (the
 * subdirectory's name) followed by descriptive columns (subject, session, task, run, stimulus,
 * source, ...). A single artifact reads as a set of one item whose id is empty.
 */
public final class ItemIndex {

    /** The index of eeg artifacts. */
    public static final String RECORDINGS = "recordings.tsv";
    /** The index of audio artifacts. */
    public static final String CLIPS = "clips.tsv";
    /** The index of fmri artifacts. */
    public static final String RUNS = "runs.tsv";

    /** One item: its id, its directory and its descriptive fields (n/a values omitted). */
    public record Item(String id, Path dir, Map<String, String> fields) {

        public String field(String name, String otherwise) {
            return fields.getOrDefault(name, otherwise);
        }
    }

    private ItemIndex() {
    }

    /** Whether {@code dir} holds a set (an index file named {@code indexName}). */
    public static boolean isSet(Path dir, String indexName) {
        return Files.isRegularFile(dir.resolve(indexName));
    }

    /** The items of the artifact in {@code dir}: those of its index, or the artifact itself. */
    public static List<Item> list(Path dir, String indexName) throws IOException, FileFormatError {
        if (!isSet(dir, indexName)) {
            return List.of(new Item("", dir, Map.of()));
        }
        Path f = dir.resolve(indexName);
        Table t = Table.read(f);
        if (t.columns().isEmpty() || !t.columns().get(0).equals("id")) {
            throw new FileFormatError(f, 0, "header", "the first column must be 'id', found " + t.columns());
        }
        List<Item> items = new ArrayList<>();
        for (int r = 0; r < t.size(); r++) {
            String id = t.rows().get(r).get(0);
            Path sub = dir.resolve(id).normalize();
            if (id.isEmpty() || !sub.startsWith(dir.normalize()) || sub.equals(dir.normalize()) || !Files.isDirectory(sub)) {
                throw new FileFormatError(f, -1, "row " + (r + 2), "item '" + id + "' has no directory in " + dir);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 1; c < t.columns().size(); c++) {
                String v = t.rows().get(r).get(c);
                if (!v.equals(Table.MISSING)) {
                    fields.put(t.columns().get(c), v);
                }
            }
            items.add(new Item(id, sub, fields));
        }
        return items;
    }

    /** Writes the index: {@code columns} after {@code id}, one row per item in the given order. */
    public static void write(Path dir, String indexName, List<String> columns, List<Item> items) throws IOException {
        List<String> header = new ArrayList<>();
        header.add("id");
        header.addAll(columns);
        Table.Builder b = new Table.Builder(header);
        for (Item it : items) {
            Object[] row = new Object[header.size()];
            row[0] = it.id();
            for (int c = 0; c < columns.size(); c++) {
                row[c + 1] = it.fields().get(columns.get(c));
            }
            b.add(row);
        }
        b.build().write(dir.resolve(indexName));
    }
}
