package org.cortexflow.tasks.signal;

/**
 * The Mersenne Twister of numpy.random.RandomState(seed) (MT19937 with its legacy integer seeding),
 * with the draws scikit-learn's splitters make through it: permutation and choice without
 * replacement. Same seed, same sequence as NumPy, so a split made here equals the one
 * {@code train_test_split(..., random_state=seed)} makes.
 */
final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int pos;

    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next 32 random bits (numpy's next_uint32 for MT19937), as an unsigned value. */
    long nextUint32() {
        if (pos == N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return Integer.toUnsignedLong(y);
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        pos = 0;
    }

    /** A uniform integer in [0, max] by masked rejection, as numpy's random_interval. */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        if (max > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("interval beyond 32 bits: " + max);
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > max);
        return v;
    }

    /** Shuffles in place, as RandomState.shuffle on a 1-d array (Fisher-Yates from the top). */
    void shuffle(int[] a) {
        for (int i = a.length - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int t = a[j];
            a[j] = a[i];
            a[i] = t;
        }
    }

    /** RandomState.permutation(n). */
    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a);
        return a;
    }

    /** RandomState.choice(a, size, replace=False) without weights. */
    int[] choiceWithoutReplacement(int[] population, int size) {
        int[] idx = permutation(population.length);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = population[idx[i]];
        }
        return out;
    }
}
