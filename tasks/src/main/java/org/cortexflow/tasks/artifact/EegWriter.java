package org.cortexflow.tasks.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an eeg artifact ({@code data.npy} float32 [channels, samples] in volts, {@code channels.tsv},
 * {@code events.tsv}, {@code meta.json}) block by block, so a recording never has to fit in the heap.
 */
public final class EegWriter implements Closeable {

    private final Path dir;
    private final double sfreq;
    private final List<Channel> channels;
    private final long samples;
    private final NpyWriter data;
    private boolean finished;

    private EegWriter(Path dir, double sfreq, List<Channel> channels, long samples, NpyWriter data) {
        this.dir = dir;
        this.sfreq = sfreq;
        this.channels = List.copyOf(channels);
        this.samples = samples;
        this.data = data;
    }

    /** Starts an eeg artifact in {@code dir} (which must exist) for a recording of known length. */
    public static EegWriter create(Path dir, double sfreq, List<Channel> channels, long samples) throws IOException {
        if (!(sfreq > 0) || channels.isEmpty() || samples < 0) {
            throw new IllegalArgumentException("sfreq " + sfreq + ", " + channels.size() + " channels, " + samples + " samples");
        }
        return new EegWriter(dir, sfreq, channels, samples,
                NpyWriter.float32(dir.resolve(EegRecording.DATA), channels.size(), samples));
    }

    public long samples() {
        return samples;
    }

    public List<Channel> channels() {
        return channels;
    }

    /** Writes {@code len} samples of every channel, {@code block[channel][0..len)}, starting at sample {@code start}. */
    public void writeBlock(long start, float[][] block, int len) throws IOException {
        for (int c = 0; c < channels.size(); c++) {
            writeChannel(c, start, block[c], 0, len);
        }
    }

    /** Writes {@code len} samples of one channel from {@code src[off..]}, starting at sample {@code start}. */
    public void writeChannel(int channel, long start, float[] src, int off, int len) throws IOException {
        if (start < 0 || start + len > samples) {
            throw new IndexOutOfBoundsException("samples " + start + ".." + (start + len) + " of " + samples);
        }
        data.write(channel * samples + start, src, off, len);
    }

    /**
     * Writes the tables and {@code meta.json} and closes the data file.
     *
     * @param meta extra entries for meta.json (source file, format, start time, ...); sfreq, shape
     *             and channel names are added here
     */
    public void finish(List<Event> events, Map<String, ?> meta) throws IOException {
        data.close();
        Table.Builder ch = new Table.Builder("name", "type", "unit");
        channels.forEach(c -> ch.add(c.name(), c.type(), c.unit()));
        ch.build().write(dir.resolve(EegRecording.CHANNELS));
        Table.Builder ev = new Table.Builder("onset_sample", "duration_samples", "value", "description");
        events.forEach(e -> ev.add(e.onsetSample(), e.durationSamples(), e.value(), e.description()));
        ev.build().write(dir.resolve(EegRecording.EVENTS));
        Map<String, Object> m = new TreeMap<>(meta);
        m.put("kind", "eeg");
        m.put("sfreq", sfreq);
        m.put("n_channels", channels.size());
        m.put("n_samples", samples);
        m.put("duration_s", samples / sfreq);
        m.put("unit", "V");
        m.put("channel_names", channels.stream().map(Channel::name).toList());
        MetaJson.write(dir, m);
        finished = true;
    }

    /** Closes the data file; an unfinished artifact lacks its tables and meta.json. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            data.close();
        }
    }
}
