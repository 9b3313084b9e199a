package org.cortexflow.tasks.models;

import java.util.List;
import java.util.Locale;

/**
 * The network families a model task can build. Both have the PredANN SampleCNN2D shape: three 3x3
 * convolutions (32, 64, 128 channels), batch norm, ReLU, dropout, global average pooling, and two
 * heads (classifier and representation).
 */
public enum Architecture {
    /**
     * The official SampleCNN2D (JURIUENO11/PredANN codes_3s/predann/models/sample_cnn2d_eeg.py):
     * every convolution at full resolution (stride 1, padding 1). About 9 GMAC per 128 x 729 EEG
     * input: a GPU architecture.
     */
    PAPER(1, 1),
    /**
     * The same layers and widths, each convolution with stride 2 across channels and 4 along time:
     * the third layer sees 43 samples (344 ms at 125 Hz), long enough for the 2-8 Hz rhythms that
     * follow the music; about 300 times cheaper than paper, trains on a CPU.
     */
    COMPACT(2, 4);

    private final int strideHeight;
    private final int strideWidth;

    Architecture(int strideHeight, int strideWidth) {
        this.strideHeight = strideHeight;
        this.strideWidth = strideWidth;
    }

    /** Stride of each of the three convolutions along the height (EEG channels, mel bands). */
    public int strideHeight() {
        return strideHeight;
    }

    /** Stride of each of the three convolutions along the width (time). */
    public int strideWidth() {
        return strideWidth;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> labels() {
        return List.of(PAPER.label(), COMPACT.label());
    }

    public static Architecture parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
