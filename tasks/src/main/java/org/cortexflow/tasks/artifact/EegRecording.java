package org.cortexflow.tasks.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An eeg artifact opened for reading: metadata in memory, samples read in blocks on demand. */
public final class EegRecording implements Closeable {

    public static final String DATA = "data.npy";
    public static final String CHANNELS = "channels.tsv";
    public static final String EVENTS = "events.tsv";

    private final Path dir;
    private final Map<String, Object> meta;
    private final double sfreq;
    private final List<Channel> channels;
    private final List<Event> events;
    private final NpyArray data;
    private final long samples;

    private EegRecording(Path dir, Map<String, Object> meta, List<Channel> channels, List<Event> events, NpyArray data) {
        this.dir = dir;
        this.meta = meta;
        this.sfreq = ((Number) meta.get("sfreq")).doubleValue();
        this.channels = channels;
        this.events = events;
        this.data = data;
        this.samples = data.shape()[1];
    }

    /** Opens the eeg artifact in {@code dir}; checks that its files agree with each other. */
    public static EegRecording open(Path dir) throws IOException, FileFormatError {
        Map<String, Object> meta = MetaJson.read(dir);
        if (!(meta.get("sfreq") instanceof Number)) {
            throw new FileFormatError(dir.resolve(MetaJson.FILE), -1, "sfreq", "meta.json has no numeric sfreq");
        }
        Table ct = Table.read(dir.resolve(CHANNELS));
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < ct.size(); i++) {
            channels.add(new Channel(ct.get(i, "name").orElse("ch" + i), ct.get(i, "type").orElse("EEG"),
                    ct.get(i, "unit").orElse(Table.MISSING)));
        }
        Table et = Table.read(dir.resolve(EVENTS));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < et.size(); i++) {
            try {
                events.add(new Event(Long.parseLong(et.get(i, "onset_sample").orElse("0")),
                        Long.parseLong(et.get(i, "duration_samples").orElse("0")),
                        et.get(i, "value").orElse(""), et.get(i, "description").orElse("")));
            } catch (NumberFormatException e) {
                throw new FileFormatError(dir.resolve(EVENTS), -1, "row " + (i + 2), "onset/duration is not an integer");
            }
        }
        NpyArray data = NpyArray.open(dir.resolve(DATA));
        long[] shape = data.shape();
        if (shape.length != 2 || shape[0] != channels.size()) {
            data.close();
            throw new FileFormatError(dir.resolve(DATA), -1, "shape", "expected [" + channels.size()
                    + ", samples] to match channels.tsv, found " + java.util.Arrays.toString(shape));
        }
        return new EegRecording(dir, meta, List.copyOf(channels), List.copyOf(events), data);
    }

    public Path dir() {
        return dir;
    }

    public double sfreq() {
        return sfreq;
    }

    public List<Channel> channels() {
        return channels;
    }

    public List<Event> events() {
        return events;
    }

    public long samples() {
        return samples;
    }

    /** Everything in meta.json. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** Reads samples {@code [start, start + len)} of one channel into {@code dst[off..]}. */
    public void readChannel(int channel, long start, float[] dst, int off, int len) throws IOException {
        if (start < 0 || start + len > samples) {
            throw new IndexOutOfBoundsException("samples " + start + ".." + (start + len) + " of " + samples);
        }
        data.read(channel * samples + start, dst, off, len);
    }

    /** Reads samples {@code [start, start + len)} of every channel into {@code dst[channel][0..len)}. */
    public void readBlock(long start, float[][] dst, int len) throws IOException {
        for (int c = 0; c < channels.size(); c++) {
            readChannel(c, start, dst[c], 0, len);
        }
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}
