package org.cortexflow.tasks.signal;

import java.util.OptionalDouble;

/**
 * Line-noise notches. FIR: MNE 1.3's {@code mne.filter.notch_filter(method='fir')}, a band-stop
 * around each frequency {@code f} with stop band {@code f +- width / 2} (width {@code f / 200}
 * unless given) and transition bands of {@code trans_bandwidth / 2} on either side, designed by
 * {@link FirDesign#bandStop}. IIR: {@code scipy.signal.iirnotch(f, Q, fs)} for each frequency,
 * applied one after the other with {@code scipy.signal.filtfilt(b, a, x)} (odd padding, pad length
 * 9, steady-state initial conditions), forward and backward as MNE applies IIR filters.
 */
public final class Notch {

    private Notch() {
    }

    /**
     * The FIR band-stop MNE's notch_filter builds.
     *
     * @param widths stop-band width in Hz for every frequency; empty: {@code f / 200}
     */
    public static FirDesign.FirFilter firDesign(double sfreq, double[] freqs, OptionalDouble widths, double transBandwidth,
                                                String filterLength, long nSamples) {
        if (freqs.length == 0) {
            throw new IllegalArgumentException("give at least one notch frequency");
        }
        if (widths.isPresent() && widths.getAsDouble() < 0) {
            throw new IllegalArgumentException("notch_widths must be >= 0");
        }
        double tb2 = transBandwidth / 2.0;
        double[] lows = new double[freqs.length];
        double[] highs = new double[freqs.length];
        for (int i = 0; i < freqs.length; i++) {
            double nw = widths.isPresent() ? widths.getAsDouble() : freqs[i] / 200.0;
            lows[i] = freqs[i] - nw / 2.0 - tb2;
            highs[i] = freqs[i] + nw / 2.0 + tb2;
        }
        return FirDesign.bandStop(sfreq, lows, highs, OptionalDouble.of(tb2), OptionalDouble.of(tb2), filterLength,
                Windows.Fir.HAMMING, nSamples);
    }

    /** The IIR notches applied in turn, each forward and backward. */
    public static double[] iir(double[] x, double sfreq, double[] freqs, double quality) {
        double[] y = x;
        for (double f : freqs) {
            double[][] ba = IirDesign.iirNotch(f, quality, sfreq);
            y = TransferFilter.filtfilt(ba[0], ba[1], y, -1);
        }
        return y == x ? x.clone() : y;
    }

    /**
     * {@code base} and its multiples whose stop band (width and transition included) stays below
     * Nyquist.
     */
    public static double[] harmonics(double base, double sfreq, double margin) {
        int count = (int) Math.floor((sfreq / 2 - margin) / base);
        double[] out = new double[Math.max(count, 0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = base * (i + 1);
        }
        return out;
    }
}
