package org.cortexflow.tasks.io.edf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small EDF/EDF+/BDF files byte by byte for tests, with any header field overridable. */
public final class EdfFixture {

    /** One signal: its header fields and, per record, its samples (digital values) or annotation bytes. */
    public record Signal(String label, String unit, double pmin, double pmax, long dmin, long dmax, int spr) {
    }

    private final boolean bdf;
    private String reserved = "";
    private String records;
    private double duration = 1;
    private final List<Signal> signals = new ArrayList<>();
    private final List<List<long[]>> data = new ArrayList<>();
    private final List<List<byte[]>> annotations = new ArrayList<>();

    private EdfFixture(boolean bdf) {
        this.bdf = bdf;
    }

    public static EdfFixture edf() {
        return new EdfFixture(false);
    }

    public static EdfFixture bdf() {
        return new EdfFixture(true);
    }

    public EdfFixture reserved(String r) {
        reserved = r;
        return this;
    }

    public EdfFixture duration(double d) {
        duration = d;
        return this;
    }

    /** Overrides the number-of-records field (by default the number of records added). */
    public EdfFixture recordsField(String r) {
        records = r;
        return this;
    }

    public EdfFixture signal(String label, String unit, double pmin, double pmax, long dmin, long dmax, int spr) {
        signals.add(new Signal(label, unit, pmin, pmax, dmin, dmax, spr));
        return this;
    }

    public EdfFixture annotationSignal(int bytesPerRecord) {
        int bps = bdf ? 3 : 2;
        signals.add(new Signal(bdf ? "BDF Annotations" : "EDF Annotations", "", 0, 1, bdf ? -8388608 : -32768,
                bdf ? 8388607 : 32767, bytesPerRecord / bps));
        return this;
    }

    /**
     * Adds a data record: digital samples for each measured signal (in signal order) and the TAL
     * text for the annotation signal, if any ({@code \u0014}, {@code \u0015} and {@code \0} as in EDF+).
     */
    public EdfFixture record(String tal, long[]... samples) {
        List<long[]> rec = new ArrayList<>(List.of(samples));
        data.add(rec);
        List<byte[]> ann = new ArrayList<>();
        ann.add(tal == null ? new byte[0] : tal.getBytes(StandardCharsets.UTF_8));
        annotations.add(ann);
        return this;
    }

    private static String pad(Object v, int w) {
        String s = v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(v);
        if (s.length() > w) {
            s = s.substring(0, w);
        }
        return s + " ".repeat(w - s.length());
    }

    public byte[] bytes() {
        int ns = signals.size();
        StringBuilder h = new StringBuilder();
        h.append(pad(bdf ? "XBIOSEMI" : "0", 8)).append(pad("X X X X", 80)).append(pad("Startdate 02-MAR-2021 X X X", 80))
                .append(pad("02.03.21", 8)).append(pad("10.20.30", 8)).append(pad(256 * (ns + 1), 8)).append(pad(reserved, 44))
                .append(pad(records != null ? records : String.valueOf(data.size()), 8)).append(pad(duration, 8))
                .append(pad(ns, 4));
        for (Signal s : signals) {
            h.append(pad(s.label(), 16));
        }
        signals.forEach(s -> h.append(pad("", 80)));
        signals.forEach(s -> h.append(pad(s.unit(), 8)));
        signals.forEach(s -> h.append(pad(s.pmin(), 8)));
        signals.forEach(s -> h.append(pad(s.pmax(), 8)));
        signals.forEach(s -> h.append(pad(s.dmin(), 8)));
        signals.forEach(s -> h.append(pad(s.dmax(), 8)));
        signals.forEach(s -> h.append(pad("", 80)));
        signals.forEach(s -> h.append(pad(s.spr(), 8)));
        signals.forEach(s -> h.append(pad("", 32)));
        byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (bdf) {
            head[0] = (byte) 0xFF;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        int bps = bdf ? 3 : 2;
        for (int r = 0; r < data.size(); r++) {
            int k = 0;
            for (Signal s : signals) {
                if (s.label().endsWith("Annotations")) {
                    byte[] tal = annotations.get(r).get(0);
                    byte[] field = new byte[s.spr() * bps];
                    System.arraycopy(tal, 0, field, 0, Math.min(tal.length, field.length));
                    out.writeBytes(field);
                    continue;
                }
                long[] v = data.get(r).get(k++);
                for (int i = 0; i < s.spr(); i++) {
                    long x = v[i];
                    out.write((int) (x & 0xFF));
                    out.write((int) (x >> 8 & 0xFF));
                    if (bdf) {
                        out.write((int) (x >> 16 & 0xFF));
                    }
                }
            }
        }
        return out.toByteArray();
    }
}
