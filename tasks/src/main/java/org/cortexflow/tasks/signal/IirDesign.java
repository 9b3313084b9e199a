package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IIR filter design as scipy 1.10 does it: Butterworth prototypes through
 * {@code scipy.signal.butter(N, Wn, btype, fs=fs, output='sos' | 'ba')} (buttap, frequency
 * transform, bilinear, {@code zpk2sos} with 'nearest' pairing or {@code zpk2tf}), and the
 * second-order notch {@code scipy.signal.iirnotch}.
 */
public final class IirDesign {

    /** The band type of a Butterworth design, spelled as scipy spells it. */
    public enum BandType {
        LOWPASS, HIGHPASS, BANDPASS, BANDSTOP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Zeros, poles and gain of a digital filter. */
    record Zpk(List<Complex> z, List<Complex> p, double k) {
    }

    private IirDesign() {
    }

    /**
     * Butterworth second-order sections, rows {@code [b0, b1, b2, 1, a1, a2]}, like
     * {@code scipy.signal.butter(order, edges, btype, fs=sfreq, output='sos')}.
     *
     * @param edges one edge in Hz for low/high-pass, two for band-pass/stop
     */
    public static double[][] butterSos(int order, double[] edges, BandType type, double sfreq) {
        Zpk zpk = butterZpk(order, edges, type, sfreq);
        return zpk2sos(zpk.z(), zpk.p(), zpk.k());
    }

    /** Butterworth transfer function {@code {b, a}}, like {@code scipy.signal.butter(..., output='ba')}. */
    public static double[][] butterBa(int order, double[] edges, BandType type, double sfreq) {
        Zpk zpk = butterZpk(order, edges, type, sfreq);
        double[] b = poly(zpk.z());
        for (int i = 0; i < b.length; i++) {
            b[i] *= zpk.k();
        }
        return new double[][] {b, poly(zpk.p())};
    }

    /**
     * {@code scipy.signal.iirnotch(w0, Q, fs)}: a second-order notch at {@code freq} Hz whose -3 dB
     * bandwidth is {@code freq / quality}; returns {@code {b, a}}.
     */
    public static double[][] iirNotch(double freq, double quality, double sfreq) {
        double w0 = 2 * freq / sfreq;
        if (w0 > 1.0 || w0 < 0.0) {
            throw new IllegalArgumentException("notch frequency " + freq + " Hz must lie between 0 and Nyquist (" + sfreq / 2 + " Hz)");
        }
        if (!(quality > 0)) {
            throw new IllegalArgumentException("quality factor must be positive, got " + quality);
        }
        double bw = w0 / quality;
        bw = bw * Math.PI;
        w0 = w0 * Math.PI;
        double gb = 1 / Math.sqrt(2);
        double beta = (Math.sqrt(1.0 - Math.pow(gb, 2.0)) / gb) * Math.tan(bw / 2.0);
        double gain = 1.0 / (1.0 + beta);
        double c = Math.cos(w0);
        return new double[][] {
            {gain * 1.0, gain * (-2.0 * c), gain * 1.0},
            {1.0, -2.0 * gain * c, 2.0 * gain - 1.0}};
    }

    /** The design for meta.json and the log, with the gain at each edge after forward-backward filtering. */
    public static Map<String, Object> describeButter(int order, double[] edges, BandType type, double sfreq, double[][] sos,
                                                     List<String> report) {
        StringBuilder edgeText = new StringBuilder();
        StringBuilder gains = new StringBuilder();
        List<Double> gainDb = new ArrayList<>();
        for (double e : edges) {
            double g = 40 * Math.log10(SosFilter.magnitude(sos, Math.PI * e / (sfreq / 2)));
            gainDb.add(FirDesign.round(g, 2));
            if (edgeText.length() > 0) {
                edgeText.append(", ");
                gains.append(", ");
            }
            edgeText.append(String.format(Locale.ROOT, "%.2f", e));
            gains.append(String.format(Locale.ROOT, "%.2f", g));
        }
        report.add("");
        report.add("IIR filter parameters");
        report.add("---------------------");
        report.add("Butterworth " + type.id() + " zero-phase (two-pass forward and reverse) non-causal filter:");
        report.add(String.format(Locale.ROOT, "- Filter order %d (effective, after forward-backward)", 2 * order * edges.length));
        report.add("- Cutoff" + (edges.length > 1 ? "s" : "") + " at " + edgeText + " Hz: " + gains + " dB");
        report.add("");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", "iir");
        d.put("kind", type.id());
        d.put("design", "butter");
        d.put("order", order);
        d.put("effective_order", 2 * order * edges.length);
        d.put("edges_hz", toList(edges));
        d.put("gain_at_edges_db", gainDb);
        d.put("phase", "zero (forward-backward)");
        d.put("sections", sos.length);
        d.put("padding", "odd");
        d.put("padlen", SosFilter.defaultPadlen(sos));
        d.put("reference", "scipy.signal.butter(output='sos') + sosfiltfilt, scipy 1.10");
        return d;
    }

