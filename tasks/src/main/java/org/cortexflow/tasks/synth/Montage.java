package org.cortexflow.tasks.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Electrode names and positions on a unit sphere (x right, y front, z up), from which smooth
 * spatial patterns are made. Standard 8-, 16- and 32-channel sets use 10-10 names on an idealised
 * spherical 10-10 layout: midline and the 72-degree ring at 10 % (18 degree) steps, the other
 * electrodes of a row spaced evenly along the great circle from the row's midline electrode to its
 * ring electrode. Other counts use EGI-style names E1, E2, ... spread evenly (a Fibonacci lattice)
 * over the cap down to 110 degrees from the vertex, like a high-density net.
 */
public record Montage(List<String> names, double[][] positions) {

    /** Tiny studies. */
    public static final List<String> SET_8 = List.of("Fp1", "Fp2", "Fz", "C3", "Cz", "C4", "Pz", "Oz");
    /** Small studies. */
    public static final List<String> SET_16 = List.of("Fp1", "Fp2", "F3", "Fz", "F4", "T7", "C3", "Cz", "C4", "T8", "P7",
            "P3", "Pz", "P4", "P8", "Oz");
    /** DEAP's 32 channels, in DEAP's (Geneva) order. */
    public static final List<String> DEAP_32 = List.of("Fp1", "AF3", "F3", "F7", "FC5", "FC1", "C3", "T7", "CP5", "CP1",
            "P3", "P7", "PO3", "O1", "Oz", "Pz", "Fp2", "AF4", "Fz", "F4", "F8", "FC6", "FC2", "Cz", "C4", "T8", "CP6", "CP2",
            "P4", "P8", "PO4", "O2");

    private static final Map<String, double[]> TEN_TEN = tenTen();

    /** The montage for {@code count} EEG channels. */
    public static Montage of(int count) {
        if (count == 8) {
            return named(SET_8);
        }
        if (count == 16) {
            return named(SET_16);
        }
        if (count == 32) {
            return named(DEAP_32);
        }
        return dense(count);
    }

    /** 10-10 names on the idealised sphere. */
    public static Montage named(List<String> names) {
        double[][] pos = new double[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            double[] p = TEN_TEN.get(names.get(i));
            if (p == null) {
                throw new IllegalArgumentException("no 10-10 position for '" + names.get(i) + "'");
            }
            pos[i] = p;
        }
        return new Montage(List.copyOf(names), pos);
    }

    /** E1..En spread evenly over the cap (polar angle up to 110 degrees). */
    public static Montage dense(int count) {
        List<String> names = new ArrayList<>();
        double[][] pos = new double[count][];
        double zMin = Math.cos(Math.toRadians(110));
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < count; i++) {
            double z = 1 - (1 - zMin) * (i + 0.5) / count;
            double r = Math.sqrt(1 - z * z);
            double phi = golden * i;
            pos[i] = new double[] {r * StrictMath.cos(phi), r * StrictMath.sin(phi), z};
            names.add("E" + (i + 1));
        }
        return new Montage(List.copyOf(names), pos);
    }

    public int size() {
        return names.size();
    }

    /** Great-circle distance (radians) between an electrode and a point on the sphere. */
    public double angle(int channel, double[] point) {
        double[] p = positions[channel];
        double dot = p[0] * point[0] + p[1] * point[1] + p[2] * point[2];
        return StrictMath.acos(Math.max(-1, Math.min(1, dot)));
    }

    /** A unit vector at polar angle {@code theta} from the vertex and azimuth {@code phi} from +x towards +y, degrees. */
    public static double[] point(double theta, double phi) {
        double t = Math.toRadians(theta);
        double f = Math.toRadians(phi);
        return new double[] {StrictMath.sin(t) * StrictMath.cos(f), StrictMath.sin(t) * StrictMath.sin(f), StrictMath.cos(t)};
    }

    /** A smooth pattern: a Gaussian bump of width {@code width} radians around {@code centre}. */
    public double[] bump(double[] centre, double width) {
        double[] v = new double[size()];
        for (int c = 0; c < size(); c++) {
            double a = angle(c, centre);
            v[c] = StrictMath.exp(-a * a / (2 * width * width));
        }
        return v;
    }

    private static Map<String, double[]> tenTen() {
        Map<String, double[]> m = new LinkedHashMap<>();
        String[] rows = {"Fp", "AF", "F", "FC", "C", "CP", "P", "PO", "O"};
        double[] rowTheta = {72, 54, 36, 18, 0, 18, 36, 54, 72};
        double[] rowPhi = {90, 90, 90, 90, 0, 270, 270, 270, 270};
        // the row's electrode on the 72-degree ring, left side (azimuth from +x towards +y)
        String[] ringLeft = {"Fp1", "AF7", "F7", "FT7", "T7", "TP7", "P7", "PO7", "O1"};
        double[] ringLeftPhi = {108, 126, 144, 162, 180, 198, 216, 234, 252};
        for (int r = 0; r < rows.length; r++) {
            double[] mid = r == 4 ? new double[] {0, 0, 1} : point(rowTheta[r], rowPhi[r]);
            String midName = rows[r] + "z";
            if (r == 4) {
                midName = "Cz";
            }
            m.put(midName, mid);
            double[] left = point(72, ringLeftPhi[r]);
            double[] right = point(72, 180 - ringLeftPhi[r]);
            m.put(ringLeft[r], left);
            m.put(ringLeft[r].replaceAll("\\d+$", "") + (ringLeft[r].equals("Fp1") ? "2" : ringLeft[r].equals("O1") ? "2"
                    : Integer.toString(Integer.parseInt(ringLeft[r].replaceAll("\\D", "")) + 1)), right);
            if (r == 0 || r == 8) {
                continue; // Fp and O rows have only 1, z, 2
            }
            String prefix = rows[r].equals("C") ? "C" : rows[r];
            for (int k = 1; k <= 3; k++) {
                double f = k / 4.0;
                m.put(prefix + (2 * k - 1), slerp(mid, left, f));
                m.put(prefix + (2 * k), slerp(mid, right, f));
            }
        }
        // 10-20 aliases of the ring electrodes
        m.put("T3", m.get("T7"));
        m.put("T4", m.get("T8"));
        m.put("T5", m.get("P7"));
        m.put("T6", m.get("P8"));
        return m;
    }

    private static double[] slerp(double[] a, double[] b, double f) {
        double dot = Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
        double omega = StrictMath.acos(dot);
        double s = StrictMath.sin(omega);
        double wa = StrictMath.sin((1 - f) * omega) / s;
        double wb = StrictMath.sin(f * omega) / s;
        return new double[] {wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]};
    }
}
