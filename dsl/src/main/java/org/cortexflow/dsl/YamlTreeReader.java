package org.cortexflow.dsl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.cortexflow.dsl.SourceNode.Entry;
import org.cortexflow.dsl.SourceNode.Mapping;
import org.cortexflow.dsl.SourceNode.Scalar;
import org.cortexflow.dsl.SourceNode.ScalarKind;
import org.cortexflow.dsl.SourceNode.Sequence;
import org.cortexflow.engine.model.Futures;
import org.cortexflow.engine.model.Location;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into {@link SourceNode}s with Jackson's streaming parser, keeping the line and
 * column of every key and value. JSON, a subset of YAML 1.2, goes through Jackson's JSON parser,
 * more than ten times faster than the YAML scanner: the form for generated workflows of 100,000
 * tasks. Jackson's tree model would drop both, and silently let a duplicate key overwrite the
 * first; here duplicates are reported. The tasks of the root's {@code tasks:} map may be handed to
 * a {@link TaskSink} as they are read instead of kept in the tree.
 *
 * <p>Anchors and aliases ({@code &name}, {@code *name}) and merge keys ({@code <<: *name}, YAML
 * only) are resolved. Only {@code true} and {@code false} are booleans: YAML 1.1's {@code yes}, {@code no},
 * {@code on} and {@code off} stay strings, as in YAML 1.2.
 */
final class YamlTreeReader {

    private static final String MERGE_KEY = "<<";

    /**
     * Takes the tasks of the document's {@code tasks:} map one at a time, as each is read, so that
     * their source trees need not all be held at once ({@link TaskStream}). The tree's tasks map then
     * keeps each key, for duplicates and ids, with {@link #TAKEN} in place of its value. A merge key
     * ({@code <<: *tasks}) stays in the tree, so its tasks are merged there and never come.
     */
    interface TaskSink {
        /** The tasks map opens; {@code before} holds the root map's entries read so far. */
        void begin(List<Entry> before);

        /** One task, complete or cut short by a syntax error; duplicates of an earlier key never come. */
        void accept(Entry task);

        /** The tasks map is closed (no more tasks come). */
        void end();
    }

    /** The value a task map keeps for a task that went to a {@link TaskSink}. */
    static final SourceNode TAKEN = new Scalar(ScalarKind.NULL, null, "", Location.NONE);

