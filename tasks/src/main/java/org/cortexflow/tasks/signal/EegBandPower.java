package org.cortexflow.tasks.signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyWriter;
import org.cortexflow.tasks.artifact.Table;

/**
 * {@code eeg.bandpower}: band power and differential entropy per band, second and segment, the
 * DEAP features of Avramidis et al. (ICASSP 2022; klean2050/EEG_CrossModal): each band by a
 * Butterworth band-pass of order 5 applied with {@code scipy.signal.filtfilt}, one value per
 * second ({@link BandPower}), grouped into segments of 3 s at a 1-s hop. Writes a {@code features}
 * artifact: {@code features.npy} float32 [segments, channels, bands x seconds], {@code features.tsv}
 * and {@code meta.json} (docs/artifacts.md).
 */
public final class EegBandPower implements TaskType {

    /** The artifact kind this task writes. */
    public static final ArtifactKind FEATURES = new ArtifactKind("features");
    public static final String FEATURES_NPY = "features.npy";
    public static final String FEATURES_TSV = "features.tsv";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.optional("bands", ParamType.LIST, List.of("theta:2-4", "alpha:4-7", "beta:7-15", "gamma:15-23"),
                    "bands as name:low-high in Hz, in feature order (default: the DEAP code's edges)"),
            ParamSpec.choice("measure", List.of("de-stft", "de-gaussian", "power"), "de-stft",
                    "de-stft: -0.5 log(mean |STFT|^2) per 1-s Hann frame (the reference); de-gaussian: 0.5 log(2 pi e var) "
                            + "per window; power: mean square per window (V^2)"),
            ParamSpec.optional("order", ParamType.INT, 5L, "Butterworth order of each band-pass").range(1, 12),
            ParamSpec.choice("filter_form", List.of("ba", "sos"), "ba",
                    "ba: transfer function with scipy's filtfilt (as the reference); sos: second-order sections with "
                            + "sosfiltfilt (numerically safer for narrow bands)"),
            ParamSpec.optional("window", ParamType.DURATION, "1s", "window of one value (STFT frame length)").unit("s"),
            ParamSpec.optional("segment", ParamType.DURATION, "3s", "segment length: a whole number of windows").unit("s"),
            ParamSpec.optional("hop", ParamType.DURATION, "1s", "hop between segments: a whole number of windows").unit("s"),
            ParamSpec.optional("types", ParamType.LIST, List.of("EEG"), "channel types (channels.tsv `type`) to use"));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG, "a recording or a set of recordings"));
    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("features", FEATURES,
            "features.npy [segments, channels, bands x windows], features.tsv, meta.json; a set for a set"));

    @Override
    public String name() {
        return "eeg.bandpower";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Band power / differential entropy per band, second and segment (the DEAP features of Avramidis et al.)";
    }

    @Override
    public List<PortSpec> inputs() {
        return INPUTS;
    }

    @Override
    public List<PortSpec> outputs() {
        return OUTPUTS;
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
        List<BandPower.Band> bands = new ArrayList<>();
        for (String b : ParamType.strings(ctx.param("bands"))) {
            try {
                bands.add(BandPower.Band.parse(b));
            } catch (IllegalArgumentException e) {
                throw new TaskFailure("eeg.bandpower: " + e.getMessage());
            }
        }
        if (bands.isEmpty()) {
            throw new TaskFailure("eeg.bandpower: give at least one band");
        }
        BandPower.Measure measure = BandPower.Measure.of(ctx.string("measure"));
        int order = (int) ctx.integer("order");
        boolean sos = ctx.string("filter_form").equals("sos");
        double windowS = seconds(ctx.duration("window"));
        int perSegment = multiple(ctx.duration("segment"), windowS, "segment");
        int hop = multiple(ctx.duration("hop"), windowS, "hop");
        List<String> types = ParamType.strings(ctx.param("types"));
        EegSetMap.forEach(ctx.input("eeg"), ctx.output("features"), ctx.log(), (rec, out, log) -> {
            int window = (int) Math.rint(windowS * rec.sfreq());
            if (window < 2 || Math.abs(window - windowS * rec.sfreq()) > 1e-6 * window) {
                throw new TaskFailure("eeg.bandpower: a window of " + windowS + " s is not a whole number of samples at "
                        + rec.sfreq() + " Hz");
            }
            List<Integer> picked = ChannelIo.ofTypes(rec, types);
            if (picked.isEmpty()) {
                throw new TaskFailure("eeg.bandpower: no channel of type " + types + " in " + rec.dir());
            }
            int seconds = (int) Math.min(rec.samples() / window, Integer.MAX_VALUE);
            int segs = BandPower.segments(seconds, perSegment, hop);
            if (segs == 0) {
                throw new TaskFailure("eeg.bandpower: the recording is " + seconds + " windows long; a segment needs " + perSegment);
            }
            List<double[][]> filters = new ArrayList<>();
            for (BandPower.Band b : bands) {
                try {
                    double[] edges = {b.low(), b.high()};
                    filters.add(sos ? IirDesign.butterSos(order, edges, IirDesign.BandType.BANDPASS, rec.sfreq())
                            : IirDesign.butterBa(order, edges, IirDesign.BandType.BANDPASS, rec.sfreq()));
                } catch (IllegalArgumentException e) {
                    throw new TaskFailure("eeg.bandpower: band " + b.name() + ": " + e.getMessage());
                }
            }
            double[][][] values = new double[picked.size()][bands.size()][];
            ChannelPool.run(ChannelIo.all(picked.size()), ctx.cpus(), ctx::cancelled, k -> {
                double[] x = ChannelIo.readAll(rec, picked.get(k));
                for (int b = 0; b < bands.size(); b++) {
                    double[][] f = filters.get(b);
                    double[] y;
                    try {
                        y = sos ? SosFilter.filtfilt(f, x, -1) : TransferFilter.filtfilt(f[0], f[1], x, -1);
                    } catch (IllegalArgumentException e) {
                        throw new TaskFailure("eeg.bandpower: " + e.getMessage());
                    }
                    values[k][b] = BandPower.perWindow(y, window, seconds, measure);
                }
            });
            write(out, rec, picked, bands, values, segs, perSegment, hop, windowS, measure, order, sos);
            log.println(String.format(Locale.ROOT, "%s of %d band(s) x %d channel(s): %d segment(s) of %d x %s s windows, hop %d",
                    measure.id(), bands.size(), picked.size(), segs, perSegment, FirDesign.num(windowS), hop));
        });
    }

    private static void write(Path out, EegRecording rec, List<Integer> picked, List<BandPower.Band> bands, double[][][] values,
                              int segs, int perSegment, int hop, double windowS, BandPower.Measure measure, int order,
                              boolean sos) throws Exception {
        int width = bands.size() * perSegment;
        try (NpyWriter w = NpyWriter.float32(out.resolve(FEATURES_NPY), segs, picked.size(), width)) {
            float[] row = new float[width];
            for (int s = 0; s < segs; s++) {
                for (int k = 0; k < picked.size(); k++) {
                    for (int b = 0; b < bands.size(); b++) {
                        for (int j = 0; j < perSegment; j++) {
                            row[b * perSegment + j] = (float) values[k][b][s * hop + j];
                        }
                    }
                    w.write(((long) s * picked.size() + k) * width, row, 0, width);
                }
            }
        }
        Table.Builder t = new Table.Builder("segment", "onset_s", "duration_s", "first_window");
        for (int s = 0; s < segs; s++) {
            t.add(s, s * hop * windowS, perSegment * windowS, s * hop);
        }
        t.build().write(out.resolve(FEATURES_TSV));
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> bandMeta = new ArrayList<>();
        for (BandPower.Band b : bands) {
            for (int j = 0; j < perSegment; j++) {
                names.add(b.name() + "_w" + j);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", b.name());
            m.put("low_hz", b.low());
            m.put("high_hz", b.high());
            bandMeta.add(m);
        }
        Map<String, Object> meta = new TreeMap<>();
        meta.put("kind", "features");
        meta.put("measure", measure.id());
        meta.put("unit", measure == BandPower.Measure.POWER ? "V^2" : "nat");
        meta.put("shape", List.of(segs, picked.size(), width));
        meta.put("layout", "features[segment, channel, band * windows_per_segment + window]");
        meta.put("feature_names", names);
        meta.put("bands", bandMeta);
        meta.put("channel_names", picked.stream().map(c -> rec.channels().get(c).name()).toList());
        meta.put("sfreq", rec.sfreq());
        meta.put("window_s", windowS);
        meta.put("windows_per_segment", perSegment);
        meta.put("hop_windows", hop);
        meta.put("n_segments", segs);
        meta.put("filter", Map.of("design", "butter", "order", order, "form", sos ? "sos + sosfiltfilt" : "ba + filtfilt",
                "padding", "odd, scipy default pad length"));
        meta.put("reference", "klean2050/EEG_CrossModal preprocess (DEAP): butter(5, band, 'bandpass') + filtfilt, "
                + "scipy.signal.stft(hann, nperseg = 1 s, noverlap 0), DE = -0.5 log(mean |X|^2), 3-s segments at 1-s hop");
        meta.put("source_processing", rec.meta().getOrDefault(Provenance.PROCESSING, List.of()));
        if (rec.meta().get("source") != null) {
            meta.put("source", rec.meta().get("source"));
        }
        MetaJson.write(out, meta);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static int multiple(Duration d, double windowS, String name) throws TaskFailure {
        double r = seconds(d) / windowS;
        long k = Math.round(r);
        if (k < 1 || Math.abs(r - k) > 1e-9 * Math.max(1, r)) {
            throw new TaskFailure("eeg.bandpower: " + name + " (" + seconds(d) + " s) must be a whole number of windows ("
                    + windowS + " s)");
        }
        return (int) k;
    }
}
