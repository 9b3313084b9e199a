package org.cortexflow.tasks.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.Table;

/**
 * {@code student.train}: the PredANN EEG model. Loss = CE(song) + lambda x loss(z_eeg, stopgrad(z_teacher)),
 * the teacher's representations either precomputed (input {@code teacher}, from teacher.embed) or
 * from an audio network trained alongside on its own CE (mode joint, input {@code audio}), as the
 * official code does. Adam, seeded and deterministic on CPU; checkpoints in the task's state
 * directory, so a killed run resumes. On chunked epochs (eeg.epoch train_crops per_epoch) every
 * training epoch draws a fresh random crop of each training chunk (seeded by seed and epoch), with
 * the teacher's z of the nearest grid start, as the official loader does.
 */
public final class StudentTrain implements TaskType {

    static final List<ParamSpec> TRAINING = List.of(
            ParamSpec.optional("epochs", ParamType.INT, 30, "passes over the training epochs (the official code runs 6000 on a GPU)").range(1, 1_000_000),
            ParamSpec.optional("batch", ParamType.INT, 48, "mini-batch size (the last partial batch of an epoch is dropped)").range(2, 1_000_000),
            ParamSpec.optional("lr", ParamType.FLOAT, 0.003, "Adam learning rate").range(1e-9, 10),
            ParamSpec.optional("seed", ParamType.INT, 42, "seed of the initial weights, shuffles and dropout"),
            ParamSpec.optional("dropout", ParamType.FLOAT, 0.5, "dropout before global pooling").range(0, 0.95),
            ParamSpec.optional("checkpoint_every", ParamType.INT, 5, "epochs between checkpoints (0: none); a killed run resumes from the last").range(0, 1_000_000),
            ParamSpec.optional("validation", ParamType.FLOAT, 0.0,
                    "fraction of the training chunks held out for a validation loss (whole chunks: their crops overlap)").range(0, 0.9),
            ParamSpec.optional("patience", ParamType.INT, 0,
                    "stop after this many epochs without a better validation loss and keep the best weights (0: off; needs validation > 0)").range(0, 1_000_000));

    private static final List<ParamSpec> PARAMS;

    static {
        List<ParamSpec> p = new ArrayList<>();
        p.add(ParamSpec.choice("arch", Architecture.labels(), "compact",
                "paper: the official SampleCNN2D at full resolution (a GPU network); compact: strided, for CPUs"));
        p.add(ParamSpec.optional("lambda", ParamType.FLOAT, 0.05, "weight of the representation loss (0: CE only)").range(0, 1e6));
        p.add(ParamSpec.choice("loss", Losses.Kind.labels(), "infonce",
                "representation loss: infonce (PredANN's cross-modal InfoNCE), cosine (1 - cos) or mse"));
        p.add(ParamSpec.optional("temperature", ParamType.FLOAT, 0.5, "InfoNCE temperature").range(1e-6, 1e6));
        p.add(ParamSpec.choice("mode", List.of("frozen", "joint"), "frozen",
                "frozen: the teacher input's embeddings; joint: an audio network trained alongside (needs the audio input)"));
        p.add(ParamSpec.choice("teacher_arch", Architecture.labels(), "compact",
                "joint mode: the audio network (paper: raw waveform, official; compact: log-mel spectrogram)"));
        p.add(ParamSpec.choice("pad", List.of("auto", "none", "power3"), "auto",
                "zero-pad the EEG to the next power of 3 samples as the official code (375 -> 729); auto: power3 for paper, none for compact"));
        p.addAll(TRAINING);
        PARAMS = List.copyOf(p);
    }