    static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) {
            l.add(v);
        }
        return l;
    }

    static Zpk butterZpk(int order, double[] edges, BandType type, double sfreq) {
        if (order < 1) {
            throw new IllegalArgumentException("filter order must be at least 1, got " + order);
        }
        int want = type == BandType.LOWPASS || type == BandType.HIGHPASS ? 1 : 2;
        if (edges.length != want) {
            throw new IllegalArgumentException("a " + type.id() + " filter needs " + want + " edge frequenc" + (want == 1 ? "y" : "ies"));
        }
        double[] wn = new double[edges.length];
        for (int i = 0; i < wn.length; i++) {
            wn[i] = 2 * edges[i] / sfreq;
            if (wn[i] <= 0 || wn[i] >= 1) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "edge frequency %s Hz must lie strictly "
                        + "between 0 and the Nyquist frequency %s Hz", FirDesign.num(edges[i]), FirDesign.num(sfreq / 2)));
            }
        }
        if (want == 2 && !(wn[0] < wn[1])) {
            throw new IllegalArgumentException("the lower edge must be below the upper edge");
        }
        // buttap
        List<Complex> z = new ArrayList<>();
        List<Complex> p = new ArrayList<>();
        for (int m = -order + 1; m < order; m += 2) {
            double theta = Math.PI * m / (2 * order);
            p.add(new Complex(-Math.cos(theta), -Math.sin(theta)));
        }
        double k = 1;
        double fs = 2.0;
        double[] warped = new double[wn.length];
        for (int i = 0; i < wn.length; i++) {
            warped[i] = 2 * fs * Math.tan(Math.PI * wn[i] / fs);
        }
        Zpk analog = switch (type) {
            case LOWPASS -> lp2lp(z, p, k, warped[0]);
            case HIGHPASS -> lp2hp(z, p, k, warped[0]);
            case BANDPASS -> lp2bp(z, p, k, Math.sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
            case BANDSTOP -> lp2bs(z, p, k, Math.sqrt(warped[0] * warped[1]), warped[1] - warped[0]);
        };
        return bilinear(analog, fs);
    }

    private static Zpk lp2lp(List<Complex> z, List<Complex> p, double k, double wo) {
        int degree = p.size() - z.size();
        return new Zpk(z.stream().map(c -> c.times(wo)).toList(), p.stream().map(c -> c.times(wo)).toList(),
                k * Math.pow(wo, degree));
    }

    private static Zpk lp2hp(List<Complex> z, List<Complex> p, double k, double wo) {
        int degree = p.size() - z.size();
        Complex w = Complex.real(wo);
        List<Complex> zh = new ArrayList<>(z.stream().map(w::div).toList());
        for (int i = 0; i < degree; i++) {
            zh.add(Complex.ZERO);
        }
        Complex num = prod(z.stream().map(Complex::negate).toList());
        Complex den = prod(p.stream().map(Complex::negate).toList());
        return new Zpk(zh, p.stream().map(w::div).toList(), k * num.div(den).re());
    }

    private static Zpk lp2bp(List<Complex> z, List<Complex> p, double k, double wo, double bw) {
        int degree = p.size() - z.size();
        List<Complex> zb = shiftPair(z.stream().map(c -> c.times(bw).div(Complex.real(2))).toList(), wo);
        for (int i = 0; i < degree; i++) {
            zb.add(Complex.ZERO);
        }
        List<Complex> pb = shiftPair(p.stream().map(c -> c.times(bw).div(Complex.real(2))).toList(), wo);
        return new Zpk(zb, pb, k * Math.pow(bw, degree));
    }

    private static Zpk lp2bs(List<Complex> z, List<Complex> p, double k, double wo, double bw) {
        int degree = p.size() - z.size();
        Complex half = Complex.real(bw / 2);
        List<Complex> zb = shiftPair(z.stream().map(half::div).toList(), wo);
        for (int i = 0; i < degree; i++) {
            zb.add(new Complex(0, wo));
        }
        for (int i = 0; i < degree; i++) {
            zb.add(new Complex(0, -wo));
        }
        List<Complex> pb = shiftPair(p.stream().map(half::div).toList(), wo);
        Complex num = prod(z.stream().map(Complex::negate).toList());
        Complex den = prod(p.stream().map(Complex::negate).toList());
        return new Zpk(zb, pb, k * num.div(den).re());
    }

    /** {@code concatenate((x + sqrt(x**2 - wo**2), x - sqrt(x**2 - wo**2)))}. */
    private static List<Complex> shiftPair(List<Complex> x, double wo) {
        List<Complex> plus = new ArrayList<>();
        List<Complex> minus = new ArrayList<>();
        for (Complex c : x) {
            Complex s = c.times(c).minus(Complex.real(wo * wo)).sqrt();
            plus.add(c.plus(s));
            minus.add(c.minus(s));
        }
        plus.addAll(minus);
        return plus;
    }

    private static Zpk bilinear(Zpk a, double fs) {
        int degree = a.p().size() - a.z().size();
        Complex fs2 = Complex.real(2.0 * fs);
        List<Complex> zz = new ArrayList<>(a.z().stream().map(c -> fs2.plus(c).div(fs2.minus(c))).toList());
        List<Complex> pz = a.p().stream().map(c -> fs2.plus(c).div(fs2.minus(c))).toList();
        for (int i = 0; i < degree; i++) {
            zz.add(Complex.real(-1));
        }
        Complex num = prod(a.z().stream().map(fs2::minus).toList());
        Complex den = prod(a.p().stream().map(fs2::minus).toList());
        return new Zpk(zz, pz, a.k() * num.div(den).re());
    }

    private static Complex prod(List<Complex> l) {
        Complex r = Complex.ONE;
        for (Complex c : l) {
            r = r.times(c);
        }
        return r;
    }

    /**
     * numpy.poly: coefficients of the monic polynomial with these roots, real part. Each step is
     * numpy's {@code convolve(a, [1, -root])}, whose complex dot products go through BLAS zdotu:
     * the four partial sums re*re, im*im, re*im, im*re are accumulated apart and combined at the
     * end; doing the same here gives scipy's coefficients bit for bit, which matters for the
     * ill-conditioned transfer functions of narrow low bands.
     */
    static double[] poly(List<Complex> roots) {
        Complex[] a = {Complex.ONE};
        for (Complex r : roots) {
            Complex[] next = new Complex[a.length + 1];
            Complex neg = r.negate();
            for (int i = 0; i < next.length; i++) {
                double rr = 0;
                double ii = 0;
                double ri = 0;
                double ir = 0;
                if (i > 0) {
                    Complex x = a[i - 1];
                    rr += x.re() * neg.re();
                    ii += x.im() * neg.im();
                    ri += x.re() * neg.im();
                    ir += x.im() * neg.re();
                }
                if (i < a.length) {
                    Complex x = a[i];
                    rr += x.re() * 1.0;
                    ii += x.im() * 0.0;
                    ri += x.re() * 0.0;
                    ir += x.im() * 1.0;
                }
                next[i] = new Complex(rr - ii, ri + ir);
            }
            a = next;
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].re();
        }
        return out;
    }

    /** {@code scipy.signal.zpk2sos(z, p, k)} with the default 'nearest' pairing for digital filters. */
    static double[][] zpk2sos(List<Complex> z0, List<Complex> p0, double k) {
        if (z0.isEmpty() && p0.isEmpty()) {
            return new double[][] {{k, 0, 0, 1, 0, 0}};
        }
        List<Complex> p = new ArrayList<>(p0);
        List<Complex> z = new ArrayList<>(z0);
        while (p.size() < z.size()) {
            p.add(Complex.ZERO);
        }
        while (z.size() < p.size()) {
            z.add(Complex.ZERO);
        }
        int sections = (Math.max(p.size(), z.size()) + 1) / 2;
        if (p.size() % 2 == 1) {
            p.add(Complex.ZERO);
            z.add(Complex.ZERO);
        }
        z = cplxreal(z);
        p = cplxreal(p);
        double[][] sos = new double[sections][];
        for (int si = sections - 1; si >= 0; si--) {
            int p1i = worst(p);
            Complex p1 = p.remove(p1i);
            long realP = p.stream().filter(Complex::isReal).count();
            if (p1.isReal() && realP == 0) {
                Complex z1 = z.remove(nearest(z, p1, Which.REAL));
                sos[si] = section(List.of(z1, Complex.ZERO), List.of(p1, Complex.ZERO));
            } else if (p.size() + 1 == z.size() && !p1.isReal() && realP == 1
                    && z.stream().filter(Complex::isReal).count() == 1) {
                Complex z1 = z.remove(nearest(z, p1, Which.COMPLEX));
                sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p1.conj()));
            } else {
                Complex p2;
                if (p1.isReal()) {
                    List<Integer> realIdx = new ArrayList<>();
                    for (int i = 0; i < p.size(); i++) {
                        if (p.get(i).isReal()) {
                            realIdx.add(i);
                        }
                    }
                    int best = realIdx.get(worst(realIdx.stream().map(p::get).toList()));
                    p2 = p.remove(best);
                } else {
                    p2 = p1.conj();
                }
                if (!z.isEmpty()) {
                    Complex z1 = z.remove(nearest(z, p1, Which.ANY));
                    if (!z1.isReal()) {
                        sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p2));
                    } else if (!z.isEmpty()) {
                        Complex z2 = z.remove(nearest(z, p1, Which.REAL));
                        sos[si] = section(List.of(z1, z2), List.of(p1, p2));
                    } else {
                        sos[si] = section(List.of(z1), List.of(p1, p2));
                    }
                } else {
                    sos[si] = section(List.of(), List.of(p1, p2));
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            sos[0][i] *= k;
        }
        return sos;
    }

    private enum Which { REAL, COMPLEX, ANY }

    /** Index of the root closest to the unit circle (first on ties, as argmin). */
    private static int worst(List<Complex> p) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.size(); i++) {
            double d = Math.abs(1 - p.get(i).abs());
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static int nearest(List<Complex> from, Complex to, Which which) {
        Integer[] order = new Integer[from.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> from.get(i).minus(to).abs()));
        for (int i : order) {
            boolean real = from.get(i).isReal();
            if (which == Which.ANY || (which == Which.REAL) == real) {
                return i;
            }
        }
        throw new IllegalStateException("no " + which + " root left to pair with " + to);
    }

    private static double[] section(List<Complex> z, List<Complex> p) {
        double[] b = poly(z);
        double[] a = poly(p);
        double[] s = new double[6];
        System.arraycopy(b, 0, s, 3 - b.length, b.length);
        System.arraycopy(a, 0, s, 6 - a.length, a.length);
        return s;
    }

    /**
     * scipy's {@code _cplxreal}: conjugate pairs as one root with positive imaginary part (sorted by
     * real part, then imaginary magnitude), followed by the real roots sorted by value.
     */
    static List<Complex> cplxreal(List<Complex> roots) {
        double tol = 100 * Math.ulp(1.0);
        List<Complex> z = new ArrayList<>(roots);
        z.sort(Comparator.comparingDouble(Complex::re).thenComparingDouble(c -> Math.abs(c.im())));
        List<Complex> reals = new ArrayList<>();
        List<Complex> pos = new ArrayList<>();
        List<Complex> neg = new ArrayList<>();
        for (Complex c : z) {
            if (Math.abs(c.im()) <= tol * c.abs()) {
                reals.add(Complex.real(c.re()));
            } else if (c.im() > 0) {
                pos.add(c);
            } else {
                neg.add(c);
            }
        }
        if (pos.size() != neg.size()) {
            throw new IllegalArgumentException("a complex root has no matching conjugate");
        }
        sortRuns(pos, tol);
        sortRuns(neg, tol);
        List<Complex> out = new ArrayList<>();
        for (int i = 0; i < pos.size(); i++) {
            Complex a = pos.get(i);
            Complex b = neg.get(i).conj();
            if (a.minus(b).abs() > tol * neg.get(i).abs()) {
                throw new IllegalArgumentException("a complex root has no matching conjugate");
            }
            out.add(a.plus(b).div(Complex.real(2)));
        }
        out.addAll(reals);
        return out;
    }

    /** Within runs of (nearly) equal real part, order by imaginary magnitude. */
    private static void sortRuns(List<Complex> zs, double tol) {
        int start = 0;
        while (start < zs.size()) {
            int stop = start + 1;
            while (stop < zs.size() && zs.get(stop).re() - zs.get(stop - 1).re() <= tol * zs.get(stop - 1).abs()) {
                stop++;
            }
            zs.subList(start, stop).sort(Comparator.comparingDouble(c -> Math.abs(c.im())));
            start = stop;
        }
    }
}
