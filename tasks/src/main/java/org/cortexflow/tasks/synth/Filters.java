package org.cortexflow.tasks.synth;

/** The small recursive filters the simulators are built from. */
final class Filters {

    private Filters() {
    }

    /**
     * Coloured noise with a power spectrum close to 1/f^beta between {@code fLo} and about
     * {@code fs / 4}: white noise through a cascade of first-order pole-zero sections, two per
     * decade, each zero placed beta/2 of the way (in log frequency) from its pole to the next pole,
     * so that the average slope is -beta. Scaled to unit output variance.
     */
    static final class Pink {
        private final double[] pole;
        private final double[] zero;
        private final double[] x1;
        private final double[] y1;
        private final double scale;

        /** A filter with the same coefficients as {@code design} and its own (zero) state. */
        Pink(Pink design) {
            pole = design.pole;
            zero = design.zero;
            scale = design.scale;
            x1 = new double[pole.length];
            y1 = new double[pole.length];
        }

        Pink(double beta, double fLo, double fs) {
            double ratio = Math.sqrt(10);
            int n = (int) Math.ceil(Math.log(fs / 4 / fLo) / Math.log(ratio));
            pole = new double[n];
            zero = new double[n];
            for (int i = 0; i < n; i++) {
                double fp = fLo * StrictMath.pow(ratio, i);
                double fz = fp * StrictMath.pow(ratio, beta / 2);
                pole[i] = StrictMath.exp(-2 * StrictMath.PI * fp / fs);
                zero[i] = StrictMath.exp(-2 * StrictMath.PI * Math.min(fz, fs / 2.5) / fs);
            }
            x1 = new double[n];
            y1 = new double[n];
            // unit variance: divide by the root energy of the impulse response
            double energy = 0;
            double[] sx = new double[n];
            double[] sy = new double[n];
            int len = (int) Math.min(4_000_000, 30 * fs / (2 * Math.PI * fLo)); // 30 time constants of the slowest pole
            for (int t = 0; t < len; t++) {
                double v = t == 0 ? 1 : 0;
                for (int i = 0; i < n; i++) {
                    double y = v - zero[i] * sx[i] + pole[i] * sy[i];
                    sx[i] = v;
                    sy[i] = y;
                    v = y;
                }
                energy += v * v;
            }
            scale = 1 / Math.sqrt(energy);
        }

        /** Filters {@code buf[0..n)} in place (white in, coloured out). */
        void apply(float[] buf, int n) {
            int k = pole.length;
            for (int i = 0; i < n; i++) {
                double v = buf[i];
                for (int s = 0; s < k; s++) {
                    double y = v - zero[s] * x1[s] + pole[s] * y1[s];
                    x1[s] = v;
                    y1[s] = y;
                    v = y;
                }
                buf[i] = (float) (v * scale);
            }
        }
    }

    /**
     * A narrow-band rhythm (alpha, beta): white noise through a two-pole resonator at {@code f}
     * with bandwidth about {@code bandwidth} Hz, scaled to unit output variance.
     */
    static final class Resonator {
        private final double a1;
        private final double a2;
        private final double scale;
        private double y1;
        private double y2;

        Resonator(double f, double bandwidth, double fs) {
            double r = StrictMath.exp(-StrictMath.PI * bandwidth / fs);
            a1 = 2 * r * StrictMath.cos(2 * StrictMath.PI * f / fs);
            a2 = -r * r;
            // variance of an AR(2) process driven by unit white noise
            double var = (1 - a2) / ((1 + a2) * ((1 - a2) * (1 - a2) - a1 * a1));
            scale = 1 / Math.sqrt(var);
        }

        void apply(float[] buf, int n) {
            for (int i = 0; i < n; i++) {
                double y = buf[i] + a1 * y1 + a2 * y2;
                y2 = y1;
                y1 = y;
                buf[i] = (float) (y * scale);
            }
        }
    }

    /** An Ornstein-Uhlenbeck process (AR(1)) with unit stationary variance, stepped explicitly. */
    static final class Ou {
        private final double a;
        private final double b;
        private double v;

        Ou(double timeConstantSteps, double start) {
            a = StrictMath.exp(-1 / timeConstantSteps);
            b = Math.sqrt(1 - a * a);
            v = start;
        }

        double value() {
            return v;
        }

        double step(double gaussian) {
            v = a * v + b * gaussian;
            return v;
        }
    }
}