    private static final List<PortSpec> INPUTS = List.of(
            PortSpec.of("epochs", ArtifactKind.EPOCHS, "EEG epochs with labels and splits (eeg.epoch mode predann, then eeg.normalize)"),
            PortSpec.optional("teacher", ArtifactKind.EMBEDDINGS, "teacher.embed output for these epochs (frozen mode, lambda > 0)"),
            PortSpec.optional("audio", ArtifactKind.AUDIO, "the stimulus audio set (joint mode)"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("model", ArtifactKind.MODEL,
            "model.npz (weights, NumPy archive), meta.json (network, hyperparameters, training curve), curve.tsv"));

    @Override
    public String name() {
        return "student.train";
    }

    /** 3: the first convolution as im2col + matmul, no conv bias (the same function, other float32 rounding). */
    @Override
    public String version() {
        return "3";
    }

    @Override
    public String summary() {
        return "Train the PredANN EEG network: song CE + lambda x InfoNCE/cosine/MSE to a teacher's representation";
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
        Architecture arch = Architecture.parse(ctx.string("arch"));
        double lambda = ctx.real("lambda");
        Losses.Kind kind = Losses.Kind.parse(ctx.string("loss"));
        boolean joint = ctx.string("mode").equals("joint");
        boolean hasTeacher = ctx.inputs().containsKey("teacher");
        boolean hasAudio = ctx.inputs().containsKey("audio");
        if (lambda > 0 && !joint && !hasTeacher) {
            throw new TaskFailure("lambda is " + lambda + " but there is no teacher: bind the 'teacher' input (teacher.embed)"
                    + " or set mode: joint and bind 'audio'\n  hint: lambda: 0 trains on the song label alone");
        }
        if (joint && !hasAudio) {
            throw new TaskFailure("mode joint trains an audio teacher alongside: bind the 'audio' input (audio.read of the stimuli)");
        }
        ModelBackend backend = ModelTasks.backend();
        ctx.log().println("backend " + backend.name() + ": " + backend.bind(ctx.cpus(), ctx.gpus()));
        try (EpochsData data = EpochsData.open(ctx.input("epochs"))) {
            List<Integer> train = data.split("train");
            if (train.size() < 2) {
                throw new TaskFailure("the epochs have " + train.size() + " training epoch(s) (split 'train'); at least 2 are needed"
                        + "\n  hint: eeg.epoch mode predann writes train and test splits");
            }
            data.checkFinite();
            boolean pad = switch (ctx.string("pad")) {
                case "power3" -> true;
                case "none" -> false;
                default -> arch == Architecture.PAPER;
            };
            int width = pad ? InputSource.powerOfThree(data.samples()) : data.samples();
            long seed = ctx.integer("seed");
            ChunkCrops crops = data.hasChunks() ? new ChunkCrops(data, seed) : null;
            InputSource eeg = crops == null ? InputSource.eeg(data, width) : crops.eeg(width);
            int[] labels = data.rows().stream().mapToInt(EpochsData.Row::label).toArray();
            double dropout = ctx.real("dropout");
            ModelBackend.Optimizer opt = ModelBackend.Optimizer.adam(ctx.real("lr"));

            List<Integer>[] parts = ModelTasks.holdOut(data, train, ctx.real("validation"), seed);
            List<Integer> fit = parts[0];
            List<Integer> validation = parts[1];
            if (ctx.integer("patience") > 0 && validation.isEmpty()) {
                throw new TaskFailure("patience " + ctx.integer("patience") + " needs a validation set: set validation > 0");
            }
            if (crops != null) {
                crops.fix(validation);
            }

            Map<String, Object> teacherMeta = new LinkedHashMap<>();
            Trainer.Teacher teacher = new Trainer.None();
            int representation = 100;
            Network teacherNet = null;
            AudioSegments audio = null;
            EmbeddingsData embeddings = null;
            try {
                if (lambda > 0 && !joint) {
                    embeddings = EmbeddingsData.open(ctx.input("teacher"));
                    embeddings.checkAligned(data);
                    representation = embeddings.dim();
                    teacher = new Trainer.Frozen(crops == null ? embeddings.rows() : embeddings.rows(crops));
                    teacherMeta.put("mode", "frozen");
                    teacherMeta.put("embeddings", embeddings.meta());
                } else if (joint) {
                    audio = AudioSegments.open(ctx.input("audio"), data.classes());
                    audio.checkCovers(data);
                    Architecture ta = Architecture.parse(ctx.string("teacher_arch"));
                    InputSource audioIn = crops == null ? ModelTasks.audioInput(ta, audio, data, ctx.cpus())
                            : ModelTasks.audioInput(ta, audio, AudioInputs.Segments.of(data, crops), AudioInputs.segmentSeconds(data),
                            ctx.cpus());
                    teacherNet = backend.create(new NetworkSpec(ta, audioIn.height(), audioIn.width(), data.classes().size(),
                            representation, 100, dropout, NetworkSpec.PREDANN_CHANNELS), opt, seed + 1);
                    teacher = new Trainer.Joint(teacherNet, audioIn);
                    teacherMeta.put("mode", "joint");
                    teacherMeta.put("network", teacherNet.spec().toJson());
                    teacherMeta.put("input", ta == Architecture.PAPER ? "waveform" : "log-mel");
                    teacherMeta.put("parameters", teacherNet.parameterCount());
                } else {
                    teacherMeta.put("mode", "none");
                }
                NetworkSpec spec = new NetworkSpec(arch, data.channels(), width, data.classes().size(), representation, 100,
                        dropout, NetworkSpec.PREDANN_CHANNELS);
                Trainer.Config cfg = new Trainer.Config((int) ctx.integer("epochs"), (int) ctx.integer("batch"), seed, lambda,
                        kind, ctx.real("temperature"), (int) ctx.integer("checkpoint_every"), (int) ctx.integer("patience"));
                ctx.log().printf("student %s on %d x %d inputs, %d classes, representation %d; %d training epochs (%d held out), "
                                + "teacher %s, lambda %s%n", arch.label(), spec.height(), spec.width(), spec.classes(), representation,
                        fit.size(), validation.size(), teacherMeta.get("mode"), lambda);
                if (crops != null) {
                    ctx.log().printf("the training epochs are whole chunks of %d samples: a fresh %d-sample crop of each every "
                            + "epoch (validation chunks keep one)%n", data.chunkSamples(), data.samples());
                }
                try (Network student = backend.create(spec, opt, seed)) {
                    Path state = ctx.stateDirectory();
                    Trainer.Result result = new Trainer(cfg, student, eeg, teacher, labels, ctx.log(), ctx::cancelled)
                            .beforeEpoch(e -> {
                                if (crops != null) {
                                    crops.epoch(e);
                                }
                            })
                            .run(fit, validation, state, ModelTasks.fingerprint(name(), ctx, data));
                    Path best = state.resolve("best.npz");
                    if (cfg.patience() > 0 && Files.isRegularFile(best)) {
                        student.load(best);
                        ctx.log().println("kept the weights of epoch " + result.bestEpoch() + " (best validation loss)");
                    }
                    Path out = ctx.output("model");
                    student.save(out.resolve(ModelArtifact.WEIGHTS));
                    if (teacherNet != null) {
                        teacherNet.save(out.resolve(ModelArtifact.TEACHER_WEIGHTS));
                    }
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("kind", "model");
                    meta.put("task", name());
                    meta.put("network", spec.toJson());
                    meta.put("parameters", student.parameterCount());
                    meta.put("classes", data.classes());
                    Map<String, Object> input = new LinkedHashMap<>();
                    input.put("channels", data.channels());
                    input.put("samples", data.samples());
                    input.put("width", width);
                    input.put("padding", pad ? "power3 (centred zeros)" : "none");
                    input.put("sfreq", data.sfreq());
                    input.put("unit", data.meta().getOrDefault("unit", "n/a"));
                    if (crops != null) {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("train_crops", "per_epoch");
                        c.put("chunk_samples", data.chunkSamples());
                        c.put("draw", "one random crop start in [0, " + data.cropStarts() + ") per chunk and epoch, seeded by seed and epoch;"
                                + " validation chunks keep their first draw; each crop scaled as the epochs when normalised");
                        input.put("crops", c);
                    }
                    meta.put("input", input);
                    Map<String, Object> hp = new LinkedHashMap<>();
                    for (ParamSpec p : PARAMS) {
                        hp.put(p.name(), ctx.param(p.name()).plain());
                    }
                    hp.put("optimizer", "adam (torch.optim.Adam semantics), betas 0.9/0.999, eps 1e-8");
                    meta.put("hyperparameters", hp);
                    meta.put("teacher", teacherMeta);
                    meta.put("training", trainingMeta(result, fit.size(), validation.size()));
                    meta.put("curve", result.curve().stream().map(Trainer.EpochStats::toJson).toList());
                    meta.put("backend", backend.name());
                    MetaJson.write(out, meta);
                    curveTable(result).write(out.resolve("curve.tsv"));
                }
            } finally {
                if (teacherNet != null) {
                    teacherNet.close();
                }
                if (audio != null) {
                    audio.close();
                }
                if (embeddings != null) {
                    embeddings.close();
                }
            }
        }
    }

    static Map<String, Object> trainingMeta(Trainer.Result result, int fit, int validation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("training_epochs_used", fit);
        m.put("validation_epochs", validation);
        m.put("epochs_run", result.curve().size());
        m.put("steps", result.steps());
        m.put("resumed_after_epoch", result.resumedAfterEpoch());
        m.put("best_epoch", result.bestEpoch());
        m.put("stopped_early", result.stoppedEarly());
        return m;
    }

    static Table curveTable(Trainer.Result result) {
        Table.Builder b = new Table.Builder("epoch", "train_loss", "train_ce", "train_representation_loss", "train_accuracy",
                "validation_loss", "validation_accuracy", "teacher_train_accuracy");
        for (Trainer.EpochStats s : result.curve()) {
            b.add(s.epoch(), fmt(s.trainLoss()), fmt(s.trainCe()), fmt(s.trainRep()), fmt(s.trainAccuracy()),
                    fmt(s.validationLoss()), fmt(s.validationAccuracy()), fmt(s.teacherAccuracy()));
        }
        return b.build();
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.6g", v) : Table.MISSING;
    }
}
