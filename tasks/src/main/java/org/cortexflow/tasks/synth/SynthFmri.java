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

/** {@code synth.fmri}: a ds003720-like music-genre fMRI study with a planted auditory ROI (see docs/synth.md). */
public final class SynthFmri implements TaskType {

    public static final String NAME = "synth.fmri";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("size", StudySize.NAMES, "small", "tiny (unit tests), small (demo) or full (ds003720's design)"),
            ParamSpec.optional("seed", ParamType.INT, 42, "seed of everything drawn"),
            ParamSpec.optional("subjects", ParamType.INT, 0, "subjects; 0: from size (1, 2, 5)").range(0, 1000),
            ParamSpec.optional("train_runs", ParamType.INT, 0, "training runs; 0: from size (2, 4, 12)").range(0, 1000),
            ParamSpec.optional("train_clips", ParamType.INT, 0,
                    "new clips per training run (the previous run's last clip opens each run); 0: from size (10, 40, 40)")
                    .range(0, 1000),
            ParamSpec.optional("test_runs", ParamType.INT, 0, "test runs; 0: from size (1, 2, 6)").range(0, 1000),
            ParamSpec.optional("test_clips", ParamType.INT, 0, "distinct clips per test run; 0: from size (5, 10, 10)")
                    .range(0, 1000),
            ParamSpec.optional("repeats", ParamType.INT, 4, "repeats of the test clips in a test run").range(1, 100),
            ParamSpec.optional("dims", ParamType.LIST, List.of(), "volume size in voxels [x, y, z]; empty: from size"
                    + " (12x14x10 tiny, 24x28x20 otherwise)"),
            ParamSpec.optional("voxel_size", ParamType.FLOAT, 6.0, "isotropic voxel size").unit("mm").range(0.1, 100),
            ParamSpec.optional("tr", ParamType.FLOAT, 1.5, "repetition time").unit("s").range(0.1, 60),
            ParamSpec.optional("clip", ParamType.FLOAT, 15.0, "clip length (an excerpt of a track)").unit("s").range(1, 600),
            ParamSpec.optional("fade", ParamType.FLOAT, 2.0, "fade-in and fade-out of each clip").unit("s").range(0, 60),
            ParamSpec.optional("snr", ParamType.FLOAT, 1.0, "SD of an ROI voxel's planted signal over the SD of its noise")
                    .range(0, 100),
            ParamSpec.optional("noise", ParamType.FLOAT, 1.0, "SD of the AR(1) noise, % of the voxel's baseline").unit("%")
                    .range(0, 100),
            ParamSpec.optional("ar1", ParamType.FLOAT, 0.4, "lag-1 autocorrelation of the noise (per voxel +-0.05)").range(0, 0.95),
            ParamSpec.optional("drift", ParamType.FLOAT, 1.0, "SD of the slow drift (3 cosines per run)").unit("%").range(0, 100));

    private static final List<PortSpec> INPUTS = List.of(
            PortSpec.of("music", ArtifactKind.FILES, "a synth.music set with preset gtzan (enough tracks per genre)"),
            PortSpec.optional("confusion", ArtifactKind.ANY,
                    "listeners' confusion matrix: a TSV (genre + 10 genre columns, one row per true genre) or a directory"
                            + " holding confusion.tsv; default: classical easy, rock/reggae/country confusable"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("study", ArtifactKind.FILES,
            "BIDS study: sub-XXX/func/*_bold.nii.gz + events.tsv, stimuli/, genre_choices.tsv, ground_truth/ maps,"
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
        return "Simulate a ds003720-like music-genre fMRI study (NIfTI-1) with a planted ROI and listeners' choices";
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
        GenreConfusion confusion = ctx.inputs().containsKey("confusion") ? GenreConfusion.read(ctx.input("confusion")) : null;
        generate(new SynthParams(ctx.params()), music, confusion, ctx.output("study"), ctx.cpus(), ctx::cancelled);
    }

    /** Writes the study into {@code out}. */
    public static void generate(SynthParams p, MusicSet music, GenreConfusion confusion, Path out, int threads, Cancel cancel)
            throws Exception {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("generator", NAME);
        extra.put("params", p.plain());
        FmriStudy.generate(config(p, confusion), music, out, threads, cancel, extra);
    }

    /** The resolved study configuration. */
    public static FmriStudy.Config config(SynthParams p, GenreConfusion confusion) throws TaskFailure {
        StudySize s = p.size();
        int[] train = s.fmriTraining();
        int[] test = s.fmriTest();
        int[] dims = s.fmriVolume();
        List<String> given = p.list("dims");
        if (!given.isEmpty()) {
            if (given.size() != 3) {
                throw new TaskFailure("dims: three sizes [x, y, z] are needed, got " + given);
            }
            dims = new int[3];
            for (int i = 0; i < 3; i++) {
                try {
                    dims[i] = Integer.parseInt(given.get(i).strip());
                } catch (NumberFormatException e) {
                    throw new TaskFailure("dims: '" + given.get(i) + "' is not a whole number");
                }
                if (dims[i] < 4 || dims[i] > 512) {
                    throw new TaskFailure("dims: each size must be between 4 and 512, got " + dims[i]);
                }
            }
        }
        return new FmriStudy.Config(p.integer("seed"), p.intOr("subjects", s.fmriSubjects()), dims, p.real("voxel_size"),
                p.real("tr"), p.intOr("train_runs", train[0]), p.intOr("train_clips", train[1]), p.intOr("test_runs", test[0]),
                p.intOr("test_clips", test[1]), (int) p.integer("repeats"), p.real("clip"), p.real("fade"), p.real("snr"),
                p.real("noise"), p.real("ar1"), p.real("drift"), confusion);
    }
}
