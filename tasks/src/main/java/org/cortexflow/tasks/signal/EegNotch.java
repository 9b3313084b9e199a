package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;

/**
 * {@code eeg.notch}: removes line noise. FIR: {@code mne.filter.notch_filter(method='fir')} 1.3
 * (band-stop of width f/200 around each frequency, 1 Hz of transition), streamed by FFT blocks.
 * IIR: {@code scipy.signal.iirnotch(f, Q)} per frequency, each applied with
 * {@code scipy.signal.filtfilt} (forward-backward, odd padding, default pad length).
 */
public final class EegNotch implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.optional("freqs", ParamType.LIST, List.of(50.0), "line frequencies to remove, in Hz (e.g. [50] or [60, 120])"),
            ParamSpec.optional("harmonics", ParamType.BOOL, false,
                    "also remove every multiple of each frequency whose stop band lies below Nyquist"),
            ParamSpec.choice("method", List.of("fir", "iir"), "fir",
                    "fir: MNE's notch_filter band-stop; iir: scipy's iirnotch, forward-backward"),
            ParamSpec.optional("notch_widths", ParamType.STRING, "auto",
                    "FIR: stop-band width in Hz around each frequency; auto = frequency / 200 (MNE)"),
            ParamSpec.optional("trans_bandwidth", ParamType.FLOAT, 1.0,
                    "FIR: total transition width in Hz, half on each side of the stop band (MNE)").unit("Hz"),
            SignalParams.filterLength(),
            ParamSpec.optional("quality", ParamType.FLOAT, 30.0,
                    "IIR: quality factor Q; the -3 dB bandwidth is frequency / Q").atLeast(0),
            SignalParams.types("notch-filter"));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG, "a recording or a set of recordings"));
    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG,
            "the notch-filtered recording(s); meta.json `processing` holds the design"));

    @Override
    public String name() {
        return "eeg.notch";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Notch out line noise (and harmonics): FIR like MNE's notch_filter, or IIR like scipy's iirnotch + filtfilt";
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
        double[] base = frequencies(ParamType.strings(ctx.param("freqs")));
        boolean fir = ctx.string("method").equals("fir");
        OptionalDouble widths = SignalParams.autoOrHz("notch_widths", ctx.string("notch_widths"));
        double trans = ctx.real("trans_bandwidth");
        double quality = ctx.real("quality");
        if (fir && !(trans > 0)) {
            throw new TaskFailure("eeg.notch: trans_bandwidth must be positive, got " + trans);
        }
        if (!fir && !(quality > 0)) {
            throw new TaskFailure("eeg.notch: quality must be positive, got " + quality);
        }
        List<String> types = ParamType.strings(ctx.param("types"));
        EegSetMap.forEach(ctx.input("eeg"), ctx.output("eeg"), ctx.log(), (rec, out, log) -> {
            double nyq = rec.sfreq() / 2;
            double[] freqs = ctx.bool("harmonics") ? withHarmonics(base, nyq, fir, widths, trans) : base;
            List<Integer> picked = ChannelIo.ofTypes(rec, types);
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("task", "eeg.notch");
            step.put("freqs_hz", IirDesign.toList(freqs));
            if (fir) {
                FirDesign.FirFilter f;
                try {
                    f = Notch.firDesign(rec.sfreq(), freqs, widths, trans, ctx.string("filter_length"), rec.samples());
                } catch (IllegalArgumentException e) {
                    throw new TaskFailure("eeg.notch: " + e.getMessage() + " (sfreq " + rec.sfreq() + " Hz)");
                }
                f.report().forEach(log::println);
                step.putAll(f.design());
                step.put("notch_widths_hz", widths.isPresent() ? widths.getAsDouble() : "frequency / 200");
                step.put("trans_bandwidth_hz", trans);
                step.put("reference", "mne.filter.notch_filter 1.3 (method='fir')");
                ZeroPhaseFir filter = new ZeroPhaseFir(f.taps(), rec.samples());
                finish(step, picked, types);
                EegFilter.write(ctx, rec, out, picked, step,
                        (c, w) -> filter.apply(ChannelIo.source(rec, c), ChannelIo.sink(w, c)));
            } else {
                List<Object> coefs = new ArrayList<>();
                for (double f : freqs) {
                    double[][] ba;
                    try {
                        ba = IirDesign.iirNotch(f, quality, rec.sfreq());
                    } catch (IllegalArgumentException e) {
                        throw new TaskFailure("eeg.notch: " + e.getMessage());
                    }
                    coefs.add(Map.of("freq_hz", f, "b", IirDesign.toList(ba[0]), "a", IirDesign.toList(ba[1])));
                    log.println(String.format(Locale.ROOT, "IIR notch at %.2f Hz, Q %.3g (-3 dB bandwidth %.3f Hz), "
                            + "forward-backward (filtfilt, odd padding of 9 samples)", f, quality, f / quality));
                }
                if (rec.samples() <= 9 && !picked.isEmpty()) {
                    throw new TaskFailure("eeg.notch: the recording has " + rec.samples() + " samples; filtfilt pads 9 at "
                            + "each end and needs more (scipy.signal.filtfilt refuses it too)");
                }
                step.put("method", "iir");
                step.put("design", "iirnotch");
                step.put("quality", quality);
                step.put("phase", "zero (forward-backward)");
                step.put("padding", "odd");
                step.put("padlen", 9);
                step.put("sections", coefs);
                step.put("reference", "scipy.signal.iirnotch + filtfilt, scipy 1.10");
                finish(step, picked, types);
                EegFilter.write(ctx, rec, out, picked, step,
                        (c, w) -> ChannelIo.writeAll(w, c, Notch.iir(ChannelIo.readAll(rec, c), rec.sfreq(), freqs, quality)));
            }
        });
    }

    private static void finish(Map<String, Object> step, List<Integer> picked, List<String> types) {
        step.put("channel_types", types);
        step.put("channels_filtered", picked.size());
    }

    static double[] frequencies(List<String> given) throws TaskFailure {
        if (given.isEmpty()) {
            throw new TaskFailure("eeg.notch: give at least one frequency in freqs");
        }
        double[] f = new double[given.size()];
        for (int i = 0; i < f.length; i++) {
            try {
                f[i] = Double.parseDouble(given.get(i).trim());
            } catch (NumberFormatException e) {
                throw new TaskFailure("eeg.notch: freqs must be numbers of Hz, got '" + given.get(i) + "'");
            }
            if (!(f[i] > 0) || Double.isInfinite(f[i])) {
                throw new TaskFailure("eeg.notch: notch frequencies must be positive, got " + given.get(i));
            }
        }
        return f;
    }

    /** Each frequency and its multiples whose stop band (FIR: with its transition) stays below Nyquist. */
    static double[] withHarmonics(double[] base, double nyq, boolean fir, OptionalDouble widths, double trans) {
        List<Double> out = new ArrayList<>();
        for (double f : base) {
            for (int k = 1; ; k++) {
                double h = f * k;
                double reach = fir ? h + (widths.isPresent() ? widths.getAsDouble() : h / 200.0) / 2 + trans / 2 : h;
                if (reach >= nyq) {
                    break;
                }
                if (!out.contains(h)) {
                    out.add(h);
                }
            }
        }
        if (out.isEmpty()) {
            return base;
        }
        out.sort(Double::compare);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
