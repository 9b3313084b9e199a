package org.cortexflow.tasks.artifact;

import java.util.Locale;

/**
 * One row of {@code epochs.tsv}: where an epoch came from and what it is labelled. Fields that do
 * not apply are {@link #NONE} for integers, {@link Double#NaN} for times and {@code ""} for text;
 * all three are written as {@code n/a}.
 *
 * @param recording the eeg item id of the source recording ({@code ""} for a single recording)
 * @param label the class index of {@code stimulus} in meta.json's {@code classes}
 * @param split {@code train}, {@code test} or {@code all}
 * @param chunk the chunk index within its (subject, stimulus)
 * @param window the evaluation-window index (test crops of one window share it)
 * @param onsetSample the epoch's first sample in the source recording, at the epoch's sfreq
 * @param audioOnsetS time in the stimulus audio aligned to the epoch's first sample (stimulus delay removed)
 * @param audioDurationS length of that audio segment, seconds
 */
public record EpochRow(String recording, String subject, String stimulus, int label, String split, int chunk,
                       int window, long onsetSample, double audioOnsetS, double audioDurationS) {

    /** An integer field that does not apply. */
    public static final int NONE = -1;
    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String ALL = "all";

    public boolean hasLabel() {
        return label >= 0;
    }

    public boolean hasAudio() {
        return !Double.isNaN(audioOnsetS);
    }

    /** The same row with another label. */
    public EpochRow withLabel(int newLabel) {
        return new EpochRow(recording, subject, stimulus, newLabel, split, chunk, window, onsetSample, audioOnsetS, audioDurationS);
    }

    Object[] cells(long epoch) {
        return new Object[] {epoch, text(recording), text(subject), text(stimulus), integer(label), text(split),
            integer(chunk), integer(window), onsetSample, seconds(audioOnsetS), seconds(audioDurationS)};
    }

    private static String text(String s) {
        return s.isEmpty() ? Table.MISSING : s;
    }

    private static String integer(int i) {
        return i < 0 ? Table.MISSING : Integer.toString(i);
    }

    /** Seconds to 9 decimals (nanoseconds): exact for any sample rate below 1 GHz, stable bytes. */
    private static String seconds(double s) {
        if (Double.isNaN(s)) {
            return Table.MISSING;
        }
        String t = String.format(Locale.ROOT, "%.9f", s);
        t = t.replaceAll("0+$", "");
        return t.endsWith(".") ? t + "0" : t;
    }
}
