package org.cortexflow.tasks.signal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EegWriter;

/**
 * {@code eeg.filter}: low-, high-, band-pass (and band-stop) filtering. FIR matches
 * {@code mne.filter.filter_data} 1.3 with its defaults (firwin, Hamming, auto transitions and
 * length, zero phase, reflect_limited padding), streamed over time by FFT blocks; IIR is a
 * Butterworth in second-order sections applied forward and backward, matching
 * {@code scipy.signal.butter(..., output='sos')} + {@code sosfiltfilt} 1.10.
 */
public final class EegFilter implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("method", List.of("fir", "iir"), "fir",
                    "fir: MNE's windowed-sinc design, zero phase; iir: Butterworth, forward-backward (sosfiltfilt)"),
            ParamSpec.optional("highpass", ParamType.FLOAT, 0.0,
                    "high-pass edge (MNE's l_freq): frequencies below it are removed; 0: no high-pass. Above lowpass: "
                            + "band-stop between lowpass and highpass").unit("Hz").atLeast(0),
            ParamSpec.optional("lowpass", ParamType.FLOAT, 0.0,
                    "low-pass edge (MNE's h_freq): frequencies above it are removed; 0: no low-pass").unit("Hz").atLeast(0),
            ParamSpec.optional("l_trans_bandwidth", ParamType.STRING, "auto",
                    "FIR: width of the lower transition band in Hz; auto = min(max(0.25 * highpass, 2), highpass)"),
            ParamSpec.optional("h_trans_bandwidth", ParamType.STRING, "auto",
                    "FIR: width of the upper transition band in Hz; auto = min(max(0.25 * lowpass, 2), Nyquist - lowpass)"),
            SignalParams.filterLength(),
            ParamSpec.choice("fir_window", List.of("hamming", "hann", "blackman"), "hamming", "FIR: design window"),
            ParamSpec.optional("order", ParamType.INT, 4L,
                    "IIR: Butterworth order (each pass; the effective order doubles forward-backward)").range(1, 20),
            SignalParams.types("filter"));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG, "a recording or a set of recordings"));
    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG,
            "the filtered recording(s); meta.json `processing` holds the filter design"));

    @Override
    public String name() {
        return "eeg.filter";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Low-, high-, band-pass or band-stop filter: FIR like MNE's filter_data, or Butterworth IIR like scipy's sosfiltfilt";
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
        String method = ctx.string("method");
        OptionalDouble highpass = SignalParams.positiveOrNone(ctx.real("highpass"));
        OptionalDouble lowpass = SignalParams.positiveOrNone(ctx.real("lowpass"));
        if (highpass.isEmpty() && lowpass.isEmpty()) {
            throw new TaskFailure("eeg.filter: give highpass and/or lowpass (in Hz); both are 0, so there is nothing to filter");
        }
        OptionalDouble lTrans = SignalParams.autoOrHz("l_trans_bandwidth", ctx.string("l_trans_bandwidth"));
        OptionalDouble hTrans = SignalParams.autoOrHz("h_trans_bandwidth", ctx.string("h_trans_bandwidth"));
        List<String> types = ParamType.strings(ctx.param("types"));
        EegSetMap.forEach(ctx.input("eeg"), ctx.output("eeg"), ctx.log(), (rec, out, log) -> {
            List<Integer> picked = ChannelIo.ofTypes(rec, types);
            if (method.equals("fir")) {
                FirDesign.FirFilter f;
                try {
                    f = FirDesign.design(rec.sfreq(), highpass, lowpass, lTrans, hTrans, ctx.string("filter_length"),
                            Windows.Fir.of(ctx.string("fir_window")), rec.samples());
                } catch (IllegalArgumentException e) {
                    throw new TaskFailure("eeg.filter: " + e.getMessage() + " (sfreq " + rec.sfreq() + " Hz)");
                }
                f.report().forEach(log::println);
                ZeroPhaseFir fir = new ZeroPhaseFir(f.taps(), rec.samples());
                write(ctx, rec, out, picked, step(f.design(), picked, rec, types),
                        (c, w) -> fir.apply(ChannelIo.source(rec, c), ChannelIo.sink(w, c)));
            } else {
                IirDesign.BandType type;
                double[] edges;
                if (highpass.isPresent() && lowpass.isPresent()) {
                    boolean stop = highpass.getAsDouble() > lowpass.getAsDouble();
                    type = stop ? IirDesign.BandType.BANDSTOP : IirDesign.BandType.BANDPASS;
                    edges = stop ? new double[] {lowpass.getAsDouble(), highpass.getAsDouble()}
                            : new double[] {highpass.getAsDouble(), lowpass.getAsDouble()};
                } else if (highpass.isPresent()) {
                    type = IirDesign.BandType.HIGHPASS;
                    edges = new double[] {highpass.getAsDouble()};
                } else {
                    type = IirDesign.BandType.LOWPASS;
                    edges = new double[] {lowpass.getAsDouble()};
                }
                int order = (int) ctx.integer("order");
                double[][] sos;
                try {
                    sos = IirDesign.butterSos(order, edges, type, rec.sfreq());
                } catch (IllegalArgumentException e) {
                    throw new TaskFailure("eeg.filter: " + e.getMessage() + " (sfreq " + rec.sfreq() + " Hz)");
                }
                List<String> report = new java.util.ArrayList<>();
                Map<String, Object> design = IirDesign.describeButter(order, edges, type, rec.sfreq(), sos, report);
                report.forEach(log::println);
                int padlen = SosFilter.defaultPadlen(sos);
                if (rec.samples() <= padlen && !picked.isEmpty()) {
                    throw new TaskFailure("eeg.filter: the recording has " + rec.samples() + " samples; the IIR filter pads "
                            + padlen + " at each end and needs more (scipy.signal.sosfiltfilt refuses it too); use method fir, or a shorter filter order");
                }
                write(ctx, rec, out, picked, step(design, picked, rec, types),
                        (c, w) -> ChannelIo.writeAll(w, c, SosFilter.filtfilt(sos, ChannelIo.readAll(rec, c), -1)));
            }
        });
    }

    /** How one picked channel is processed into the writer. */
    interface ChannelStep {
        void apply(int channel, EegWriter w) throws Exception;
    }

    /** Writes a same-length recording: picked channels through {@code step}, the rest copied. */
    static void write(TaskContext ctx, EegRecording rec, Path out, List<Integer> picked, Map<String, Object> step,
                      ChannelStep channelStep) throws Exception {
        Set<Integer> pick = new HashSet<>(picked);
        try (EegWriter w = EegWriter.create(out, rec.sfreq(), rec.channels(), rec.samples())) {
            ChannelPool.run(ChannelIo.all(rec.channels().size()), ctx.cpus(), ctx::cancelled, c -> {
                if (pick.contains(c)) {
                    channelStep.apply(c, w);
                } else {
                    ChannelIo.copy(rec, w, c);
                }
            });
            w.finish(rec.events(), Provenance.meta(rec, step));
        }
    }

    static Map<String, Object> step(Map<String, Object> design, List<Integer> picked, EegRecording rec, List<String> types) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("task", "eeg.filter");
        s.putAll(design);
        s.put("channel_types", types);
        s.put("channels_filtered", picked.size());
        if (picked.isEmpty()) {
            s.put("note", "no channel of the given types: data copied unchanged");
        }
        return s;
    }
}
