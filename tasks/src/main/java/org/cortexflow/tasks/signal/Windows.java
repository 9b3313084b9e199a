package org.cortexflow.tasks.signal;

/**
 * Window functions as {@code scipy.signal.get_window} computes them (scipy 1.10): symmetric
 * windows for filter design ({@code fftbins=False}) and periodic ones for spectral analysis.
 */
public final class Windows {

    private Windows() {
    }

    /** The windows MNE's FIR design accepts, with MNE's length factor and nominal figures (Ifeachor and Jervis). */
    public enum Fir {
        HAMMING("Hamming", 3.3, 0.0194, 53),
        HANN("Hann", 3.1, 0.0546, 44),
        BLACKMAN("Blackman", 5.0, 0.0017, 74);

        private final String title;
        private final double lengthFactor;
        private final double rippleDb;
        private final int attenuationDb;

        Fir(String title, double lengthFactor, double rippleDb, int attenuationDb) {
            this.title = title;
            this.lengthFactor = lengthFactor;
            this.rippleDb = rippleDb;
            this.attenuationDb = attenuationDb;
        }

        /** The name as MNE and scipy spell it: hamming, hann, blackman. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public String title() {
            return title;
        }

        /** Filter length in samples per (sfreq / transition bandwidth). */
        public double lengthFactor() {
            return lengthFactor;
        }

        /** Nominal pass-band ripple in dB. */
        public double rippleDb() {
            return rippleDb;
        }

        /** Nominal stop-band attenuation in dB. */
        public int attenuationDb() {
            return attenuationDb;
        }

        /** The symmetric window of {@code m} points. */
        public double[] symmetric(int m) {
            return switch (this) {
                case HAMMING -> generalCosine(m, new double[] {0.54, 1.0 - 0.54}, true);
                case HANN -> generalCosine(m, new double[] {0.5, 1.0 - 0.5}, true);
                case BLACKMAN -> generalCosine(m, new double[] {0.42, 0.50, 0.08}, true);
            };
        }

        public static Fir of(String name) {
            for (Fir f : values()) {
                if (f.id().equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown FIR window '" + name + "' (hamming, hann or blackman)");
        }
    }

    /** Hann window; periodic ({@code fftbins=True}, for STFTs) or symmetric. */
    public static double[] hann(int m, boolean periodic) {
        return generalCosine(m, new double[] {0.5, 1.0 - 0.5}, !periodic);
    }

    /** Symmetric Kaiser window, {@code scipy.signal.windows.kaiser(m, beta)}. */
    public static double[] kaiser(int m, double beta) {
        if (m == 1) {
            return new double[] {1.0};
        }
        double[] w = new double[m];
        double alpha = (m - 1) / 2.0;
        double denominator = besselI0(beta);
        for (int n = 0; n < m; n++) {
            double r = (n - alpha) / alpha;
            w[n] = besselI0(beta * Math.sqrt(1 - r * r)) / denominator;
        }
        return w;
    }

    /** Sum of cosines on {@code linspace(-pi, pi, m)}, like {@code scipy.signal.windows.general_cosine}. */
    static double[] generalCosine(int m, double[] a, boolean symmetric) {
        if (m <= 0) {
            return new double[0];
        }
        if (m == 1) {
            return new double[] {1.0};
        }
        int len = symmetric ? m : m + 1;
        double[] w = new double[len];
        double step = 2 * Math.PI / (len - 1);
        for (int i = 0; i < len; i++) {
            double fac = i == len - 1 ? Math.PI : i * step - Math.PI;
            double v = 0;
            for (int k = 0; k < a.length; k++) {
                v += a[k] * Math.cos(k * fac);
            }
            w[i] = v;
        }
        return symmetric ? w : java.util.Arrays.copyOf(w, m);
    }

    /**
     * Modified Bessel function of the first kind, order 0, by its power series (relative error
     * near 1e-16 for the arguments window design uses, |x| below about 50).
     */
    public static double besselI0(double x) {
        double q = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
