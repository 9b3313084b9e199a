package org.cortexflow.tasks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.io.edf.EdfReader;
import org.cortexflow.tasks.io.mat.MatEegReader;

/**
 * Describes an EEG recording (EDF/EDF+/BDF, BrainVision .vhdr, EEGLAB .set): format, channels by
 * type, rate, duration, start, and events by value. Trigger channels are scanned (the whole file
 * is read once, at disk speed) so their events are counted too.
 */
public final class EegInspector implements Inspector {

    @Override
    public String name() {
        return "eeg";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public boolean accepts(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".edf") || n.endsWith(".bdf") || n.endsWith(".vhdr") || n.endsWith(".set") || n.endsWith(".rec")) {
            return true;
        }
        try {
            String f = EegFiles.detect(path);
            return f.equals("edf") || f.equals("brainvision") || f.equals("eeglab");
        } catch (TaskFailure e) {
            return false;
        }
    }

    @Override
    public Inspection inspect(Path path) throws IOException, TaskFailure {
        EegFiles.Options o = new EegFiles.Options("auto", EdfReader.Options.defaults(),
                new MatEegReader.Options("", 0, "", 1e-6, "auto", false));
        try (EegSource src = EegFiles.open(path, o)) {
            return describe(path, src);
        }
    }

    /** The summary of an opened recording; also used for MAT files that hold EEG. */
    static Inspection describe(Path path, EegSource src) throws IOException, TaskFailure {
        List<Channel> chans = src.channels();
        Map<String, Long> types = chans.stream().collect(Collectors.groupingBy(Channel::type, TreeMap::new, Collectors.counting()));
        double duration = src.samples() / src.sfreq();
        Inspection in = new Inspection("eeg", path, path.getFileName() + ": " + src.format() + ", " + chans.size()
                + " channels" + (chans.isEmpty() ? "" : " at " + num(src.sfreq()) + " Hz, " + Inspection.duration(duration)));
        in.put("format", src.format());
        in.put("n_channels", chans.size());
        in.put("sfreq", chans.isEmpty() ? null : src.sfreq());
        in.put("n_samples", src.samples());
        in.put("duration_s", chans.isEmpty() ? null : duration);
        Map<String, Object> meta = src.meta();
        if (meta.containsKey("start_time")) {
            in.row("start", String.valueOf(meta.get("start_time")));
            in.put("start_time", meta.get("start_time"));
        }
        if (!chans.isEmpty()) {
            in.row("channels", types.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                    + ": " + names(chans));
            in.row("rate", num(src.sfreq()) + " Hz, " + src.samples() + " samples");
        }
        List<Map<String, Object>> jsonChannels = new ArrayList<>();
        for (Channel c : chans) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("type", c.type());
            m.put("unit", c.unit());
            jsonChannels.add(m);
        }
        in.put("channels", jsonChannels);
        List<Event> events = new ArrayList<>(src.events());
        for (TriggerScanner t : scanTriggers(src)) {
            events.addAll(t.finish());
        }
        Map<String, Long> byValue = events.stream().collect(Collectors.groupingBy(Event::value, TreeMap::new, Collectors.counting()));
        Map<String, Long> bySource = events.stream().collect(Collectors.groupingBy(Event::description, TreeMap::new,
                Collectors.counting()));
        if (src instanceof EdfReader edf && chans.isEmpty()) {
            Map<String, Long> notes = edf.annotations().stream().collect(Collectors.groupingBy(EdfReader.Annotation::text,
                    TreeMap::new, Collectors.counting()));
            in.row("annotations", edf.annotations().size() + (notes.isEmpty() ? "" : ": " + Inspection.counts(notes, 20)));
            in.put("annotations_by_text", notes);
            in.put("n_annotations", edf.annotations().size());
            double end = edf.annotations().stream().mapToDouble(a -> a.onset() + a.duration()).max().orElse(0);
            in.row("span", Inspection.duration(end) + " from the first record's start");
        }
        if (!chans.isEmpty()) {
            in.row("events", events.size() + (events.isEmpty() ? "" : ": " + Inspection.counts(byValue, 20)));
        }
        if (bySource.size() > 1 || !events.isEmpty()) {
            in.row("from", Inspection.counts(bySource, 10));
        }
        in.put("n_events", events.size());
        in.put("events_by_value", byValue);
        in.warnAll(src.warnings());
        return in;
    }

    /** Reads the trigger channels through the whole recording (the mask is BioSemi's 16 trigger bits). */
    private static List<TriggerScanner> scanTriggers(EegSource src) throws IOException, TaskFailure {
        List<Integer> idx = new ArrayList<>();
        List<TriggerScanner> out = new ArrayList<>();
        for (int c = 0; c < src.channels().size(); c++) {
            if (src.channels().get(c).type().equals("TRIG")) {
                idx.add(c);
                out.add(new TriggerScanner(src.channels().get(c).name(), 0xFFFF, TriggerScanner.Mode.INCREASING));
            }
        }
        if (idx.isEmpty() || src.samples() == 0) {
            return out;
        }
        int block = Math.max(1, src.blockSamples());
        float[][] buf = new float[src.channels().size()][block];
        for (long start = 0; start < src.samples(); start += block) {
            int n = (int) Math.min(block, src.samples() - start);
            src.read(start, buf, n);
            for (int k = 0; k < idx.size(); k++) {
                out.get(k).accept(buf[idx.get(k)], n);
            }
        }
        return out;
    }

    private static String names(List<Channel> chans) {
        int show = 12;
        String s = chans.stream().limit(show).map(Channel::name).collect(Collectors.joining(", "));
        return chans.size() > show ? s + ", ... " + chans.get(chans.size() - 1).name() : s;
    }

    static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
