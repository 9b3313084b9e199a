package org.cortexflow.tasks.artifact;

/**
 * A row of {@code channels.tsv}.
 *
 * @param type BIDS channel type: EEG, EOG, ECG, EMG, MISC, TRIG, ...
 * @param unit the unit of this channel's values in {@code data.npy} (V for EEG: data is stored in volts)
 */
public record Channel(String name, String type, String unit) {

    public static Channel eeg(String name) {
        return new Channel(name, "EEG", "V");
    }
}
