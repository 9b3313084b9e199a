package org.cortexflow.tasks.signal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.cortexflow.tasks.artifact.Event;

/**
 * {@code eeg.resample}: a new sampling rate. FFT: {@code mne.filter.resample} 1.3 with
 * {@code npad='auto'} (boxcar window, reflect_limited padding), or exactly
 * {@code scipy.signal.resample(x, round(n * ratio))} with {@code npad=0}. Polyphase:
 * {@code scipy.signal.resample_poly} 1.10 with its Kaiser(5.0) design, streamed over time.
 * Trigger channels keep their codes (MNE's stim resampling); events move to the new rate.
 */
public final class EegResample implements TaskType {

    private static final Set<String> STIM_TYPES = Set.of("TRIG", "STIM");

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.required("sfreq", ParamType.FLOAT, "the new sampling rate in Hz").unit("Hz").atLeast(0),
            ParamSpec.choice("method", List.of("fft", "polyphase"), "fft",
                    "fft: whole-signal spectrum (MNE's resample); polyphase: Kaiser-windowed FIR (scipy's resample_poly)"),
            ParamSpec.optional("npad", ParamType.STRING, "auto",
                    "FFT: samples of odd reflection added at each end before the FFT; auto pads to the next power of two "
                            + "(MNE's default in Raw.resample); 0 gives scipy.signal.resample exactly"));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG, "a recording or a set of recordings"));
    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("eeg", ArtifactKind.EEG,
            "the recording(s) at the new rate, events moved to it"));

    @Override
    public String name() {
        return "eeg.resample";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Resample to a new rate: FFT like MNE's resample (npad auto) or scipy.signal.resample, or polyphase like resample_poly";
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
        double target = ctx.real("sfreq");
        if (!(target > 0)) {
            throw new TaskFailure("eeg.resample: sfreq must be a positive rate in Hz, got " + target);
        }
        boolean fft = ctx.string("method").equals("fft");
        int npad = npad(ctx.string("npad"));
        EegSetMap.forEach(ctx.input("eeg"), ctx.output("eeg"), ctx.log(), (rec, out, log) -> {
            double ratio = target / rec.sfreq();
            long n = rec.samples();
            if (n < 1) {
                throw new TaskFailure("eeg.resample: the recording has no samples");
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("task", "eeg.resample");
            step.put("from_hz", rec.sfreq());
            step.put("to_hz", target);
            step.put("ratio", ratio);
            Set<Integer> stim = new HashSet<>();
            for (int c = 0; c < rec.channels().size(); c++) {
                if (STIM_TYPES.contains(rec.channels().get(c).type().toUpperCase(Locale.ROOT))) {
                    stim.add(c);
                }
            }
            step.put("stim_channels", stim.size());
            if (!stim.isEmpty()) {
                step.put("stim_method", "first non-zero value per output sample (mne.filter._resample_stim_channels)");
            }
            if (target == rec.sfreq()) {
                log.println("already at " + target + " Hz: copied unchanged");
                step.put("method", "none (same rate)");
                EegFilter.write(ctx, rec, out, List.of(), step, (c, w) -> { });
                return;
            }
            if (fft) {
                if (n > Integer.MAX_VALUE / 2) {
                    throw new TaskFailure("eeg.resample: " + n + " samples per channel is too long for FFT resampling; use method polyphase");
                }
                FftResampler.Plan plan = FftResampler.plan((int) n, ratio, npad);
                step.put("method", "fft");
                step.put("window", "boxcar");
                step.put("pad", "reflect_limited");
                step.put("npad", npad < 0 ? "auto" : npad);
                step.put("pad_samples", List.of(plan.padLeft(), plan.padRight()));
                step.put("fft_length", (long) n + plan.padLeft() + plan.padRight());
                step.put("reference", npad == 0 ? "scipy.signal.resample 1.10 (num = round(n * ratio))"
                        : "mne.filter.resample 1.3 (window='boxcar', pad='reflect_limited')");
                log.println(String.format(Locale.ROOT, "FFT resampling %s -> %s Hz: %d -> %d samples, padded by %d + %d "
                        + "samples (npad %s) to an FFT of %d", FirDesign.num(rec.sfreq()), FirDesign.num(target), n,
                        plan.outLength(), plan.padLeft(), plan.padRight(), npad < 0 ? "auto" : Integer.toString(npad),
                        n + plan.padLeft() + plan.padRight()));
                resampled(ctx, rec, out, target, ratio, plan.outLength(), stim, step,
                        (c, w) -> ChannelIo.writeAll(w, c, FftResampler.resampleMne(ChannelIo.readAll(rec, c), plan)));
            } else {
                PolyphaseResampler r;
                try {
                    r = PolyphaseResampler.between(rec.sfreq(), target);
                } catch (IllegalArgumentException e) {
                    throw new TaskFailure("eeg.resample: " + e.getMessage());
                }
                long outLen = r.outputLength(n);
                step.put("method", "polyphase");
                step.put("up", r.up());
                step.put("down", r.down());
                step.put("filter_taps", 20L * Math.max(r.up(), r.down()) + 1);
                step.put("window", "kaiser(5.0)");
                step.put("reference", "scipy.signal.resample_poly 1.10 (window=('kaiser', 5.0), padtype='constant')");
                log.println(String.format(Locale.ROOT, "polyphase resampling %s -> %s Hz: up %d, down %d, %d-tap Kaiser(5.0) "
                        + "low-pass at 1/%d of Nyquist; %d -> %d samples", FirDesign.num(rec.sfreq()), FirDesign.num(target),
                        r.up(), r.down(), 20L * Math.max(r.up(), r.down()) + 1, Math.max(r.up(), r.down()), n, outLen));
                resampled(ctx, rec, out, target, ratio, outLen, stim, step,
                        (c, w) -> r.resample(ChannelIo.source(rec, c), n, ChannelIo.sink(w, c)));
            }
        });
    }

    private static void resampled(TaskContext ctx, EegRecording rec, java.nio.file.Path out, double target, double ratio, long outLen,
                                  Set<Integer> stim, Map<String, Object> step, EegFilter.ChannelStep data) throws Exception {
        if (outLen > Integer.MAX_VALUE && !stim.isEmpty()) {
            throw new TaskFailure("eeg.resample: trigger channels of more than 2^31 samples are not supported");
        }
        try (EegWriter w = EegWriter.create(out, target, rec.channels(), outLen)) {
            ChannelPool.run(ChannelIo.all(rec.channels().size()), ctx.cpus(), ctx::cancelled, c -> {
                if (stim.contains(c)) {
                    ChannelIo.writeAll(w, c, StimResampler.resample(ChannelIo.readAll(rec, c), ratio, (int) outLen));
                } else {
                    data.apply(c, w);
                }
            });
            w.finish(events(rec.events(), ratio, outLen), Provenance.meta(rec, step));
        }
    }

    /** Events at the new rate: onsets rounded half to even (numpy) and kept inside the recording, as MNE does. */
    static List<Event> events(List<Event> in, double ratio, long outLen) {
        List<Event> out = new ArrayList<>(in.size());
        for (Event e : in) {
            long onset = Math.min((long) Math.rint(e.onsetSample() * ratio), Math.max(outLen - 1, 0));
            long duration = (long) Math.rint(e.durationSamples() * ratio);
            out.add(new Event(onset, duration, e.value(), e.description()));
        }
        return out;
    }

    static int npad(String v) throws TaskFailure {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TaskFailure("eeg.resample: npad must be \"auto\" or a number of samples >= 0, got '" + v + "'");
        }
    }
}
