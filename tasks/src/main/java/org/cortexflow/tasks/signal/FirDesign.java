package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Linear-phase FIR filters designed as MNE 1.3 does by default ({@code mne.filter.create_filter}
 * with {@code fir_design='firwin'}, {@code phase='zero'}, "auto" transition bandwidths and
 * filter length): each transition band is a windowed-sinc low-pass ({@code scipy.signal.firwin})
 * of the length that transition needs, and the low-passes are added or subtracted, centred, in a
 * filter of the overall length.
 */
public final class FirDesign {

    /**
     * A designed filter.
     *
     * @param taps   the odd-length symmetric impulse response
     * @param design what was designed, for meta.json (edges, transitions, -6 dB points, length,
     *               ripple and attenuation)
     * @param report the design as MNE logs it, one line each, warnings included
     */
    public record FirFilter(double[] taps, Map<String, Object> design, List<String> report) {
    }

    private FirDesign() {
    }

    /**
     * Low-, high-, band-pass or band-stop design from MNE's {@code l_freq} and {@code h_freq}:
     * only {@code highpass} is a high-pass, only {@code lowpass} a low-pass, both with
     * highpass &lt; lowpass a band-pass, and highpass &gt; lowpass a band-stop.
     *
     * @param highpass      MNE's l_freq in Hz (empty: none)
     * @param lowpass       MNE's h_freq in Hz (empty: none)
     * @param lTrans        lower transition bandwidth in Hz (empty: "auto")
     * @param hTrans        upper transition bandwidth in Hz (empty: "auto")
     * @param filterLength  "auto", a duration ("10s", "500ms") or a number of samples
     * @param nSamples      length of the signal to be filtered, for MNE's length warning
     * @throws IllegalArgumentException for what MNE rejects, with MNE's reason
     */
    public static FirFilter design(double sfreq, OptionalDouble highpass, OptionalDouble lowpass, OptionalDouble lTrans,
                                   OptionalDouble hTrans, String filterLength, Windows.Fir window, long nSamples) {
        double nyq = sfreq / 2.0;
        if (!(sfreq > 0)) {
            throw new IllegalArgumentException("sfreq must be positive, got " + sfreq);
        }
        if (lowpass.isPresent() && lowpass.getAsDouble() > nyq) {
            throw new IllegalArgumentException("lowpass (" + num(lowpass.getAsDouble())
                    + " Hz) must be less than the Nyquist frequency " + num(nyq) + " Hz");
        }
        OptionalDouble l = highpass.isPresent() && highpass.getAsDouble() == 0 ? OptionalDouble.empty() : highpass;
        if (l.isEmpty() && lowpass.isEmpty()) {
            throw new IllegalArgumentException("give lowpass and/or highpass: nothing to filter");
        }
        if (l.isPresent() && lowpass.isPresent() && l.getAsDouble() > lowpass.getAsDouble()) {
            return bandStop(sfreq, new double[] {lowpass.getAsDouble()}, new double[] {l.getAsDouble()},
                    hTrans, lTrans, filterLength, window, nSamples);
        }
        List<String> report = new ArrayList<>();
        String kind = l.isPresent() ? (lowpass.isPresent() ? "bandpass" : "highpass") : "lowpass";
        switch (kind) {
            case "lowpass" -> report.add(String.format(Locale.ROOT, "Setting up low-pass filter at %s Hz", g2(lowpass.getAsDouble())));
            case "highpass" -> report.add(String.format(Locale.ROOT, "Setting up high-pass filter at %s Hz", g2(l.getAsDouble())));
            default -> report.add(String.format(Locale.ROOT, "Setting up band-pass filter from %s - %s Hz",
                    g2(l.getAsDouble()), g2(lowpass.getAsDouble())));
        }
        header(report, kind, window);
        Map<String, Object> design = baseDesign(kind, window);
        double lStop = 0;
        double lTb = Double.POSITIVE_INFINITY;
        if (l.isPresent()) {
            double lf = l.getAsDouble();
            if (lf <= 0) {
                throw new IllegalArgumentException("highpass frequency " + num(lf) + " must be greater than zero");
            }
            lTb = lTrans.isPresent() ? lTrans.getAsDouble() : Math.min(Math.max(0.25 * lf, 2.0), lf);
            report.add(String.format(Locale.ROOT, "- Lower passband edge: %.2f", lf));
            report.add(String.format(Locale.ROOT, "- Lower transition bandwidth: %.2f Hz (-6 dB cutoff frequency: %.2f Hz)",
                    lTb, lf - lTb / 2.0));
            if (lTb <= 0) {
                throw new IllegalArgumentException("l_trans_bandwidth must be positive, got " + num(lTb));
            }
            lStop = lf - lTb;
            if (lStop < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "Filter specification invalid: Lower stop "
                        + "frequency negative (%.2f Hz). Increase pass frequency or reduce the transition bandwidth "
                        + "(l_trans_bandwidth)", lStop));
            }
            design.put("lower", edge(lf, lTb, lf - lTb / 2.0, lStop));
        }
        double hStop = nyq;
        double hTb = Double.POSITIVE_INFINITY;
        if (lowpass.isPresent()) {
            double hf = lowpass.getAsDouble();
            if (hf >= nyq) {
                throw new IllegalArgumentException("lowpass frequency " + num(hf) + " must be less than Nyquist (" + num(nyq) + ")");
            }
            hTb = hTrans.isPresent() ? hTrans.getAsDouble() : Math.min(Math.max(0.25 * hf, 2.0), nyq - hf);
            report.add(String.format(Locale.ROOT, "- Upper passband edge: %.2f Hz", hf));
            report.add(String.format(Locale.ROOT, "- Upper transition bandwidth: %.2f Hz (-6 dB cutoff frequency: %.2f Hz)",
                    hTb, hf + hTb / 2.0));
            if (hTb <= 0) {
                throw new IllegalArgumentException("h_trans_bandwidth must be positive, got " + num(hTb));
            }
            hStop = hf + hTb;
            if (hStop > nyq) {
                throw new IllegalArgumentException("Effective band-stop frequency (" + num(hStop)
                        + ") is too high (maximum based on Nyquist is " + num(nyq) + ")");
            }
            design.put("upper", edge(hf, hTb, hf + hTb / 2.0, hStop));
        }
        int n = length(filterLength, sfreq, window, Math.min(lTb, hTb));
        finishLength(report, design, n, sfreq, nSamples);
        List<Double> freq = new ArrayList<>();
        List<Double> gain = new ArrayList<>();
        switch (kind) {
            case "lowpass" -> {
                add(freq, gain, 0, 1);
                add(freq, gain, lowpass.getAsDouble(), 1);
                add(freq, gain, hStop, 0);
                if (hStop != nyq) {
                    add(freq, gain, nyq, 0);
                }
            }
            case "highpass" -> {
                if (lStop != 0) {
                    add(freq, gain, 0, 0);
                }
                add(freq, gain, lStop, 0);
                add(freq, gain, l.getAsDouble(), 1);
                add(freq, gain, nyq, 1);
            }
            default -> {
                if (lStop != 0) {
                    add(freq, gain, 0, 0);
                }
                add(freq, gain, lStop, 0);
                add(freq, gain, l.getAsDouble(), 1);
                add(freq, gain, lowpass.getAsDouble(), 1);
                add(freq, gain, hStop, 0);
                if (hStop != nyq) {
                    add(freq, gain, nyq, 0);
                }
            }
        }
        return construct(sfreq, unbox(freq), unbox(gain), n, window, design, report);
    }

    /**
     * Band-stop design with one or more stop bands, as {@code mne.filter.notch_filter} asks
     * {@code filter_data} for it: pass bands end at {@code lows} and restart at {@code highs},
     * with transition bands of {@code lTrans} above each low and {@code hTrans} below each high.
     */
    public static FirFilter bandStop(double sfreq, double[] lows, double[] highs, OptionalDouble lTrans, OptionalDouble hTrans,
                                     String filterLength, Windows.Fir window, long nSamples) {
        double nyq = sfreq / 2.0;
        if (lows.length != highs.length || lows.length == 0) {
            throw new IllegalArgumentException("band-stop needs as many lower as upper edges");
        }
        List<String> report = new ArrayList<>();
        if (lows.length == 1) {
            report.add(String.format(Locale.ROOT, "Setting up band-stop filter from %s - %s Hz", g2(lows[0]), g2(highs[0])));
        } else {
            report.add("Setting up band-stop filter");
        }
        header(report, "bandstop", window);
        for (int i = 0; i < lows.length; i++) {
            if (lows[i] <= 0) {
                throw new IllegalArgumentException("highpass frequency " + num(lows[i]) + " must be greater than zero");
            }
            if (highs[i] >= nyq) {
                throw new IllegalArgumentException("lowpass frequency " + num(highs[i]) + " must be less than Nyquist (" + num(nyq) + ")");
            }
        }
        double lTb = lTrans.isPresent() ? lTrans.getAsDouble() : Math.min(Math.max(0.25 * min(lows), 2.0), min(lows));
        double hTb = hTrans.isPresent() ? hTrans.getAsDouble() : Math.min(Math.max(0.25 * max(highs), 2.0), nyq - max(highs));
        if (lTb <= 0 || hTb <= 0) {
            throw new IllegalArgumentException("transition bandwidths must be positive, got " + num(lTb) + " and " + num(hTb));
        }
        report.add(String.format(Locale.ROOT, "- Lower transition bandwidth: %.2f Hz", lTb));
        report.add(String.format(Locale.ROOT, "- Upper transition bandwidth: %.2f Hz", hTb));
        int k = lows.length;
        double[] passLow = new double[k];
        double[] stopLow = new double[k];
        double[] stopHigh = new double[k];
        double[] passHigh = new double[k];
        List<Map<String, Object>> bands = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            passLow[i] = lows[i];
            stopLow[i] = lows[i] + lTb;
            stopHigh[i] = highs[i] - hTb;
            passHigh[i] = highs[i];
            if (passHigh[i] > nyq) {
                throw new IllegalArgumentException("Effective band-stop frequency (" + num(passHigh[i])
                        + ") is too high (maximum based on Nyquist is " + num(nyq) + ")");
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("passband_edges_hz", List.of(passLow[i], passHigh[i]));
            b.put("stopband_edges_hz", List.of(stopLow[i], stopHigh[i]));
            b.put("cutoffs_6db_hz", List.of(passLow[i] + lTb / 2.0, passHigh[i] - hTb / 2.0));
            bands.add(b);
        }
        Map<String, Object> design = baseDesign("bandstop", window);
        design.put("transition_bandwidths_hz", List.of(lTb, hTb));
        design.put("stop_bands", bands);
        int n = length(filterLength, sfreq, window, Math.min(lTb, hTb));
        finishLength(report, design, n, sfreq, nSamples);
        // breakpoints sorted by frequency, as MNE's argsort does
        int m = 4 * k;
        double[] f = new double[m];
        double[] g = new double[m];
        for (int i = 0; i < k; i++) {
            f[i] = passLow[i];
            g[i] = 1;
            f[k + i] = stopLow[i];
            f[2 * k + i] = stopHigh[i];
            f[3 * k + i] = passHigh[i];
            g[3 * k + i] = 1;
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(f[a], f[b]));
        List<Double> freq = new ArrayList<>();
        List<Double> gain = new ArrayList<>();
        if (f[order[0]] != 0) {
            add(freq, gain, 0, 1);
        }
        for (int i : order) {
            add(freq, gain, f[i], g[i]);
        }
        if (freq.get(freq.size() - 1) != nyq) {
            add(freq, gain, nyq, 1);
        }
        for (int i = 2; i < gain.size(); i++) {
            if (Math.abs(gain.get(i) - 2 * gain.get(i - 1) + gain.get(i - 2)) > 1) {
                throw new IllegalArgumentException("Stop bands are not sufficiently separated.");
            }
        }
        return construct(sfreq, unbox(freq), unbox(gain), n, window, design, report);
    }

    /**
     * {@code scipy.signal.firwin(numtaps, cutoff, window=window, pass_zero=True)}: a windowed-sinc
     * low-pass with unit gain at 0 Hz.
     *
     * @param cutoff the cutoff as a fraction of the Nyquist frequency (0, 1)
     * @param window the symmetric window, {@code numtaps} points
     */
    public static double[] firwinLowpass(int numtaps, double cutoff, double[] window) {
        double alpha = 0.5 * (numtaps - 1);
        double[] h = new double[numtaps];
        double sum = 0;
        for (int i = 0; i < numtaps; i++) {
            double m = i - alpha;
            h[i] = cutoff * sinc(cutoff * m) * window[i];
            sum += h[i];
        }
        for (int i = 0; i < numtaps; i++) {
            h[i] /= sum;
        }
        return h;
    }

    /** numpy's sinc: sin(pi x) / (pi x). */
    static double sinc(double x) {
        double y = Math.PI * (x == 0 ? 1.0e-20 : x);
        return Math.sin(y) / y;
    }

    // MNE's _construct_fir_filter + _firwin_design
    private static FirFilter construct(double sfreq, double[] freqHz, double[] gain, int n, Windows.Fir window,
                                       Map<String, Object> design, List<String> report) {
        double[] freq = new double[freqHz.length];
        for (int i = 0; i < freq.length; i++) {
            freq[i] = freqHz[i] / (sfreq / 2.0);
        }
        if (n % 2 == 0) {
            throw new IllegalArgumentException("filter_length must be odd for a zero-phase filter, got " + n);
        }
        double[] h = new double[n];
        double prevFreq = freq[freq.length - 1];
        double prevGain = gain[gain.length - 1];
        if (prevGain == 1) {
            h[n / 2] = 1;
        }
        for (int i = freq.length - 2; i >= 0; i--) {
            double thisFreq = freq[i];
            double thisGain = gain[i];
            if (thisGain != prevGain) {
                double transition = (prevFreq - thisFreq) / 2.0;
                int thisN = (int) Math.rint(window.lengthFactor() / transition);
                thisN += 1 - Math.floorMod(thisN, 2);
                if (thisN > n) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "The requested filter length %d is too short "
                            + "for the requested %.2f Hz transition band, which requires %d samples",
                            n, transition * sfreq / 2.0, thisN));
                }
                double[] lp = firwinLowpass(thisN, (prevFreq + thisFreq) / 2.0, window.symmetric(thisN));
                int offset = (n - thisN) / 2;
                for (int j = 0; j < thisN; j++) {
                    h[offset + j] += thisGain == 0 ? -lp[j] : lp[j];
                }
            }
            prevGain = thisGain;
            prevFreq = thisFreq;
        }
        // MNE's _filter_attenuation: the largest response at the stop-band breakpoints
        double worst = 0;
        double worstFreq = 0;
        for (int i = 0; i < freq.length; i++) {
            if (gain[i] != 1) {
                double r = magnitude(h, Math.PI * freq[i]);
                if (r > worst || i == 0) {
                    worst = r;
                    worstFreq = freqHz[i];
                }
            }
        }
        double attDb = -20 * Math.log10(Math.max(worst, 1e-20));
        design.put("measured_attenuation_db", round(attDb, 2));
        design.put("measured_attenuation_at_hz", worstFreq);
        if (attDb < 20) {
            report.add(String.format(Locale.ROOT, "warning: Attenuation at stop frequency %.2f Hz is only %.2f dB. "
                    + "Increase filter_length for higher attenuation.", worstFreq, attDb));
        }
        return new FirFilter(h, design, List.copyOf(report));
    }

    /** |H(e^{jw})| of an FIR filter. */
    static double magnitude(double[] h, double w) {
        double re = 0;
        double im = 0;
        for (int n = 0; n < h.length; n++) {
            re += h[n] * Math.cos(w * n);
            im -= h[n] * Math.sin(w * n);
        }
        return Math.hypot(re, im);
    }

    /** MNE's filter length in samples: "auto" from the narrowest transition, a duration, or a count; made odd. */
    static int length(String filterLength, double sfreq, Windows.Fir window, double minTrans) {
        String s = filterLength.trim().toLowerCase(Locale.ROOT);
        double seconds;
        if (s.equals("auto")) {
            // MNE formats window factor / transition as a string of seconds, then parses it back: same double
            seconds = window.lengthFactor() / minTrans;
        } else if (s.endsWith("ms") || s.endsWith("s")) {
            double mult = s.endsWith("ms") ? 1e-3 : 1;
            String v = s.substring(0, s.length() - (s.endsWith("ms") ? 2 : 1));
            try {
                seconds = Double.parseDouble(v) * mult;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("filter_length must be \"auto\", a duration such as \"10s\" or a number "
                        + "of samples, not \"" + filterLength + "\"");
            }
        } else {
            int samples;
            try {
                samples = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("filter_length must be \"auto\", a duration such as \"10s\" or a number "
                        + "of samples, not \"" + filterLength + "\"");
            }
            if (samples <= 0) {
                throw new IllegalArgumentException("filter_length must be positive, got " + samples);
            }
            return samples + Math.floorMod(samples - 1, 2);
        }
        double samples = Math.ceil(seconds * sfreq);
        if (!(samples < Integer.MAX_VALUE / 2)) {
            throw new IllegalArgumentException("filter length of " + num(seconds) + " s is too long");
        }
        int n = Math.max((int) samples, 1);
        return n + Math.floorMod(n - 1, 2);
    }

    private static void header(List<String> report, String kind, Windows.Fir window) {
        report.add("");
        report.add("FIR filter parameters");
        report.add("---------------------");
        report.add("Designing a one-pass, zero-phase, non-causal " + kind + " filter:");
        report.add("- Windowed time-domain design (firwin) method");
        report.add(String.format(Locale.ROOT, "- %s window with %.4f passband ripple and %d dB stopband attenuation",
                window.title(), window.rippleDb(), window.attenuationDb()));
    }

    private static Map<String, Object> baseDesign(String kind, Windows.Fir window) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", "fir");
        d.put("kind", kind);
        d.put("design", "firwin");
        d.put("window", window.id());
        d.put("phase", "zero");
        d.put("pad", "reflect_limited");
        d.put("passband_ripple_db", window.rippleDb());
        d.put("stopband_attenuation_db", window.attenuationDb());
        d.put("reference", "mne.filter.create_filter 1.3 (fir_design='firwin', phase='zero')");
        return d;
    }

    private static void finishLength(List<String> report, Map<String, Object> design, int n, double sfreq, long nSamples) {
        report.add(String.format(Locale.ROOT, "- Filter length: %d samples (%.3f sec)", n, n / sfreq));
        report.add("");
        design.put("length_samples", n);
        design.put("length_s", n / sfreq);
        if (n > nSamples) {
            report.add("warning: filter_length (" + n + ") is longer than the signal (" + nSamples
                    + "), distortion is likely. Reduce filter length or filter a longer signal.");
        }
    }

    private static Map<String, Object> edge(double pass, double trans, double cutoff, double stop) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passband_edge_hz", pass);
        m.put("transition_bandwidth_hz", trans);
        m.put("cutoff_6db_hz", cutoff);
        m.put("stopband_edge_hz", stop);
        return m;
    }

    private static void add(List<Double> freq, List<Double> gain, double f, double g) {
        freq.add(f);
        gain.add(g);
    }

    private static double[] unbox(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElseThrow();
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElseThrow();
    }

    static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }

    /** A frequency for the report: up to four decimals, no trailing zeros. */
    static String g2(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) + ".0" : Double.toString(v);
    }
}
