package org.cortexflow.tasks.synth;

import java.util.List;
import java.util.Locale;

/**
 * The three sizes of every synthetic study. {@code tiny} generates in about a second (unit
 * tests), {@code small} is the demo and the default PredANN study, {@code full} has the real
 * dataset's scale (benchmarks). Explicit parameters override a size's defaults.
 */
public enum StudySize {
    TINY, SMALL, FULL;

    public static final List<String> NAMES = List.of("tiny", "small", "full");

    public static StudySize of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** NMED-T-like: subjects. */
    public int nmedtSubjects() {
        return pick(2, 10, 20);
    }

    /** NMED-T-like: songs. */
    public int nmedtSongs() {
        return pick(2, 10, 10);
    }

    /** NMED-T-like: song length in seconds (full uses NMED-T's own lengths, 271-298 s). */
    public double nmedtSongSeconds() {
        return pick(12, 250, 280);
    }

    /** NMED-T-like: EEG channels. */
    public int nmedtChannels() {
        return pick(8, 16, 128);
    }

    /** NMED-T-like: rest before the first song and after the last, seconds. */
    public double nmedtRestS() {
        return pick(8, 10, 10);
    }

    /** NMED-T-like: shortest and longest gap between songs, seconds. */
    public double[] nmedtGapS() {
        return this == TINY ? new double[] {8, 10} : new double[] {8, 15};
    }

    /** GTZAN-fMRI: subjects. */
    public int fmriSubjects() {
        return pick(1, 2, 5);
    }

    /** GTZAN-fMRI: training runs, and clips per training run (besides the repeated first clip). */
    public int[] fmriTraining() {
        return this == TINY ? new int[] {2, 10} : this == SMALL ? new int[] {4, 40} : new int[] {12, 40};
    }

    /** GTZAN-fMRI: test runs, distinct clips per test run, repeats of each. */
    public int[] fmriTest() {
        return this == TINY ? new int[] {1, 5, 4} : this == SMALL ? new int[] {2, 10, 4} : new int[] {6, 10, 4};
    }

    /** GTZAN-fMRI: volume size in voxels. */
    public int[] fmriVolume() {
        return this == TINY ? new int[] {12, 14, 10} : new int[] {24, 28, 20};
    }

    /** GTZAN-like tracks: seconds (GTZAN's are 30 s; clips are 15-s excerpts). */
    public double gtzanTrackSeconds() {
        return this == TINY ? 16 : 30;
    }

    /** GTZAN-like tracks per genre that the matching fMRI study uses (one excerpt per track). */
    public int gtzanTracksPerGenre() {
        int[] tr = fmriTraining();
        int[] te = fmriTest();
        return (int) Math.ceil(tr[0] * tr[1] / 10.0) + (int) Math.ceil(te[0] * te[1] / 10.0);
    }

    /** DEAP-like: subjects. */
    public int deapSubjects() {
        return pick(1, 8, 32);
    }

    /** DEAP-like: trials (and clips). */
    public int deapTrials() {
        return pick(4, 40, 40);
    }

    /** DEAP-like: seconds per trial. */
    public double deapTrialSeconds() {
        return pick(10, 60, 60);
    }

    private int pick(int tiny, int small, int full) {
        return this == TINY ? tiny : this == SMALL ? small : full;
    }

    private double pick(double tiny, double small, double full) {
        return this == TINY ? tiny : this == SMALL ? small : full;
    }
}
