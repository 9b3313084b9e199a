package org.cortexflow.tasks.io;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegWriter;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.io.bids.BidsDataset;
import org.cortexflow.tasks.io.bids.BidsName;
import org.cortexflow.tasks.io.bids.BidsRecording;
import org.cortexflow.tasks.io.edf.EdfReader;
import org.cortexflow.tasks.io.mat.MatEegReader;

/**
 * {@code eeg.read}: reads EEG recordings (EDF, EDF+, BDF, BrainVision, EEGLAB, MATLAB, NMED-T raw)
 * into the eeg artifact, block by block. Given a directory (a BIDS dataset or a folder of files)
 * it writes a set: one eeg artifact per recording and {@code recordings.tsv}.
 */
public final class EegRead implements TaskType {

    private static final List<PortSpec> INPUTS = List.of(ReadSource.FROM);

    private static final List<ParamSpec> PARAMS = List.of(
            ReadSource.path("an EEG file (.bdf, .edf, .vhdr, .set, .mat) or a directory: a BIDS"
                    + " dataset or a folder of such files, read as a set"),
            ReadSource.WITHIN,
            ParamSpec.choice("format", EegFiles.FORMATS, "auto", "file format; auto tells them apart by extension and first"
                    + " bytes (a .mat holding X, fs and DIN_1 is read with the nmedt preset)"),
            ParamSpec.optional("rate", ParamType.FLOAT, 0.0, "EDF/BDF with signals at different rates: 0 reads every signal"
                    + " at the highest rate (lower rates upsampled per data record, as MNE does); a rate reads only the"
                    + " signals at that rate").unit("Hz").atLeast(0),
            ParamSpec.optional("triggers", ParamType.LIST, List.of("auto"), "trigger channels, turned into events: auto"
                    + " (Status, Trigger, names containing TRIG, STI nnn), channel names, or [] for none"),
            ParamSpec.optional("trigger_mask", ParamType.INT, 0xFFFF, "bit mask applied to trigger codes (BioSemi: the low"
                    + " 16 bits carry the trigger; the upper bits are status flags)").range(1, 0xFFFFFF),
            ParamSpec.choice("trigger_mode", List.of("increasing", "any"), "increasing", "which steps of a trigger channel"
                    + " start an event: increasing (like MNE find_events) or any change to a non-zero code"),
            ParamSpec.optional("annotations", ParamType.BOOL, true, "read EDF+/BDF+ annotations into events"),
            ParamSpec.optional("fill_gaps", ParamType.BOOL, false, "EDF+D: keep the gaps between data records as zeros (sample"
                    + " index follows the clock) instead of laying records end to end"),
            ParamSpec.optional("allow_truncated", ParamType.BOOL, false, "read the complete part of a file shorter than its"
                    + " header says, instead of failing"),
            ParamSpec.optional("variable", ParamType.STRING, "", "MAT: the variable holding the EEG; empty picks the largest"
                    + " 2-D numeric matrix"),
            ParamSpec.optional("sfreq", ParamType.FLOAT, 0.0, "MAT: sampling rate; 0 reads it from sfreq_variable").unit("Hz")
                    .atLeast(0),
            ParamSpec.optional("sfreq_variable", ParamType.STRING, "", "MAT: the variable holding the sampling rate; empty"
                    + " tries fs, srate, Fs, sfreq, sampling_rate"),
            ParamSpec.choice("unit", List.of("V", "mV", "uV", "nV"), "uV", "MAT: the unit of the matrix values"),
            ParamSpec.choice("orientation", List.of("auto", "channels_x_samples", "samples_x_channels"), "auto",
                    "MAT: which dimension holds the channels; auto takes the shorter one"),
            ParamSpec.optional("bids_events", ParamType.BOOL, true, "BIDS: use the recording's events.tsv as its events"
                    + " (authoritative: the file's own markers and trigger channel are then not turned into events)"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG,
            "data.npy [channels, samples] in volts, channels.tsv, events.tsv, meta.json; a set with recordings.tsv for a directory"));

    private static final Pattern NMEDT_NAME = Pattern.compile("(?i)^S(\\d+)_(\\d+)\\.mat$");

    @Override
    public String name() {
        return "eeg.read";
    }

    @Override
    public String version() {
        return "2"; // 2: meta.json names a file read from input `from` by its place in it, not the store's path
    }

