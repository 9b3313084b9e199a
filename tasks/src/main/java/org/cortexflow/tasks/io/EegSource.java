package org.cortexflow.tasks.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.FileFormatError;

/**
 * An EEG recording opened for reading in any of the formats {@code eeg.read} knows: the header in
 * memory, the samples read in blocks on demand. Voltage channels read in volts; other channels in
 * the unit their {@link Channel} names; trigger channels ({@code TRIG}) read as the integer codes
 * the file stores, before any bit mask.
 */
public interface EegSource extends Closeable {

    /** The file the recording was opened from (the header file for BrainVision and EEGLAB). */
    Path file();

    /** A short format name: "BDF", "EDF+C", "BrainVision", "EEGLAB", "MAT v7.3", ... */
    String format();

    /** Samples per second of every channel read. */
    double sfreq();

    List<Channel> channels();

    /** Samples per channel. */
    long samples();

    /** Events the file states outside its trigger channels: annotations, markers, EEGLAB events. */
    List<Event> events();

    /** Extra entries for meta.json (start time, record layout, ...), keys in snake_case. */
    Map<String, Object> meta();

    /** What the reader repaired or assumed, one line each, naming the file. */
    List<String> warnings();

    /** A block length in samples that reads efficiently (whole data records, a few MB). */
    int blockSamples();

    /**
     * Reads samples {@code [start, start + len)} of every channel into {@code dst[channel][0..len)}.
     * Sequential blocks from sample 0 are the fast path.
     */
    void read(long start, float[][] dst, int len) throws IOException, FileFormatError;
}
