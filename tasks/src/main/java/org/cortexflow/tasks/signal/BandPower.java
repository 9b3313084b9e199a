package org.cortexflow.tasks.signal;

import java.util.Locale;

/**
 * Per-second band features of one band-filtered signal, as the DEAP pipeline of Avramidis et al.
 * (klean2050/EEG_CrossModal) computes them, plus two classic variants:
 * <ul>
 * <li>{@code de-stft}: {@code -0.5 * log(mean over bins of |X|^2)} of the STFT frames of a
 * {@code scipy.signal.stft(x, window='hann', nperseg=w, noverlap=0)} (zero boundary padding of
 * w/2, spectrum scaling), frames centred at 1, 2, ... windows (the frame at 0 dropped, as the
 * reference drops it);</li>
 * <li>{@code de-gaussian}: {@code 0.5 * log(2 pi e var)} of the samples of each window
 * {@code [(k-1) w, k w)} (population variance);</li>
 * <li>{@code power}: mean square of the samples of each window {@code [(k-1) w, k w)}, V^2.</li>
 * </ul>
 */
public final class BandPower {

    /** What is computed for each window. */
    public enum Measure {
        DE_STFT("de-stft"), DE_GAUSSIAN("de-gaussian"), POWER("power");

        private final String id;

        Measure(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Measure of(String id) {
            for (Measure m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown measure " + id);
        }
    }

    /** A named frequency band in Hz. */
    public record Band(String name, double low, double high) {

        /** Parses {@code name:low-high}, e.g. {@code theta:2-4}. */
        public static Band parse(String spec) {
            String s = spec.trim();
            int colon = s.indexOf(':');
            int dash = s.indexOf('-', colon + 2);
            if (colon <= 0 || dash < 0) {
                throw new IllegalArgumentException("band '" + spec + "' is not name:low-high (e.g. theta:4-8)");
            }
            try {
                double lo = Double.parseDouble(s.substring(colon + 1, dash).trim());
                double hi = Double.parseDouble(s.substring(dash + 1).trim().toLowerCase(Locale.ROOT).replace("hz", "").trim());
                if (!(lo > 0 && hi > lo)) {
                    throw new IllegalArgumentException("band '" + spec + "' needs 0 < low < high");
                }
                return new Band(s.substring(0, colon).trim(), lo, hi);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("band '" + spec + "' is not name:low-high (e.g. theta:4-8)");
            }
        }
    }

    private BandPower() {
    }

    /**
     * One value per window of {@code window} samples: {@code seconds} values for windows 1..seconds.
     *
     * @param x the band-filtered signal
     */
    public static double[] perWindow(double[] x, int window, int seconds, Measure m) {
        double[] out = new double[seconds];
        if (m == Measure.DE_STFT) {
            double[] win = Windows.hann(window, true);
            double sum = 0;
            for (double v : win) {
                sum += v;
            }
            RealFft fft = RealFft.of(window);
            double[] frame = new double[window];
            int bins = window / 2 + 1;
            double[] re = new double[bins];
            double[] im = new double[bins];
            int half = window / 2;
            for (int k = 1; k <= seconds; k++) {
                long start = (long) k * window - half;
                for (int i = 0; i < window; i++) {
                    long t = start + i;
                    frame[i] = t >= 0 && t < x.length ? x[(int) t] * win[i] : 0.0;
                }
                fft.forwardPacked(frame);
                fft.unpack(frame, re, im);
                double p = 0;
                for (int b = 0; b < bins; b++) {
                    double r = re[b] / sum;
                    double j = im[b] / sum;
                    p += r * r + j * j;
                }
                out[k - 1] = -0.5 * Math.log(p / bins);
            }
            return out;
        }
        for (int k = 0; k < seconds; k++) {
            int from = k * window;
            double mean = 0;
            for (int i = 0; i < window; i++) {
                mean += x[from + i];
            }
            mean /= window;
            double acc = 0;
            for (int i = 0; i < window; i++) {
                double v = m == Measure.POWER ? x[from + i] : x[from + i] - mean;
                acc += v * v;
            }
            acc /= window;
            out[k] = m == Measure.POWER ? acc : 0.5 * Math.log(2 * Math.PI * Math.E * acc);
        }
        return out;
    }

    /** Segments of {@code length} windows starting every {@code hop} windows that fit in {@code seconds}. */
    public static int segments(int seconds, int length, int hop) {
        return seconds < length ? 0 : (seconds - length) / hop + 1;
    }
}
