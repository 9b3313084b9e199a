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
        generate(dst, n, sd, false);
    }

    /** Adds {@code sd} times N(0, 1) values to {@code dst[0..n)}. */
    public void add(float[] dst, int n, float sd) {
        generate(dst, n, sd, true);
    }

    /**
     * The stream's next {@code n} values in counter form (the i-th state is the start plus i
     * increments), so the loop has no carried dependency and the JIT can vectorise it; the same
     * values as {@code n} calls of {@link #next} up to float rounding of the scaling.
     */
    private void generate(float[] dst, int n, float sd, boolean add) {
        long s = state;
        float scale = (float) SCALE * sd;
        float mean = (float) MEAN;
        for (int i = 0; i < n; i++) {
            long z = s + (i + 1) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            int sum = (int) (z & 0xFFFF) + (int) ((z >>> 16) & 0xFFFF) + (int) ((z >>> 32) & 0xFFFF) + (int) (z >>> 48);
            float v = (sum - mean) * scale;
            dst[i] = add ? dst[i] + v : v;
        }
        state = s + n * 0x9E3779B97F4A7C15L;
    }

    /** Uniform in [-1, 1). */
    public float uniform() {
        state += 0x9E3779B97F4A7C15L;
        long z = Seeds.mix(state);
        return (float) ((z >>> 40) * 0x1.0p-23 - 1.0);
    }
}
