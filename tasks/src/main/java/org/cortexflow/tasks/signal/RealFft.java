package org.cortexflow.tasks.signal;

import org.jtransforms.fft.DoubleFFT_1D;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * A real FFT of one length (JTransforms), with numpy's one-sided spectrum layout for callers that
 * edit bins. JTransforms runs single-threaded here: the signal tasks parallelise over channels
 * within the task's thread budget instead, so nested thread pools never oversubscribe the slot.
 */
public final class RealFft {

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    /** Per thread, the plans of the last few lengths used (a 2^20 plan costs milliseconds to make). */
    private static final ThreadLocal<java.util.LinkedHashMap<Integer, RealFft>> CACHE = ThreadLocal.withInitial(
            () -> new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Integer, RealFft> eldest) {
                    return size() > 4;
                }
            });

    private final int n;
    private final DoubleFFT_1D plan;

    public RealFft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be positive, got " + n);
        }
        this.n = n;
        this.plan = new DoubleFFT_1D(n);
    }

    /** A plan for length {@code n}, reused within the calling thread. */
    public static RealFft of(int n) {
        return CACHE.get().computeIfAbsent(n, RealFft::new);
    }

    public int length() {
        return n;
    }

    /** In place: {@code a[0..n)} becomes the packed spectrum (JTransforms' layout). */
    public void forwardPacked(double[] a) {
        plan.realForward(a);
    }

    /**
     * In place, inverse of {@link #forwardPacked}. With {@code scale} the result is the signal;
     * without, it is n / 2 times the signal (JTransforms' convention for real transforms).
     */
    public void inversePacked(double[] a, boolean scale) {
        plan.realInverse(a, scale);
    }

    /** Real part of bin {@code k} (0 <= k <= n/2) of a packed spectrum. */
    public double re(double[] a, int k) {
        if (k == 0) {
            return a[0];
        }
        if (n % 2 == 0) {
            return k == n / 2 ? a[1] : a[2 * k];
        }
        return k == n / 2 ? a[n - 1] : a[2 * k];
    }

    /** Imaginary part of bin {@code k} (0 <= k <= n/2) of a packed spectrum. */
    public double im(double[] a, int k) {
        if (k == 0 || (n % 2 == 0 && k == n / 2)) {
            return 0;
        }
        return n % 2 == 1 && k == n / 2 ? a[1] : a[2 * k + 1];
    }

    /** Sets bin {@code k} (0 <= k <= n/2) of a packed spectrum; imaginary parts that the layout has no room for are dropped. */
    public void set(double[] a, int k, double re, double im) {
        if (k == 0) {
            a[0] = re;
        } else if (n % 2 == 0 && k == n / 2) {
            a[1] = re;
        } else if (n % 2 == 1 && k == n / 2) {
            a[n - 1] = re;
            a[1] = im;
        } else {
            a[2 * k] = re;
            a[2 * k + 1] = im;
        }
    }

    /**
     * Unpacks a spectrum into {@code re[0..n/2]} and {@code im[0..n/2]} (the bins of numpy's rfft).
     */
    public void unpack(double[] a, double[] re, double[] im) {
        int half = n / 2;
        re[0] = a[0];
        im[0] = 0;
        if (n % 2 == 0) {
            for (int k = 1; k < half; k++) {
                re[k] = a[2 * k];
                im[k] = a[2 * k + 1];
            }
            if (n > 1) {
                re[half] = a[1];
                im[half] = 0;
            }
        } else {
            for (int k = 1; k < half; k++) {
                re[k] = a[2 * k];
                im[k] = a[2 * k + 1];
            }
            if (half >= 1) {
                re[half] = a[n - 1];
                im[half] = a[1];
            }
        }
    }

    /**
     * Packs bins {@code 0..n/2} into {@code a[0..n)} for {@link #inversePacked}. As numpy's irfft,
     * the imaginary parts of bin 0 and (for even n) bin n/2 are ignored.
     */
    public void pack(double[] re, double[] im, double[] a) {
        int half = n / 2;
        a[0] = re[0];
        if (n % 2 == 0) {
            for (int k = 1; k < half; k++) {
                a[2 * k] = re[k];
                a[2 * k + 1] = im[k];
            }
            if (n > 1) {
                a[1] = re[half];
            }
        } else {
            for (int k = 1; k < half; k++) {
                a[2 * k] = re[k];
                a[2 * k + 1] = im[k];
            }
            if (half >= 1) {
                a[n - 1] = re[half];
                a[1] = im[half];
            }
        }
    }
}
