package org.cortexflow.tasks.synth;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from one study seed and a path of names
 * ({@code seed / "eeg" / "sub-03" / "blinks"}), so that each planted component has its own stream:
 * adding a subject or a song leaves every other component's numbers unchanged, and the result does
 * not depend on which thread generates what.
 */
public final class Seeds {

    private Seeds() {
    }

    /** A 64-bit seed for the path {@code keys} under {@code seed}. */
    public static long derive(long seed, Object... keys) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (Object k : keys) {
            for (byte b : String.valueOf(k).getBytes(StandardCharsets.UTF_8)) {
                h = mix(h ^ (b & 0xFF) ^ 0x100);
            }
            h = mix(h ^ 0x2F); // separator, so ("ab", "c") differs from ("a", "bc")
        }
        return h;
    }

    /** A generator for the path {@code keys} under {@code seed}. */
    public static SplittableRandom random(long seed, Object... keys) {
        return new SplittableRandom(derive(seed, keys));
    }

    /** The SplitMix64 finalizer (Steele, Lea and Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal draw (Box-Muller with StrictMath, so the value is the same on every JVM). */
    public static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble(); // (0, 1]
        double v = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
    }

    /** Uniform in [lo, hi). */
    public static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