    /** SnakeYAML's factory, made when first needed: most YAML workflows are read by {@link SimpleYaml} alone. */
    private static final class Snake {
        static final YAMLFactory FACTORY = createFactory();
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = com.fasterxml.jackson.core.JsonFactory.builder()
            // keys are still shared through the parser's own table, but not put in the JVM's string
            // table too: a generated workflow's 100,000 task ids made that a tenth of its parse
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).maxNestingDepth(1_000).build())
            .build();

    private final JsonParser parser;
    /** The YAML parser, for anchors and aliases; null when reading JSON. */
    private final YAMLParser yaml;
    /** The JSON parser, for value locations; null when reading YAML. */
    private final ParserBase json;
    private final String file;
    private final Problems problems;
    /** Lines before the text read: the second part of a cut tasks map is read from its cut on. */
    private final int linesBefore;
    /** The text before a cut ({@link #readCut}), or null. */
    private FirstPart firstPart;
    /** Whether the second part's tasks were added when the tasks map closed: a syntax error before then leaves them out. */
    private boolean secondPartAdded;
    private final Map<String, SourceNode> anchors = new HashMap<>();
    /** Where the tasks go as they are read; null keeps them in the tree. */
    private final TaskSink tasks;
    /** Whether the sink has begun and not ended; whether it has begun at all. */
    private boolean tasksOpen;
    private boolean tasksBegun;

    /** A collection being read; turned into a node when it ends (or when a syntax error cuts it off). */
    private static final class Open {
        final boolean isMap;
        final Location location;
        final String anchor;
        final List<Entry> entries;
        final List<SourceNode> items;
        /** Whether this is the tasks map, whose tasks go to the sink. */
        boolean streamsTasks;
        /** Built once the map is too big to scan for duplicate keys; the map's index when it is done. */
        Map<String, Entry> byKey;
        String key;
        Location keyLocation;

        Open(boolean isMap, Location location, String anchor) {
            this.isMap = isMap;
            this.location = location;
            this.anchor = anchor;
            // most maps and lists in a workflow hold a few entries
            this.entries = isMap ? new ArrayList<>(4) : List.of();
            this.items = isMap ? List.of() : new ArrayList<>(4);
        }

        /** The entry first written under {@code key} in this map, or null when it is new (and now recorded). */
        Entry firstOf(String key, Entry entry) {
            if (byKey == null && entries.size() < 8) {
                for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).key().equals(key)) {
                        return entries.get(i);
                    }
                }
                return null;
            }
            if (byKey == null) {
                byKey = new HashMap<>();
                entries.forEach(e -> byKey.put(e.key(), e));
            }
            return byKey.putIfAbsent(key, entry);
        }
    }

    private final Deque<Open> open = new ArrayDeque<>();
    private SourceNode root;

    private YamlTreeReader(JsonParser parser, String file, int linesBefore, Problems problems, TaskSink tasks) {
        this.parser = parser;
        this.linesBefore = linesBefore;
        this.yaml = parser instanceof YAMLParser y ? y : null;
        this.json = yaml == null && parser instanceof ParserBase p ? p : null;
        this.file = file;
        this.problems = problems;
        this.tasks = tasks;
    }

    private static YAMLFactory createFactory() {
        LoaderOptions options = new LoaderOptions();
        // SnakeYAML refuses documents over 3 MB by default; a generated 100,000-task workflow is larger.
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(1_000);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(1_000).build());
        return factory;
    }

    /**
     * The document's root node, or empty when the text holds no document. After a syntax error the
     * part read so far is returned, with the unfinished maps marked incomplete.
     */
    static Optional<SourceNode> read(String text, String file, Problems problems) {
        return read(text, file, false, problems, null);
    }

    /**
     * As {@link #read(String, String, Problems)}; {@code json} reads the text as JSON, and the tasks
     * of a root map's {@code tasks:} map go to {@code tasks} when it is not null.
     */
    static Optional<SourceNode> read(String text, String file, boolean json, Problems problems, TaskSink tasks) {
        if (!json && tasks == null) {
            Problems found = new Problems();
            Optional<Optional<SourceNode>> simple = readSimple(text, file, found, null);
            if (simple.isPresent()) {
                problems.addAll(found);
                return simple.get();
            }
        }
        return readFull(text, file, json, problems, tasks);
    }

    /** As {@link #read(String, String, boolean, Problems, TaskSink)}, with the full parser whatever the text. */
    static Optional<SourceNode> readFull(String text, String file, boolean json, Problems problems, TaskSink tasks) {
        try (JsonParser parser = json ? JSON.createParser(text) : Snake.FACTORY.createParser(text)) {
            YamlTreeReader reader = new YamlTreeReader(parser, file, 0, problems, tasks);
            reader.readReleasingTasks();
            return Optional.ofNullable(reader.root);
        } catch (IOException e) {
            // closing a parser over a String cannot fail; reading is handled in readDocument
            throw new IllegalStateException(e);
        }
    }

    /**
     * As {@link #read(String, String, boolean, Problems, TaskSink)} for YAML, with the tasks map's
     * part from {@code cut} on parsed on another thread meanwhile, then joined to the part before
     * it as if read in one go. Empty when the cut does not hold ({@link TaskMapSplit}): then nothing
     * this reading found, problems and tasks included, may be used, and the text is to be read whole.
     */
    static Optional<Optional<SourceNode>> readCut(String text, TaskMapSplit cut, String file, Problems problems, TaskSink tasks) {
        CompletableFuture<List<Entry>> second = Futures.start("cortexflow-yaml-second-part", () -> secondPart(text, cut, file));
        FirstPart first = new FirstPart(text, cut.offset(), second);
        try (JsonParser parser = Snake.FACTORY.createParser(first)) {
            YamlTreeReader reader = new YamlTreeReader(parser, file, 0, problems, tasks);
            reader.firstPart = first;
            reader.readReleasingTasks();
            if (first.cut() && !reader.secondPartAdded) {
                return Optional.empty();
            }
            return Optional.of(Optional.ofNullable(reader.root));
        } catch (IOException e) {
            throw new IllegalStateException(e); // reading a String cannot fail
        }
    }

    /**
     * As {@link #read(String, String, boolean, Problems, TaskSink)} for YAML written in the plain
     * subset {@link SimpleYaml} reads, several times faster than SnakeYAML. Empty when the text
     * is not in that subset (or is not valid YAML): then nothing this reading found, problems and
     * tasks included, may be used, and the text is to be read by the full parser.
     */
    static Optional<Optional<SourceNode>> readSimple(String text, String file, Problems problems, TaskSink tasks) {
        YamlTreeReader reader = new YamlTreeReader(null, file, 0, problems, tasks);
        boolean read = false;
        try {
            read = SimpleYaml.read(text, file, reader);
        } finally {
            if (reader.tasksOpen) {
                tasks.end();
            }
        }
        return read ? Optional.of(Optional.ofNullable(reader.root)) : Optional.empty();
    }

    /** The tasks after the cut, or null when they cannot be read apart from the text before them. */
    private static List<Entry> secondPart(String text, TaskMapSplit cut, String file) {
        Problems problems = new Problems();
        try (JsonParser parser = Snake.FACTORY.createParser(text.substring(cut.offset()))) {
            YamlTreeReader reader = new YamlTreeReader(parser, file, cut.linesBefore(), problems, null);
            reader.readDocument();
            return problems.isEmpty() && reader.root instanceof Mapping tasks && tasks.complete() ? tasks.entries() : null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readReleasingTasks() throws IOException {
        try {
            readDocument();
        } finally {
            if (tasksOpen) {
                tasks.end(); // a failure of the reader itself: the thread taking the tasks must not wait forever
            }
        }
    }

    /**
     * The text up to a cut, then, once the second part is parsed, its end when that parse succeeded
     * and the rest of the text when it did not (so the parser goes on as over the whole text).
     */
    private static final class FirstPart extends Reader {

        private final String text;
        private final CompletableFuture<List<Entry>> second;
        private int position;
        private int end;
        private List<Entry> secondTasks;
        private boolean decided;

        FirstPart(String text, int cut, CompletableFuture<List<Entry>> second) {
            this.text = text;
            this.end = cut;
            this.second = second;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == end && !decided) {
                decided = true;
                try {
                    secondTasks = Futures.join(second);
                } catch (RuntimeException | StackOverflowError e) {
                    secondTasks = null; // read on: the whole text then reports what is wrong
                }
                if (secondTasks == null) {
                    end = text.length();
                }
            }
            if (position == end) {
                return -1;
            }
            int n = Math.min(length, end - position);
            text.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        /** Whether the text ended at the cut, the second part being parsed apart. */
        boolean cut() {
            return secondTasks != null;
        }

        @Override
        public void close() {
        }
    }

    private void readDocument() throws IOException {
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (root != null && open.isEmpty()) {
                    problems.add(here(), "", "a workflow file holds one YAML document; this is a second one",
                            "remove the '---' line and everything after it, or split the file");
                    return;
                }
                accept(token);
            }
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(e));
            while (!open.isEmpty()) {
                close(false);
            }
        }
    }

    private void accept(JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                openMap(here(), anchor());
                break;
            case START_ARRAY:
                openList(here(), anchor());
                break;
            case END_OBJECT:
            case END_ARRAY:
                close(true);
                break;
            case FIELD_NAME:
                key(parser.currentName(), here());
                break;
            default:
                add(scalar(token));
        }
    }

    // What a reader of the text calls as it meets each part: these build the tree.

    void openMap(Location at, String anchor) {
        Open map = new Open(true, at, anchor);
        // only the first tasks map: a second one is a duplicate key, reported and dropped
        map.streamsTasks = tasks != null && !tasksBegun && map.anchor == null && isRootTasksKey();
        open.push(map);
        if (map.streamsTasks) {
            tasks.begin(open.getLast().entries);
            tasksOpen = true;
            tasksBegun = true;
        }
    }

    void openList(Location at, String anchor) {
        open.push(new Open(false, at, anchor));
    }

    void key(String key, Location at) {
        Open parent = open.peek();
        parent.key = key;
        parent.keyLocation = at;
    }

    /** Closes the innermost open map or list, read to its end. */
    void close() {
        close(true);
    }

    private SourceNode scalar(JsonToken token) throws IOException {
        Location at = here();
        String text = parser.getText();
        if (yaml != null && yaml.isCurrentAlias()) {
            SourceNode target = anchors.get(text);
            if (target == null) {
                problems.add(at, "", "unknown alias '*" + text + "'", Problems.didYouMean(text, anchors.keySet()));
                return Scalar.string(text, at);
            }
            return target;
        }
        Scalar node;
        switch (token) {
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    problems.add(at, "", "the integer " + text + " is too large", "integers must fit in 64 bits");
                    node = Scalar.string(text, at);
                } else {
                    node = new Scalar(ScalarKind.INT, parser.getLongValue(), text, at);
                }
                break;
            case VALUE_NUMBER_FLOAT:
                node = new Scalar(ScalarKind.FLOAT, parser.getDoubleValue(), text, at);
                break;
            case VALUE_TRUE:
            case VALUE_FALSE:
                node = text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                        ? new Scalar(ScalarKind.BOOL, token == JsonToken.VALUE_TRUE, text, at)
                        : Scalar.string(text, at);
                break;
            case VALUE_NULL:
                node = new Scalar(ScalarKind.NULL, null, text, at);
                break;
            case VALUE_STRING:
                node = Scalar.string(text, at);
                break;
            default:
                problems.add(at, "", "unsupported YAML value '" + text + "'", "");
                node = Scalar.string(text, at);
        }
        String anchor = anchor();
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    /** Whether the value being read is that of the root map's key {@code tasks}. */
    private boolean isRootTasksKey() {
        return open.size() == 1 && open.peek().isMap && "tasks".equals(open.peek().key);
    }

    private String anchor() throws IOException {
        return yaml == null ? null : yaml.getCurrentAnchor();
    }

    private void close(boolean complete) {
        Open o = open.peek();
        if (o.streamsTasks && complete && firstPart != null && firstPart.cut()) {
            for (Entry task : firstPart.secondTasks) {
                o.key = task.key();
                o.keyLocation = task.keyLocation();
                add(task.value());
            }
            secondPartAdded = true;
        }
        open.pop();
        SourceNode node;
        if (o.isMap) {
            // JSON has no merge keys: "<<" is a key like any other there
            List<Entry> entries = complete && yaml != null ? merged(o) : o.entries;
            node = new Mapping(entries, o.location, complete, entries == o.entries ? o.byKey : null);
        } else {
            node = new Sequence(o.items, o.location, complete);
        }
        if (o.anchor != null) {
            anchors.put(o.anchor, node);
        }
        if (o.streamsTasks) {
            tasks.end();
            tasksOpen = false;
        }
        add(node);
    }

    /** Applies {@code <<: *defaults}: keys written in the map win over merged ones. */
    private List<Entry> merged(Open o) {
        Entry merge = null;
        for (Entry e : o.entries) {
            if (e.key().equals(MERGE_KEY)) {
                merge = e;
            }
        }
        if (merge == null) {
            return o.entries;
        }
        List<Entry> out = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (Entry e : o.entries) {
            if (!e.key().equals(MERGE_KEY)) {
                out.add(e);
                written.add(e.key());
            }
        }
        List<SourceNode> sources = merge.value() instanceof Sequence s ? s.items() : List.of(merge.value());
        for (SourceNode source : sources) {
            if (source instanceof Mapping m) {
                for (Entry e : m.entries()) {
                    if (written.add(e.key())) {
                        out.add(e);
                    }
                }
            } else {
                problems.add(source.location(), "", "'<<' merges maps, but this is " + source.describe(),
                        "write '<<: *name' where '&name' marks a map");
            }
        }
        return out;
    }

    /** A value: a scalar read, or a map or list closed. */
    void add(SourceNode node) {
        Open parent = open.peek();
        if (parent == null) {
            root = node;
        } else if (!parent.isMap) {
            parent.items.add(node);
        } else {
            Entry entry = new Entry(parent.key, parent.keyLocation, node);
            Entry first = parent.firstOf(parent.key, entry);
            if (first != null) {
                problems.add(parent.keyLocation, "", "duplicate key '" + parent.key + "' (first at line "
                        + first.keyLocation().line() + ")", "each key may appear once in a map; this one is ignored");
            } else if (parent.streamsTasks && !(yaml != null && parent.key.equals(MERGE_KEY))) {
                tasks.accept(entry);
                Entry kept = new Entry(parent.key, parent.keyLocation, TAKEN);
                parent.entries.add(kept);
                if (parent.byKey != null) {
                    parent.byKey.put(parent.key, kept);
                }
            } else {
                parent.entries.add(entry);
            }
        }
    }

    private Location here() {
        if (json != null && parser.currentToken() != JsonToken.FIELD_NAME) {
            // the JSON parser keeps where a value starts as numbers, and would make a location object per call
            // (a key's start it keeps apart); its column counts from 1 less than the location's
            return new Location(file, json.getTokenLineNr(), json.getTokenColumnNr() - 1);
        }
        JsonLocation l = parser.currentTokenLocation();
        return new Location(file, linesBefore + l.getLineNr(), l.getColumnNr());
    }

    private org.cortexflow.engine.model.Problem syntaxProblem(JsonProcessingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Location at = new Location(file, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
            String message = "invalid YAML: " + m.getProblem();
            if (m.getContext() != null && m.getContextMark() != null) {
                message += " (" + m.getContext() + " that starts at line " + (m.getContextMark().getLine() + 1)
                        + ", column " + (m.getContextMark().getColumn() + 1) + ")";
            }
            return org.cortexflow.engine.model.Problem.at(at, message);
        }
        // a limit's exception (nesting too deep) carries no location: where the parser stopped is it
        JsonLocation l = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        Location at = l == null ? Location.of(file) : new Location(file, l.getLineNr(), l.getColumnNr());
        return org.cortexflow.engine.model.Problem.at(at, (yaml == null ? "invalid JSON: " : "invalid YAML: ")
                + e.getOriginalMessage());
    }
}
