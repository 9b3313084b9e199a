package org.cortexflow.tasks.synth;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskType;

/** {@code synth.deap}: a DEAP-like music-emotion EEG study with planted affect-dependent band power (see docs/synth.md). */
public final class SynthDeap implements TaskType {

    public static final String NAME = "synth.deap";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("size", StudySize.NAMES, "small", "tiny (unit tests), small (demo) or full (DEAP's 32 subjects)"),
            ParamSpec.optional("seed", ParamType.INT, 42, "seed of everything drawn for the subjects"),
            ParamSpec.optional("subjects", ParamType.INT, 0, "subjects; 0: from size (1, 8, 32)").range(0, 10000),
            ParamSpec.optional("sfreq", ParamType.FLOAT, 128.0, "sampling rate (the music's feature_rate must match)")
                    .unit("Hz").range(1, 100000),
            ParamSpec.optional("faa", ParamType.FLOAT, 0.6,
                    "frontal alpha asymmetry: ln(alpha power F4 / F3) at valence 9 (minus at valence 1)").range(-10, 10),
            ParamSpec.optional("beta_gain", ParamType.FLOAT, 0.8, "ln(beta power gain) at arousal 9 (minus at 1)").range(-10, 10),
            ParamSpec.optional("alpha_arousal", ParamType.FLOAT, 0.5, "ln(posterior alpha power loss) at arousal 9").range(-10, 10),
            ParamSpec.optional("rating_noise", ParamType.FLOAT, 0.8, "SD of a rating around the clip's planted value")
                    .range(0, 10),
            ParamSpec.optional("subject_bias", ParamType.FLOAT, 0.5, "SD of a subject's constant rating bias").range(0, 10),
            ParamSpec.optional("snr_db", ParamType.FLOAT, -15.0, "power of the envelope/flux response over the background")
                    .unit("dB").range(-60, 40),
            ParamSpec.optional("latency", ParamType.FLOAT, 200.0, "latency of the envelope/flux response").unit("ms").range(0, 2000),
            ParamSpec.optional("line_freq", ParamType.FLOAT, 50.0, "power-line frequency (DEAP: Geneva, 50)").unit("Hz")
                    .range(0, 1000),
            ParamSpec.optional("line_noise", ParamType.FLOAT, 1.0, "line-noise amplitude").unit("uV").range(0, 10000),
            ParamSpec.optional("background", ParamType.FLOAT, 10.0, "RMS of the 1/f background").unit("uV").range(0, 10000),
            ParamSpec.optional("alpha", ParamType.FLOAT, 6.0, "occipital alpha amplitude").unit("uV").range(0, 10000),
            ParamSpec.optional("beta", ParamType.FLOAT, 3.0, "central beta amplitude").unit("uV").range(0, 10000),
            ParamSpec.optional("sensor_noise", ParamType.FLOAT, 2.0, "white sensor noise").unit("uV").range(0, 10000),
            ParamSpec.optional("drift", ParamType.FLOAT, 10.0, "slow drift").unit("uV").range(0, 100000),
            ParamSpec.optional("blinks_per_minute", ParamType.FLOAT, 15.0, "mean blink rate").range(0, 600),
            ParamSpec.optional("blink_amplitude", ParamType.FLOAT, 100.0, "blink amplitude at the most frontal channel")
                    .unit("uV").range(0, 100000));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("music", ArtifactKind.FILES,
            "a synth.music set with preset deap (clips with planted valence and arousal), feature_rate = sfreq"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("study", ArtifactKind.FILES,
            "BIDS study: sub-XX/eeg/*_eeg.bdf (32 ch, 128 Hz) + sidecars with ratings, participant_ratings.tsv, stimuli/,"
                    + " ground_truth.json"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Simulate a DEAP-like music-emotion EEG study (BDF, ratings) with planted affect-dependent band power";
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
        generate(new SynthParams(ctx.params()), MusicSet.load(ctx.input("music")), ctx.output("study"), ctx.cpus(),
                ctx::cancelled);
    }

    /** Writes the study into {@code out}. */
    public static void generate(SynthParams p, MusicSet music, Path out, int threads, Cancel cancel) throws Exception {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("generator", NAME);
        extra.put("params", p.plain());
        DeapStudy.generate(config(p), music, out, threads, cancel, extra);
    }

    /** The resolved study configuration. */
    public static DeapStudy.Config config(SynthParams p) {
        return new DeapStudy.Config(p.integer("seed"), p.intOr("subjects", p.size().deapSubjects()), p.real("sfreq"),
                p.real("faa"), p.real("beta_gain"), p.real("alpha_arousal"), p.real("rating_noise"), p.real("subject_bias"),
                p.real("snr_db"), p.real("latency"), p.real("line_freq"), p.real("line_noise"), p.real("background"),
                p.real("alpha"), p.real("beta"), p.real("sensor_noise"), p.real("drift"), p.real("blinks_per_minute"),
                p.real("blink_amplitude"));
    }
}
