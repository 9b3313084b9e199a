package org.cortexflow.tasks.signal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.EpochsWriter;
import org.cortexflow.tasks.artifact.Event;

/** {@code eeg.epoch}: event-locked epochs, the PredANN chunk/crop protocol, or sliding windows. */
public final class EpochTask implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("mode", List.of("predann", "events", "sliding"), "predann",
                    "predann: chunks, stratified split, training crops and evaluation windows (seeds.md 1.2); "
                            + "events: windows [tmin, tmax] around events, like mne.Epochs; sliding: fixed-length windows"),
            ParamSpec.optional("events", ParamType.LIST, List.of(),
                    "event values to use: the stimulus ids (predann, sliding) or the events to epoch (events); "
                            + "empty: the audio input's stimulus ids, or (events mode) every event"),
            ParamSpec.optional("tmin", ParamType.FLOAT, -0.2, "events: epoch start relative to the event").unit("s"),
            ParamSpec.optional("tmax", ParamType.FLOAT, 0.5, "events: epoch end relative to the event (included)").unit("s"),
            ParamSpec.optional("baseline", ParamType.LIST, List.of("none", 0.0),
                    "events: [start, end] of the baseline in s, 'none' for the epoch's edge (MNE's (None, 0)); "
                            + "[] or [off] for no baseline correction"),
            ParamSpec.optional("reject", ParamType.MAP, Map.of(),
                    "events: drop epochs whose peak-to-peak amplitude exceeds this, per channel type, in V (e.g. {eeg: 150e-6})"),
            ParamSpec.optional("flat", ParamType.MAP, Map.of(),
                    "events: drop epochs whose peak-to-peak amplitude is below this, per channel type, in V"),
            ParamSpec.optional("delay", ParamType.DURATION, "200ms",
                    "stimulus delay: the EEG lags the audio by this much; shifts the windows (predann, sliding) and aligns audio_onset_s").unit("ms"),
            ParamSpec.optional("duration", ParamType.DURATION, "240s",
                    "predann: the first N seconds after each stimulus onset are cut into chunks").unit("s").atLeast(0),
            ParamSpec.optional("chunk", ParamType.DURATION, "30s", "predann: chunk length C").unit("s").atLeast(0),
            ParamSpec.optional("window", ParamType.DURATION, "3s",
                    "epoch length: the crop length W (predann) or the window length (sliding)").unit("s").atLeast(0),
            ParamSpec.optional("eval_window", ParamType.DURATION, "8s", "predann: evaluation window length L").unit("s").atLeast(0),
            ParamSpec.optional("eval_stride", ParamType.DURATION, "1.6s", "predann: stride S of the evaluation windows").unit("s").atLeast(0),
            ParamSpec.optional("eval_hop", ParamType.DURATION, "1s",
                    "predann: hop of the crops inside an evaluation window").unit("s").atLeast(0),
            ParamSpec.optional("test_size", ParamType.FLOAT, 0.25, "predann: fraction of chunks in the test split").range(0.001, 0.999),
            ParamSpec.optional("seed", ParamType.INT, 42, "predann: seed of the split (numpy RandomState) and of the random crops")
                    .range(0, 4294967295.0),
            ParamSpec.choice("train_crops", List.of(PredannEpochs.RANDOM, PredannEpochs.GRID, PredannEpochs.PER_EPOCH),
                    PredannEpochs.RANDOM,
                    "predann: training crops drawn once at random positions (crops_per_chunk) or on a grid (train_hop); "
                            + "per_epoch: each training chunk kept whole (chunks.npy; its row holds the chunk's first crop) so that "
                            + "student.train and teacher.embed draw a fresh random crop from it every training epoch, as the "
                            + "official loader does"),
            ParamSpec.optional("crops_per_chunk", ParamType.INT, 10, "predann: random training crops per training chunk").range(1, 100000),
            ParamSpec.optional("train_hop", ParamType.DURATION, "1s", "predann: hop of the grid training crops").unit("s").atLeast(0),
            ParamSpec.optional("overlap", ParamType.FLOAT, 0.5, "sliding: overlap of consecutive windows (hop = window x (1 - overlap))")
                    .range(0, 0.99));

    private static final List<PortSpec> INPUTS = List.of(
            PortSpec.of("eeg", ArtifactKind.EEG, "a recording or a set of recordings"),
            PortSpec.optional("audio", ArtifactKind.AUDIO, "the stimulus audio set: stimulus ids (label order) and durations"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("epochs", ArtifactKind.EPOCHS,
            "epochs.npy [n, channels, samples], epochs.tsv (one row per epoch), meta.json"));

    @Override
    public String name() {
        return "eeg.epoch";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Cut EEG into epochs: event-locked with baseline and rejection (like MNE), the PredANN protocol, or sliding windows";
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
        String mode = ctx.string("mode");
        EegSet set = EegSet.open(ctx.input("eeg"));
        Map<String, Double> audio = ctx.inputs().containsKey("audio")
                ? Stimuli.audioDurations(ctx.input("audio")) : Map.of();
        List<String> wanted = ParamType.strings(ctx.param("events"));
        Stimuli stimuli = stimuli(mode, wanted, audio, set);
        double delay = seconds(ctx, "delay");
        List<Channel> channels = set.dataChannels();
        double fs = set.sfreq();
        int samples = switch (mode) {
            case "events" -> Math.toIntExact(Math.round(ctx.real("tmax") * fs) - Math.round(ctx.real("tmin") * fs) + 1);
            default -> Math.toIntExact(EpochRun.samples(seconds(ctx, "window"), fs));
        };
        if (samples < 1) {
            throw new TaskFailure("epochs of " + samples + " samples: check window (or tmin/tmax) at " + fs + " Hz");
        }
        Path out = ctx.output("epochs");
        try (EpochsWriter w = EpochsWriter.create(out, channels.size(), samples)) {
            EpochRun run = new EpochRun(set, stimuli, w, ctx.log());
            switch (mode) {
                case "predann" -> PredannEpochs.run(run, new PredannEpochs.Settings(seconds(ctx, "duration"), seconds(ctx, "chunk"),
                        seconds(ctx, "window"), delay, seconds(ctx, "eval_window"), seconds(ctx, "eval_stride"),
                        seconds(ctx, "eval_hop"), ctx.real("test_size"), ctx.integer("seed"),
                        ctx.string("train_crops"), (int) ctx.integer("crops_per_chunk"), seconds(ctx, "train_hop")));
                case "events" -> EventEpochs.run(run, new EventEpochs.Settings(ctx.real("tmin"), ctx.real("tmax"),
                        baseline(ctx.param("baseline")), thresholds(ctx.param("reject"), "reject"),
                        thresholds(ctx.param("flat"), "flat"), delay), wanted.isEmpty() && audio.isEmpty());
                default -> SlidingEpochs.run(run, new SlidingEpochs.Settings(seconds(ctx, "window"), ctx.real("overlap"), delay));
            }
            Map<String, Object> meta = new TreeMap<>(run.meta);
            meta.put("dropped", run.dropped);
            meta.put("drop_log", run.dropLog);
            meta.put("missing", run.missing);
            meta.put("recordings", set.entries().size());
            if (!run.missing.isEmpty()) {
                ctx.log().println(run.missing.size() + " (recording, stimulus) pairs have no onset; listed in meta.json 'missing'");
            }
            if (!run.dropped.isEmpty()) {
                ctx.log().println("dropped epochs by reason: " + run.dropped + " (each listed in meta.json 'drop_log')");
            }
            w.finish(fs, channels.stream().map(Channel::name).toList(), stimuli.classes(), "V", meta);
        }
    }

    private static Stimuli stimuli(String mode, List<String> wanted, Map<String, Double> audio, EegSet set)
            throws Exception {
        if (!wanted.isEmpty()) {
            return Stimuli.of(new ArrayList<>(new LinkedHashSet<>(wanted)), audio);
        }
        if (!audio.isEmpty()) {
            return Stimuli.of(new ArrayList<>(audio.keySet()), audio);
        }
        switch (mode) {
            case "predann":
                throw new TaskFailure("predann needs the stimulus ids: bind the stimulus audio set to input 'audio' "
                        + "or list the ids in parameter 'events' (e.g. events: [21, 22, 23])");
            case "events": {
                List<String> values = new ArrayList<>();
                for (EegSet.Entry e : set.entries()) {
                    try (EegRecording r = EegRecording.open(e.dir())) {
                        r.events().stream().map(Event::value).forEach(values::add);
                    }
                }
                return Stimuli.of(Stimuli.sorted(values), Map.of());
            }
            default:
                return Stimuli.of(List.of(), Map.of());
        }
    }

    private static double seconds(TaskContext ctx, String name) {
        return ctx.duration(name).toNanos() / 1e9;
    }

    /** {@code [a, b]} with 'none' for an open end; null for no baseline. */
    static double[] baseline(Value v) throws TaskFailure {
        List<String> parts = ParamType.strings(v);
        if (parts.isEmpty() || parts.size() == 1 && List.of("off", "none", "false").contains(parts.get(0).toLowerCase(Locale.ROOT))) {
            return null;
        }
        if (parts.size() != 2) {
            throw new TaskFailure("baseline must be [start, end] (seconds, or none for the epoch's edge), or [] for none; got " + parts);
        }
        double[] b = new double[2];
        for (int i = 0; i < 2; i++) {
            String p = parts.get(i).trim().toLowerCase(Locale.ROOT);
            if (p.equals("none") || p.equals("null")) {
                b[i] = Double.NaN;
            } else {
                try {
                    b[i] = Double.parseDouble(p.endsWith("s") ? p.substring(0, p.length() - 1) : p);
                } catch (NumberFormatException e) {
                    throw new TaskFailure("baseline entry '" + parts.get(i) + "' is neither a number of seconds nor none");
                }
            }
        }
        return b;
    }

    static Map<String, Double> thresholds(Value v, String what) throws TaskFailure {
        Map<String, Double> out = new LinkedHashMap<>();
        if (v instanceof Value.Fields f) {
            for (Map.Entry<String, Value> e : f.values().entrySet()) {
                Value c = ParamType.FLOAT.coerce(e.getValue(), "").orElseThrow(() -> new TaskFailure(
                        what + "." + e.getKey() + " must be a number in V, got '" + e.getValue().display() + "'"));
                double d = ((Value.Real) c).value();
                if (!(d > 0) || Double.isInfinite(d)) {
                    throw new TaskFailure(what + "." + e.getKey() + " must be a positive number in V, got " + d);
                }
                out.put(e.getKey().toLowerCase(Locale.ROOT), d);
            }
        }
        return out;
    }
}
