package org.cortexflow.tasks.artifact;

/**
 * A row of {@code events.tsv}: a marker, annotation or trigger in sample units of its recording.
 * Stimulus onsets carry the stimulus id as {@code value} (NMED-T song 21, a BIDS stim_file, ...).
 */
public record Event(long onsetSample, long durationSamples, String value, String description) {
}
