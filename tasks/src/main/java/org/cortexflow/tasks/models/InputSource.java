package org.cortexflow.tasks.models;

import java.io.IOException;

/** What a network sees for epoch {@code i}: a height x width image, filled on demand. */
public interface InputSource {

    int height();

    int width();

    /** Writes epoch {@code epoch}'s input ([height, width], row-major) into {@code dst[off..]}. */
    void fill(int epoch, float[] dst, int off) throws IOException;

    /** The EEG of an epochs artifact, zero-padded on both sides to {@code width} samples (the official padding). */
    static InputSource eeg(EpochsData data, int width) {
        int samples = data.samples();
        if (width < samples) {
            throw new IllegalArgumentException("width " + width + " below the epochs' " + samples + " samples");
        }
        int left = (width - samples) / 2;
        float[] buf = new float[data.channels() * samples];
        return new InputSource() {
            @Override
            public int height() {
                return data.channels();
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                if (width == samples) {
                    data.read(epoch, dst, off);
                    return;
                }
                data.read(epoch, buf, 0);
                java.util.Arrays.fill(dst, off, off + data.channels() * width, 0f);
                for (int c = 0; c < data.channels(); c++) {
                    System.arraycopy(buf, c * samples, dst, off + c * width + left, samples);
                }
            }
        };
    }

    /** The smallest power of 3 at least {@code n}: the official code pads 375 EEG samples to 729 and 3 s of audio to 3^11. */
    static int powerOfThree(int n) {
        long p = 1;
        while (p < n) {
            p *= 3;
        }
        return Math.toIntExact(p);
    }
}
