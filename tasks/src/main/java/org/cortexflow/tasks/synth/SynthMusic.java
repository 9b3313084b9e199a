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

/** {@code synth.music}: a stimulus set of synthesized songs with planted features (see docs/synth.md). */
public final class SynthMusic implements TaskType {

    public static final String NAME = "synth.music";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("preset", List.of("nmedt", "gtzan", "deap"), "nmedt",
                    "nmedt: songs 21.. as 44.1 kHz stereo WAV; gtzan: 10 genres x N tracks, 22.05 kHz mono AU and WAV;"
                            + " deap: one-minute clips with planted valence and arousal"),
            ParamSpec.choice("size", StudySize.NAMES, "small", "tiny (unit tests), small (demo) or full (the real dataset's scale)"),
            ParamSpec.optional("seed", ParamType.INT, 42, "seed of everything drawn"),
            ParamSpec.optional("songs", ParamType.INT, 0, "songs (nmedt, deap) or tracks per genre (gtzan); 0: from size")
                    .range(0, 100000),
            ParamSpec.optional("duration", ParamType.DURATION, 0, "length of each song; 0: from size (full nmedt: NMED-T's lengths)")
                    .unit("s").range(0, 3600),
            ParamSpec.optional("sample_rate", ParamType.INT, 0, "0: 44100 for nmedt, 22050 otherwise (11025 for tiny gtzan)").unit("Hz").range(0, 192000),
            ParamSpec.optional("channels", ParamType.INT, 0, "audio channels; 0: 2 for nmedt, 1 otherwise").range(0, 2),
            ParamSpec.optional("feature_rate", ParamType.FLOAT, 0.0,
                    "rate of the planted feature series; 0: 1000 (nmedt), 100 (gtzan), 128 (deap): the EEG or fMRI model's rate")
                    .unit("Hz").range(0, 10000),
            ParamSpec.optional("latent_dims", ParamType.INT, 4, "latent dimensions planted in the audio (band-noise voices)")
                    .range(0, 4),
            ParamSpec.optional("latent_level", ParamType.FLOAT, 0.25, "loudness of the latent voices relative to the mix")
                    .range(0, 2),
            ParamSpec.optional("formats", ParamType.LIST, List.of(), "audio formats, wav and/or au; empty: wav (gtzan: wav, au)"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("music", ArtifactKind.FILES,
            "stimuli/ (audio), ground_truth/stimuli.tsv, ground_truth/features/ID.npy, ground_truth.json"));

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
        return "Synthesize songs (tempo, groove, key, timbre, a planted latent) with their features and ground truth";
    }

    @Override
    public List<PortSpec> inputs() {
        return List.of();
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
        generate(new SynthParams(ctx.params()), ctx.output("music"), ctx.cpus(), ctx::cancelled);
    }

    /** Writes the set and its ground_truth.json into {@code out}. */
    public static MusicSet generate(SynthParams p, Path out, int threads, Cancel cancel) throws Exception {
        MusicSet m = MusicGenerator.generate(config(p), out, threads, cancel);
        Map<String, Object> gt = new LinkedHashMap<>();
        gt.put("generator", NAME);
        gt.put("params", p.plain());
        gt.put("music", m.truth());
        StudyFiles.json(out.resolve(MusicSet.GROUND_TRUTH), gt);
        return m;
    }

    /** The resolved generator configuration. */
    public static MusicGenerator.Config config(SynthParams p) throws TaskFailure {
        String preset = p.text("preset");
        StudySize size = p.size();
        boolean nmedt = preset.equals("nmedt");
        boolean gtzan = preset.equals("gtzan");
        int count = p.intOr("songs", nmedt ? size.nmedtSongs() : gtzan ? size.gtzanTracksPerGenre() : size.deapTrials());
        double dur = p.secondsOr("duration", nmedt ? size.nmedtSongSeconds() : gtzan ? size.gtzanTrackSeconds()
                : size.deapTrialSeconds());
        boolean real = nmedt && size == StudySize.FULL && p.seconds("duration") == 0;
        // tiny GTZAN-like sets (unit tests) at 11.025 kHz so that they render in about a second
        int sr = p.intOr("sample_rate", nmedt ? 44100 : gtzan && size == StudySize.TINY ? 11025 : 22050);
        int ch = p.intOr("channels", nmedt ? 2 : 1);
        double fr = p.realOr("feature_rate", nmedt ? 1000 : gtzan ? 100 : 128);
        List<String> formats = p.list("formats");
        if (formats.isEmpty()) {
            formats = gtzan ? List.of("wav", "au") : List.of("wav");
        }
        for (String f : formats) {
            if (!f.equals("wav") && !f.equals("au")) {
                throw new TaskFailure("formats: '" + f + "' is not an audio format this task writes (wav, au)");
            }
        }
        if (fr > sr / 2.0) {
            throw new TaskFailure("feature_rate " + fr + " Hz is above half the sample rate (" + sr + " Hz)");
        }
        return new MusicGenerator.Config(preset, p.integer("seed"), count, dur, real, sr, ch, fr, (int) p.integer("latent_dims"),
                p.real("latent_level"), formats);
    }
}
