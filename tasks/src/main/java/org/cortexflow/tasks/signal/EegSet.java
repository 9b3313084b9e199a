package org.cortexflow.tasks.signal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.ItemIndex;

/**
 * The recordings of an eeg input (one recording or a set), checked to share a sampling rate and
 * channels, ordered by subject and id. Opens one recording at a time, so a study of any size streams.
 */
final class EegSet {

    /** One recording of the set: its item id, subject and directory. */
    record Entry(String id, String subject, Path dir) {
        String label() {
            return id.isEmpty() ? dir.getFileName().toString() : id;
        }
    }

    private final List<Entry> entries;
    private final double sfreq;
    private final List<Channel> channels;
    private final int[] dataChannels;

    private EegSet(List<Entry> entries, double sfreq, List<Channel> channels, int[] dataChannels) {
        this.entries = entries;
        this.sfreq = sfreq;
        this.channels = channels;
        this.dataChannels = dataChannels;
    }

    static EegSet open(Path dir) throws IOException, TaskFailure {
        List<Entry> entries = new ArrayList<>();
        double sfreq = Double.NaN;
        List<Channel> channels = null;
        String first = null;
        for (ItemIndex.Item it : ItemIndex.list(dir, ItemIndex.RECORDINGS)) {
            try (EegRecording r = EegRecording.open(it.dir())) {
                String subject = it.field("subject", String.valueOf(r.meta().getOrDefault("subject", "")));
                Entry e = new Entry(it.id(), subject, it.dir());
                if (channels == null) {
                    sfreq = r.sfreq();
                    channels = r.channels();
                    first = e.label();
                } else if (r.sfreq() != sfreq || !names(r.channels()).equals(names(channels))) {
                    throw new TaskFailure("recording " + e.label() + " has " + r.channels().size() + " channels at "
                            + r.sfreq() + " Hz, but " + first + " has " + channels.size() + " at " + sfreq
                            + " Hz; epochs of one artifact need the same channels and rate"
                            + "\n  hint: resample (eeg.resample) or pick channels (eeg.reference) first");
                }
                entries.add(e);
            }
        }
        if (channels == null) {
            throw new TaskFailure("input 'eeg' (" + dir + ") holds no recordings");
        }
        entries.sort(Comparator.comparing(Entry::subject).thenComparing(Entry::id));
        List<Integer> picks = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            String type = channels.get(c).type().toUpperCase(Locale.ROOT);
            if (!type.equals("TRIG") && !type.equals("STIM")) {
                picks.add(c);
            }
        }
        if (picks.isEmpty()) {
            throw new TaskFailure("recording " + first + " has no data channels (only trigger channels)");
        }
        return new EegSet(List.copyOf(entries), sfreq, channels, picks.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<String> names(List<Channel> cs) {
        return cs.stream().map(Channel::name).toList();
    }

    List<Entry> entries() {
        return entries;
    }

    double sfreq() {
        return sfreq;
    }

    /** The channels that go into epochs: every channel but triggers (TRIG, STIM), as MNE's default picks. */
    List<Channel> dataChannels() {
        List<Channel> out = new ArrayList<>();
        for (int c : dataChannels) {
            out.add(channels.get(c));
        }
        return out;
    }

    /**
     * Reads samples {@code [start, start + len)} of the data channels of {@code r} into
     * {@code dst[k * stride + offset + t]} for data channel k.
     */
    void read(EegRecording r, long start, int len, float[] dst, int stride, int offset) throws IOException {
        for (int k = 0; k < dataChannels.length; k++) {
            r.readChannel(dataChannels[k], start, dst, k * stride + offset, len);
        }
    }
}
