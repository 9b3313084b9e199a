package org.cortexflow.tasks.synth;

/**
 * Bulk noise for signals with billions of samples: a SplitMix64 stream whose every 64-bit output
 * gives one approximately standard normal value, the sum of its four 16-bit parts (Irwin-Hall with
 * n = 4, rescaled to unit variance: tails are cut at +-3.46 standard deviations and the kurtosis
 * is 2.7 rather than 3). About ten times faster than Box-Muller, and exactly reproducible.
 */
public final class FastNoise {

    private static final double MEAN = 4 * 65535 / 2.0;
    private static final double SCALE = 1.0 / Math.sqrt(4 * (65536.0 * 65536.0 - 1) / 12.0);

    private long state;

    public FastNoise(long seed) {
        this.state = seed;
    }

    /** The next approximately N(0, 1) value. */
    public float next() {
        state += 0x9E3779B97F4A7C15L;
        long z = Seeds.mix(state);
        long sum = (z & 0xFFFF) + ((z >>> 16) & 0xFFFF) + ((z >>> 32) & 0xFFFF) + (z >>> 48);
        return (float) ((sum - MEAN) * SCALE);
    }

    /** Fills {@code dst[0..n)} with {@code sd} times N(0, 1) values. */
    public void fill(float[] dst, int n, float sd) {
        long s = state;
        for (int i = 0; i < n; i++) {
            s += 0x9E3779B97F4A7C15L;
            long z = Seeds.mix(s);
            long sum = (z & 0xFFFF) + ((z >>> 16) & 0xFFFF) + ((z >>> 32) & 0xFFFF) + (z >>> 48);
            dst[i] = (float) ((sum - MEAN) * SCALE) * sd;
        }
        state = s;
    }

    /** Adds {@code sd} times N(0, 1) values to {@code dst[0..n)}. */
    public void add(float[] dst, int n, float sd) {
        long s = state;
        for (int i = 0; i < n; i++) {
            s += 0x9E3779B97F4A7C15L;
            long z = Seeds.mix(s);
            long sum = (z & 0xFFFF) + ((z >>> 16) & 0xFFFF) + ((z >>> 32) & 0xFFFF) + (z >>> 48);
            dst[i] += (float) ((sum - MEAN) * SCALE) * sd;
        }
        state = s;
    }

    /** Uniform in [-1, 1). */
    public float uniform() {
        state += 0x9E3779B97F4A7C15L;
        long z = Seeds.mix(state);
        return (float) ((z >>> 40) * 0x1.0p-23 - 1.0);
    }
}
