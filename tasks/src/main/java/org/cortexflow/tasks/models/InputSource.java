package org.cortexflow.tasks.models;

import java.io.IOException;

/** What a network sees for epoch {@code i}: a height x width image, filled on demand. */
public interface InputSource {

    int height();

    int width();

    /** Writes epoch {@code epoch}'s input ([height, width], row-major) into {@code dst[off..]}. */
    void fill(int epoch, float[] dst, int off) throws IOException;

    /** Writes one epoch's input; what {@link #fill} does. */
    @FunctionalInterface
    interface Filler {
        void fill(int epoch, float[] dst, int off) throws IOException;
    }

    /** A {@code height} x {@code width} source whose epochs {@code filler} writes. */
    static InputSource of(int height, int width, Filler filler) {
        return new InputSource() {
            @Override
            public int height() {
                return height;
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                filler.fill(epoch, dst, off);
            }
        };
    }

    /** The EEG of an epochs artifact, zero-padded on both sides to {@code width} samples (the official padding). */
    static InputSource eeg(EpochsData data, int width) {
        int samples = data.samples();
        if (width < samples) {
            throw new IllegalArgumentException("width " + width + " below the epochs' " + samples + " samples");
        }
        float[] buf = new float[data.channels() * samples];
        return InputSource.of(data.channels(), width, (epoch, dst, off) -> {
            if (width == samples) {
                data.read(epoch, dst, off);
                return;
            }
            data.read(epoch, buf, 0);
            centre(buf, data.channels(), samples, dst, off, width);
        });
    }

    /** {@code channels} rows of {@code samples} from {@code src}, centred in rows of {@code width} zeros at {@code dst[off..]}. */
    static void centre(float[] src, int channels, int samples, float[] dst, int off, int width) {
        if (width == samples) {
            System.arraycopy(src, 0, dst, off, channels * samples);
            return;
        }
        int left = (width - samples) / 2;
        java.util.Arrays.fill(dst, off, off + channels * width, 0f);
        for (int c = 0; c < channels; c++) {
            System.arraycopy(src, c * samples, dst, off + c * width + left, samples);
        }
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