    @Override
    public String summary() {
        return "Read EEG (EDF/EDF+, BDF, BrainVision, EEGLAB, MATLAB v5/v7.3, NMED-T raw, BIDS) into an eeg artifact in volts";
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

    /** The parameters that shape how one recording is read and written. */
    record Settings(EegFiles.Options files, long mask, TriggerScanner.Mode mode, boolean bidsEvents) {
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        Path path = ReadSource.resolve(ctx);
        Settings s = settings(ctx);
        Path out = ctx.output("eeg");
        if (Files.isDirectory(path)) {
            readSet(ctx, path, s, out);
        } else {
            Optional<BidsRecording> bids = bidsRecordingOf(path, ctx.log());
            read(ctx, path, bids, s, out);
        }
    }

    static Settings settings(TaskContext ctx) {
        double toVolts = VoltUnits.toVolts(ctx.string("unit")).orElseThrow();
        EdfReader.Options edf = new EdfReader.Options(ctx.real("rate"), ctx.bool("annotations"), ctx.bool("fill_gaps"),
                ctx.bool("allow_truncated"), TriggerChannels.of(ParamType.strings(ctx.param("triggers"))), ctx.cpus() > 1);
        MatEegReader.Options mat = new MatEegReader.Options(ctx.string("variable"), ctx.real("sfreq"),
                ctx.string("sfreq_variable"), toVolts, ctx.string("orientation"), false);
        TriggerScanner.Mode mode = TriggerScanner.Mode.valueOf(ctx.string("trigger_mode").toUpperCase(Locale.ROOT));
        return new Settings(new EegFiles.Options(ctx.string("format"), edf, mat), ctx.integer("trigger_mask"), mode,
                ctx.bool("bids_events"));
    }

    private void readSet(TaskContext ctx, Path dir, Settings s, Path out) throws Exception {
        List<ItemIndex.Item> items = new ArrayList<>();
        if (BidsDataset.isDataset(dir)) {
            BidsDataset ds = BidsDataset.open(dir);
            List<BidsRecording> recs = ds.recordings("eeg");
            if (recs.isEmpty()) {
                throw new TaskFailure(dir + " is a BIDS dataset without EEG recordings (sub-*/[ses-*/]eeg/*_eeg.bdf|edf|vhdr|set)");
            }
            ctx.log().println("BIDS dataset " + dir + ": " + recs.size() + " EEG recording(s), subjects " + ds.subjects());
            for (BidsRecording r : recs) {
                checkCancelled(ctx);
                Path sub = Files.createDirectories(out.resolve(r.id()));
                read(ctx, r.file(), Optional.of(r), s, sub);
                Map<String, String> f = new LinkedHashMap<>();
                r.subject().ifPresent(v -> f.put("subject", v));
                r.session().ifPresent(v -> f.put("session", v));
                r.task().ifPresent(v -> f.put("task", v));
                r.run().ifPresent(v -> f.put("run", v));
                f.put("source", dir.relativize(r.file()).toString());
                items.add(new ItemIndex.Item(r.id(), sub, f));
            }
            ds.warnings().forEach(w -> ctx.log().println("warning: " + w));
        } else {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir, 4)) {
                files = walk.filter(Files::isRegularFile).filter(EegFiles::isRecording)
                        .sorted(Comparator.comparing(Path::toString)).toList();
            }
            if (files.isEmpty()) {
                throw new TaskFailure(dir + " holds no EEG recordings (" + String.join(", ", EegFiles.EXTENSIONS) + ")");
            }
            for (Path f : files) {
                checkCancelled(ctx);
                String rel = dir.relativize(f).toString();
                String id = rel.replaceFirst("\\.[^.]*$", "").replaceAll("[/\\\\\\s]+", "_");
                Path sub = Files.createDirectories(out.resolve(id));
                read(ctx, f, Optional.empty(), s, sub);
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher m = NMEDT_NAME.matcher(f.getFileName().toString());
                Optional<BidsName> bn = BidsName.parse(f.getFileName().toString());
                if (bn.isPresent() && bn.get().entity("sub").isPresent()) {
                    bn.get().entity("sub").ifPresent(v -> fields.put("subject", v));
                    bn.get().entity("ses").ifPresent(v -> fields.put("session", v));
                    bn.get().entity("task").ifPresent(v -> fields.put("task", v));
                    bn.get().entity("run").ifPresent(v -> fields.put("run", v));
                } else if (m.matches()) {
                    fields.put("subject", m.group(1));
                    fields.put("run", m.group(2));
                }
                fields.put("source", rel);
                items.add(new ItemIndex.Item(id, sub, fields));
            }
        }
        ItemIndex.write(out, ItemIndex.RECORDINGS, List.of("subject", "session", "task", "run", "source"), items);
    }

    /** The BIDS recording a single file belongs to, when it lies in a BIDS dataset. */
    private static Optional<BidsRecording> bidsRecordingOf(Path file, PrintStream log) {
        Path abs = file.toAbsolutePath().normalize();
        Optional<BidsName> name = BidsName.parse(abs.getFileName().toString());
        if (name.isEmpty() || name.get().entity("sub").isEmpty()) {
            return Optional.empty();
        }
        Path dir = abs.getParent();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("dataset_description.json"))) {
                try {
                    return Optional.of(BidsDataset.open(dir).recording(abs));
                } catch (IOException | TaskFailure e) {
                    log.println("warning: " + file + " lies in the BIDS dataset " + dir + " but its sidecars could not be read: "
                            + e.getMessage());
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Reads one recording into {@code out}. */
    static void read(TaskContext ctx, Path file, Optional<BidsRecording> bids, Settings s, Path out) throws Exception {
        try (EegSource src = EegFiles.open(file, s.files())) {
            if (src.channels().isEmpty() || src.samples() == 0) {
                throw new TaskFailure(file + ": no signal data to read (" + src.channels().size() + " channels, " + src.samples()
                        + " samples)" + (src.channels().isEmpty() ? "; an annotation-only EDF+ file holds events only:"
                        + " `cortexflow inspect` lists them" : ""));
            }
            PrintStream log = ctx.log();
            log.println(file + ": " + src.format() + ", " + src.channels().size() + " channels, " + src.sfreq() + " Hz, "
                    + src.samples() + " samples");
            src.warnings().forEach(w -> log.println("warning: " + w));
            List<Event> bidsEvents = null;
            List<Channel> channels = src.channels();
            Map<String, Object> meta = new TreeMap<>(src.meta());
            meta.put("source", ReadSource.recorded(ctx, file));
            if (bids.isPresent()) {
                BidsRecording r = bids.get();
                meta.put("bids", Map.of("subject", r.subject().orElse("n/a"), "session", r.session().orElse("n/a"),
                        "task", r.task().orElse("n/a"), "run", r.run().orElse("n/a")));
                r.number("SamplingFrequency").filter(f -> Math.abs(f - src.sfreq()) > 1e-6 * f).ifPresent(f ->
                        log.println("warning: " + file + ": the BIDS sidecar says SamplingFrequency " + f + " Hz, the file "
                                + src.sfreq() + " Hz; the file's rate is used"));
                if (r.channels().isPresent()) {
                    channels = bidsChannels(r.channels().get(), channels, meta, log);
                }
                if (s.bidsEvents() && r.events().isPresent()) {
                    bidsEvents = bidsEvents(r.events().get(), src.sfreq(), log);
                    meta.put("events_source", r.events().get().getFileName().toString());
                }
            }
            List<Event> events = copy(ctx, src, channels, s, bidsEvents, meta, out);
            log.println("wrote " + out + ": " + events.size() + " events");
        }
    }

    /**
     * Streams every sample of {@code src} into an eeg artifact in {@code out}, block by block;
     * trigger channels are masked and scanned on the way.
     *
     * @param bidsEvents authoritative events, or null to use the file's own
     * @return the events written
     */
    static List<Event> copy(TaskContext ctx, EegSource src, List<Channel> channels, Settings s, List<Event> bidsEvents,
                            Map<String, Object> meta, Path out) throws IOException, TaskFailure {
        int nch = channels.size();
        int block = Math.max(1, src.blockSamples());
        List<TriggerScanner> scanners = new ArrayList<>();
        int[] trig = new int[nch];
        for (int c = 0; c < nch; c++) {
            trig[c] = -1;
            if (channels.get(c).type().equals("TRIG")) {
                trig[c] = scanners.size();
                scanners.add(new TriggerScanner(channels.get(c).name(), s.mask(), s.mode()));
            }
        }
        long t0 = System.nanoTime();
        try (EegWriter w = EegWriter.create(out, src.sfreq(), channels, src.samples())) {
            // decoding the next block overlaps with writing the last one: one writer thread, three buffers
            BlockingQueue<float[][]> free = new ArrayBlockingQueue<>(3);
            for (int i = 0; i < 3; i++) {
                free.add(new float[nch][block]);
            }
            ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "eeg-writer " + out.getFileName());
                t.setDaemon(true);
                return t;
            });
            List<Future<?>> pending = new ArrayList<>();
            try {
                for (long start = 0; start < src.samples(); start += block) {
                    checkCancelled(ctx);
                    int n = (int) Math.min(block, src.samples() - start);
                    float[][] buf = free.take();
                    src.read(start, buf, n);
                    for (int c = 0; c < nch; c++) {
                        if (trig[c] >= 0) {
                            scanners.get(trig[c]).accept(buf[c], n);
                        }
                    }
                    long at = start;
                    pending.add(writer.submit(() -> {
                        try {
                            w.writeBlock(at, buf, n);
                        } finally {
                            free.add(buf);
                        }
                        return null;
                    }));
                    for (Future<?> f : pending) {
                        if (f.isDone()) {
                            f.get(); // a failed write stops the reading at once
                        }
                    }
                    pending.removeIf(Future::isDone);
                }
                for (Future<?> f : pending) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskFailure("interrupted while reading " + src.file());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException("writing " + out + " failed", e.getCause());
            } finally {
                writer.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ctx.log().printf(Locale.ROOT, "copied %d samples x %d channels in %.3f s%n", src.samples(), nch, seconds);
            List<Event> events = new ArrayList<>();
            if (bidsEvents != null) {
                events.addAll(bidsEvents);
                ctx.log().println("events from the BIDS events.tsv (" + bidsEvents.size() + "); the file's own "
                        + src.events().size() + " markers/annotations and its trigger channels are not used as events");
            } else {
                events.addAll(src.events());
                for (TriggerScanner t : scanners) {
                    events.addAll(t.finish());
                }
                events.sort(Comparator.comparingLong(Event::onsetSample));
            }
            long outside = events.stream().filter(e -> e.onsetSample() < 0 || e.onsetSample() >= src.samples()).count();
            if (outside > 0) {
                ctx.log().println("warning: " + outside + " event(s) lie outside the recording's " + src.samples() + " samples");
            }
            if (!scanners.isEmpty()) {
                meta.put("trigger_mask", s.mask());
            }
            w.finish(events, meta);
            return events;
        }
    }

    private static List<Channel> bidsChannels(Path tsv, List<Channel> channels, Map<String, Object> meta, PrintStream log)
            throws IOException, FileFormatError {
        List<String> warnings = new ArrayList<>();
        Table t = org.cortexflow.tasks.io.bids.BidsTsv.read(tsv, warnings::add);
        warnings.forEach(w -> log.println("warning: " + w));
        if (t.indexOf("name") < 0) {
            log.println("warning: " + tsv + " has no 'name' column; channel types come from the data file");
            return channels;
        }
        Map<String, Integer> row = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            row.put(t.get(i, "name").orElse(""), i);
        }
        List<Channel> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Channel c : channels) {
            Integer i = row.get(c.name());
            if (i == null) {
                out.add(c);
                continue;
            }
            String type = t.get(i, "type").map(x -> x.toUpperCase(Locale.ROOT)).orElse(c.type());
            if (c.type().equals("TRIG") && !type.equals("TRIG")) {
                type = "TRIG"; // the file's trigger channel stays one
            }
            out.add(new Channel(c.name(), type, c.unit()));
            if (t.get(i, "status").map("bad"::equalsIgnoreCase).orElse(false)) {
                bad.add(c.name());
            }
        }
        if (row.size() != channels.size()) {
            log.println("warning: " + tsv + " lists " + row.size() + " channels, the data file has " + channels.size());
        }
        if (!bad.isEmpty()) {
            meta.put("bad_channels", bad);
        }
        return out;
    }

    /** Events of a BIDS events.tsv: onset (s) to samples; value from `value`, else `trial_type`. */
    static List<Event> bidsEvents(Path tsv, double sfreq, PrintStream log) throws IOException, FileFormatError {
        List<String> warnings = new ArrayList<>();
        Table t = org.cortexflow.tasks.io.bids.BidsTsv.read(tsv, warnings::add);
        warnings.forEach(w -> log.println("warning: " + w));
        if (t.indexOf("onset") < 0) {
            throw new FileFormatError(tsv, 0, "header", "no 'onset' column", "BIDS events.tsv files start with onset and duration");
        }
        List<Event> out = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < t.size(); i++) {
            Optional<Double> onset = number(t.get(i, "onset"));
            if (onset.isEmpty()) {
                skipped++;
                continue;
            }
            double duration = number(t.get(i, "duration")).orElse(0.0);
            Optional<String> type = t.get(i, "trial_type");
            String value = t.get(i, "value").or(() -> type).orElse(Table.MISSING);
            String desc = "BIDS events.tsv" + (t.get(i, "value").isPresent() && type.isPresent() ? ": " + type.get() : "");
            out.add(new Event(Math.round(onset.get() * sfreq), Math.round(Math.max(0, duration) * sfreq), value, desc));
        }
        if (skipped > 0) {
            log.println("warning: " + tsv + ": " + skipped + " row(s) without a numeric onset are skipped");
        }
        out.sort(Comparator.comparingLong(Event::onsetSample));
        return out;
    }

    private static Optional<Double> number(Optional<String> s) {
        try {
            return s.map(Double::parseDouble).filter(Double::isFinite);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void checkCancelled(TaskContext ctx) throws TaskFailure {
        if (ctx.cancelled()) {
            throw new TaskFailure("cancelled");
        }
    }
}
