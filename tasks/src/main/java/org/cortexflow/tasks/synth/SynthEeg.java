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
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;

/** {@code synth.eeg}: an NMED-T-like EEG study of subjects listening to a synth.music set (see docs/synth.md). */
public final class SynthEeg implements TaskType {

    public static final String NAME = "synth.eeg";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("size", StudySize.NAMES, "small", "tiny (unit tests), small (demo, PredANN) or full (NMED-T's scale)"),
            ParamSpec.optional("seed", ParamType.INT, 42, "seed of everything drawn for the subjects"),
            ParamSpec.optional("subjects", ParamType.INT, 0, "subjects; 0: from size (2, 10, 20)").range(0, 10000),
            ParamSpec.optional("channels", ParamType.INT, 0,
                    "EEG channels; 0: from size (8, 16, 128); 8, 16 and 32 use 10-10 names, others E1..En").range(0, 1024),
            ParamSpec.optional("sfreq", ParamType.FLOAT, 1000.0, "sampling rate (the music's feature_rate must match)")
                    .unit("Hz").range(1, 100000),
            ParamSpec.optional("snr_db", ParamType.FLOAT, -10.0,
                    "response power over background power (1/f, alpha, sensor noise), per subject +- N(0, 1) dB").unit("dB")
                    .range(-60, 40),
            ParamSpec.optional("latency", ParamType.FLOAT, 200.0, "mean response latency").unit("ms").range(0, 2000),
            ParamSpec.optional("latency_sd", ParamType.FLOAT, 15.0, "between-subject SD of the latency (clipped at 3 SD)")
                    .unit("ms").range(0, 500),
            ParamSpec.optional("line_freq", ParamType.FLOAT, 60.0, "power-line frequency (NMED-T: 60)").unit("Hz").range(0, 1000),
            ParamSpec.optional("line_noise", ParamType.FLOAT, 2.0, "line-noise amplitude (per channel x log-normal)").unit("uV")
                    .range(0, 10000),
            ParamSpec.optional("background", ParamType.FLOAT, 10.0, "RMS of the 1/f background").unit("uV").range(0, 10000),
            ParamSpec.optional("alpha", ParamType.FLOAT, 6.0, "alpha amplitude at the strongest channel").unit("uV").range(0, 10000),
            ParamSpec.optional("sensor_noise", ParamType.FLOAT, 2.0, "white sensor noise").unit("uV").range(0, 10000),
            ParamSpec.optional("drift", ParamType.FLOAT, 15.0, "slow drift (30-s time constant)").unit("uV").range(0, 100000),
            ParamSpec.optional("blinks_per_minute", ParamType.FLOAT, 15.0, "mean blink rate").range(0, 600),
            ParamSpec.optional("blink_amplitude", ParamType.FLOAT, 100.0, "blink amplitude at the most frontal channel")
                    .unit("uV").range(0, 100000),
            ParamSpec.choice("format", List.of("bdf", "edf"), "bdf", "bdf: 24-bit with a Status channel; edf: EDF+ with annotations"),
            ParamSpec.optional("nmedt_mat", ParamType.BOOL, false,
                    "also write NMED-T raw-style MAT v7.3 files (nmedt/S01_1.mat: X, fs, DIN_1); jhdf holds a recording in memory"));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("music", ArtifactKind.FILES,
            "a synth.music set (preset nmedt) whose feature_rate equals sfreq"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("study", ArtifactKind.FILES,
            "BIDS study: sub-XX/eeg/*_eeg.bdf + sidecars, participants.tsv, stimuli/, ground_truth.json, [nmedt/*.mat]"));

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
        return "Simulate an NMED-T-like EEG study (BIDS BDF/EDF+, optional MAT v7.3) with a planted ground truth";
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
        MusicSet music = MusicSet.load(ctx.input("music"));
        generate(new SynthParams(ctx.params()), music, ctx.output("study"), ctx.cpus(), ctx::cancelled);
    }

    /** Writes the study into {@code out}, using (and linking) the songs of {@code music}. */
    public static void generate(SynthParams p, MusicSet music, Path out, int threads, Cancel cancel) throws Exception {
        if (!music.preset().equals("nmedt")) {
            throw new TaskFailure("synth.eeg needs a music set with preset nmedt (song ids are trigger codes), got '"
                    + music.preset() + "'");
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("generator", NAME);
        extra.put("params", p.plain());
        NmedtStudy.generate(config(p), music, out, threads, cancel, extra);
    }

    /** The resolved study configuration. */
    public static NmedtStudy.Config config(SynthParams p) {
        StudySize s = p.size();
        double[] gap = s.nmedtGapS();
        return new NmedtStudy.Config(p.integer("seed"), p.intOr("subjects", s.nmedtSubjects()),
                p.intOr("channels", s.nmedtChannels()), p.real("sfreq"), p.real("snr_db"), p.real("latency"),
                p.real("latency_sd"), p.real("line_freq"), p.real("line_noise"), p.real("background"), p.real("alpha"),
                p.real("sensor_noise"), p.real("drift"), p.real("blinks_per_minute"), p.real("blink_amplitude"),
                p.text("format"), p.bool("nmedt_mat"), s.nmedtRestS(), gap[0], gap[1]);
    }
}
