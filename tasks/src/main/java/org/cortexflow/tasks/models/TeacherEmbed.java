package org.cortexflow.tasks.models;

import java.io.IOException;
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

/**
 * {@code teacher.embed}: a representation of the stimulus audio aligned to every EEG epoch (the
 * segment at {@code audio_onset_s} for {@code audio_duration_s}), written as an embeddings artifact.
 * Teachers: the PredANN audio CNN trained here on song identity from the training epochs'
 * segments (its representation head z, as the official code's detached z_audio); mel-band
 * statistics (engineered baseline); a Keras .h5 or ONNX network from a file, at a named layer.
 * For chunked epochs (eeg.epoch train_crops per_epoch) the CNN trains on a fresh crop of each
 * training chunk every epoch, and every teacher also describes each chunk's crops on a grid of
 * starts ({@code grid.npy}), from which student.train takes the z of the crop it draws.
 */
public final class TeacherEmbed implements TaskType {

    private static final List<ParamSpec> PARAMS;

    static {
        List<ParamSpec> p = new ArrayList<>();
        p.add(ParamSpec.choice("teacher", List.of("cnn", "mel-stats", "keras", "onnx"), "cnn",
                "cnn: the audio SampleCNN2D trained on song identity; mel-stats: mean and SD of each log-mel band; "
                        + "keras: a Keras 2 .h5 network from 'file'; onnx: an ONNX network from 'file' (SameDiff import)"));
        p.add(ParamSpec.choice("arch", Architecture.labels(), "compact",
                "cnn: paper (raw waveform, the official audio network; a GPU network) or compact (log-mel spectrogram)"));
        p.add(ParamSpec.optional("layer", ParamType.STRING, "representation",
                "cnn: representation (z, 100-d) or logits; keras: the name of the layer whose activations to take; "
                        + "onnx: the name of the node output whose activations to take"));
        p.add(ParamSpec.optional("file", ParamType.PATH, "", "keras: the model file (.h5); onnx: the model file (.onnx)"));
        p.add(ParamSpec.choice("input", List.of("mel-stats", "log-mel", "waveform"), "mel-stats",
                "keras, onnx: what the file's network takes, as one flat vector per epoch: mel-band statistics (2 x mel_bands), "
                        + "the log-mel spectrogram (mel_bands x frames) or the mono waveform; onnx gives it the shape of the file's input"));
        p.add(ParamSpec.optional("mel_bands", ParamType.INT, 64, "mel bands of the log-mel spectrogram (about 46-ms frames, 23-ms hop)").range(2, 512));
        p.add(ParamSpec.optional("grid_step", ParamType.DURATION, "40ms",
                "chunked epochs (eeg.epoch train_crops per_epoch): step between the crop starts at which each training chunk's "
                        + "crops are described (grid.npy; a student's crop takes the nearest, within half a step); rounded to "
                        + "whole EEG samples, 40 ms = 5 samples at 125 Hz").unit("ms").atLeast(0));
        p.addAll(StudentTrain.TRAINING);
        PARAMS = List.copyOf(p);
    }

    private static final List<PortSpec> INPUTS = List.of(
            PortSpec.of("epochs", ArtifactKind.EPOCHS, "the EEG epochs the representations are aligned to (audio_onset_s, labels, splits)"),
            PortSpec.of("audio", ArtifactKind.AUDIO, "the stimulus audio set (audio.read of the stimuli folder)"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("embeddings", ArtifactKind.EMBEDDINGS,
            "embeddings.npy [epochs, d] aligned to the epochs, index.tsv, meta.json (teacher, layer, d)"));

    @Override
    public String name() {
        return "teacher.embed";
    }

    /** 3: the CNN teacher trains on the reworked network (other float32 rounding). */
    @Override
    public String version() {
        return "3";
    }

    @Override
    public String summary() {
        return "Representations of the stimulus audio aligned to EEG epochs: trained audio CNN, mel statistics, Keras or ONNX";
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
        String kind = ctx.string("teacher");
        try (EpochsData data = EpochsData.open(ctx.input("epochs"));
             AudioSegments audio = AudioSegments.open(ctx.input("audio"), data.classes())) {
            audio.checkCovers(data);
            AudioInputs.Mel mel = AudioInputs.Mel.forRate(audio.sampleRate(), (int) ctx.integer("mel_bands"));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("teacher", kind);
            meta.put("audio_sample_rate", audio.sampleRate());
            meta.put("segment_s", AudioInputs.segmentSeconds(data));
            Path out = ctx.output("embeddings");
            EmbeddingsData.Grid grid = null;
            if (data.hasChunks()) {
                int step = (int) Math.max(1, Math.round(ctx.duration("grid_step").toNanos() / 1e9 * data.sfreq()));
                grid = EmbeddingsData.Grid.of(data, step);
                ctx.log().printf(java.util.Locale.ROOT, "chunked epochs: %d training chunks x %d crop starts every %d samples "
                                + "(%.1f ms) for the grid%n", EmbeddingsData.Grid.chunkRows(data).length, grid.points(), step,
                        1000.0 * step / data.sfreq());
            }
            switch (kind) {
                case "mel-stats" -> {
                    meta.put("layer", "mel-band mean and SD");
                    meta.put("mel", melMeta(mel));
                    if (grid != null) {
                        meta.put("grid", EmbeddingsData.writeGrid(out, data, grid, AudioInputs.melStatistics(audio,
                                grid.segments(data), AudioInputs.segmentSeconds(data), mel, ctx.cpus()), ctx::cancelled));
                    }
                    EmbeddingsData.write(out, data, AudioInputs.melStatistics(audio, data, mel, ctx.cpus()), meta, ctx::cancelled);
                }
                case "cnn" -> embedWithCnn(ctx, data, audio, meta, out, grid);
                case "keras", "onnx" -> embedWithFile(ctx, kind, data, audio, mel, meta, out, grid);
                default -> throw new TaskFailure("unknown teacher " + kind);
            }
            ctx.log().println("wrote " + data.size() + " embeddings (" + kind + ")");
        }
    }

    /** A network from a file (Keras .h5 or ONNX) at a named layer, on the chosen audio input. */
    private static void embedWithFile(TaskContext ctx, String kind, EpochsData data, AudioSegments audio, AudioInputs.Mel mel,
                                      Map<String, Object> meta, Path out, EmbeddingsData.Grid grid) throws Exception {
        String file = ctx.string("file");
        if (file.isEmpty()) {
            throw new TaskFailure("teacher " + kind + " needs 'file': the " + (kind.equals("onnx") ? ".onnx" : ".h5")
                    + " model to load");
        }
        ModelBackend backend = ModelTasks.backend();
        ctx.log().println("backend " + backend.name() + ": " + backend.bind(ctx.cpus(), ctx.gpus()));
        double seconds = AudioInputs.segmentSeconds(data);
        InputSource in = fileInput(ctx, audio, AudioInputs.Segments.of(data), seconds, mel);
        InputSource gridIn = grid == null ? null : fileInput(ctx, audio, grid.segments(data), seconds, mel);
        int gridTotal = grid == null ? 0 : EmbeddingsData.Grid.chunkRows(data).length * grid.points();
        String layer = ctx.string("layer");
        meta.put("file", Path.of(file).getFileName().toString());
        meta.put("layer", layer);
        meta.put("input", ctx.string("input"));
        meta.put("mel", melMeta(mel));
        if (kind.equals("onnx")) {
            if (gridIn != null) {
                try (OnnxTeacher g = OnnxTeacher.open(Path.of(file), layer, gridIn, gridTotal, ctx.log())) {
                    meta.put("grid", EmbeddingsData.writeGrid(out, data, grid, g, ctx::cancelled));
                }
            }
            try (OnnxTeacher t = OnnxTeacher.open(Path.of(file), layer, in, data.size(), ctx.log())) {
                meta.putAll(t.describe());
                EmbeddingsData.write(out, data, t, meta, ctx::cancelled);
            }
        } else {
            if (gridIn != null) {
                try (KerasTeacher g = KerasTeacher.open(Path.of(file), layer, gridIn, gridTotal)) {
                    meta.put("grid", EmbeddingsData.writeGrid(out, data, grid, g, ctx::cancelled));
                }
            }
            try (KerasTeacher t = KerasTeacher.open(Path.of(file), layer, in, data.size())) {
                meta.putAll(t.describe());
                EmbeddingsData.write(out, data, t, meta, ctx::cancelled);
            }
        }
    }

    private static InputSource fileInput(TaskContext ctx, AudioSegments audio, AudioInputs.Segments at, double seconds,
                                         AudioInputs.Mel mel) throws IOException {
        return switch (ctx.string("input")) {
            case "log-mel" -> AudioInputs.logMel(audio, at, seconds, mel, ctx.cpus());
            case "waveform" -> AudioInputs.monoWaveform(audio, at, seconds);
            default -> AudioInputs.melStatistics(audio, at, seconds, mel, ctx.cpus());
        };
    }

    private void embedWithCnn(TaskContext ctx, EpochsData data, AudioSegments audio, Map<String, Object> meta, Path out,
                              EmbeddingsData.Grid grid) throws Exception {
        String layer = ctx.string("layer");
        if (!layer.equals("representation") && !layer.equals("logits")) {
            throw new TaskFailure("the cnn teacher has the layers 'representation' and 'logits', not '" + layer + "'");
        }
        ModelBackend backend = ModelTasks.backend();
        ctx.log().println("backend " + backend.name() + ": " + backend.bind(ctx.cpus(), ctx.gpus()));
        Architecture arch = Architecture.parse(ctx.string("arch"));
        List<Integer> train = data.split("train");
        if (train.size() < 2) {
            throw new TaskFailure("the epochs have " + train.size() + " training epoch(s); the cnn teacher trains on split 'train'");
        }
        long t0 = System.nanoTime();
        long seed = ctx.integer("seed");
        double seconds = AudioInputs.segmentSeconds(data);
        // chunked epochs: the network trains on a fresh crop of each training chunk every epoch
        ChunkCrops crops = data.hasChunks() ? new ChunkCrops(data, seed) : null;
        InputSource trainIn = ModelTasks.audioInput(arch, audio, crops == null ? AudioInputs.Segments.of(data)
                : AudioInputs.Segments.of(data, crops), seconds, ctx.cpus());
        InputSource in = crops == null ? trainIn : ModelTasks.audioInput(arch, audio, data, ctx.cpus());
        ctx.log().printf(java.util.Locale.ROOT, "audio inputs ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        NetworkSpec spec = new NetworkSpec(arch, in.height(), in.width(), data.classes().size(), 100, 100,
                ctx.real("dropout"), NetworkSpec.PREDANN_CHANNELS);
        List<Integer>[] parts = ModelTasks.holdOut(data, train, ctx.real("validation"), seed);
        Trainer.Config cfg = new Trainer.Config((int) ctx.integer("epochs"), (int) ctx.integer("batch"), seed, 0,
                Losses.Kind.INFONCE, 0.5, (int) ctx.integer("checkpoint_every"), (int) ctx.integer("patience"));
        int[] labels = data.rows().stream().mapToInt(EpochsData.Row::label).toArray();
        ctx.log().printf("audio cnn %s on %d x %d inputs, %d training epochs%n", arch.label(), in.height(), in.width(),
                parts[0].size());
        if (crops != null) {
            crops.fix(parts[1]);
        }
        try (Network net = backend.create(spec, ModelBackend.Optimizer.adam(ctx.real("lr")), seed)) {
            Path state = ctx.stateDirectory();
            Trainer.Result result = new Trainer(cfg, net, trainIn, new Trainer.None(), labels, ctx.log(), ctx::cancelled)
                    .beforeEpoch(e -> {
                        if (crops != null) {
                            crops.epoch(e);
                        }
                    })
                    .run(parts[0], parts[1], state, ModelTasks.fingerprint(name(), ctx, data));
            if (cfg.patience() > 0 && java.nio.file.Files.isRegularFile(state.resolve("best.npz"))) {
                net.load(state.resolve("best.npz"));
            }
            boolean logits = layer.equals("logits");
            meta.put("layer", layer);
            meta.put("network", spec.toJson());
            meta.put("input", arch == Architecture.PAPER ? "waveform" : "log-mel");
            meta.put("training", StudentTrain.trainingMeta(result, parts[0].size(), parts[1].size()));
            meta.put("curve", result.curve().stream().map(Trainer.EpochStats::toJson).toList());
            meta.put("backend", backend.name());
            if (crops != null) {
                meta.put("training_crops", "a fresh random crop of each training chunk every epoch (seed " + seed + ")");
            }
            if (grid != null) {
                long g0 = System.nanoTime();
                int total = EmbeddingsData.Grid.chunkRows(data).length * grid.points();
                InputSource gridIn = ModelTasks.audioInput(arch, audio, grid.segments(data), seconds, ctx.cpus());
                meta.put("grid", EmbeddingsData.writeGrid(out, data, grid, inference(net, gridIn, logits, total), ctx::cancelled));
                ctx.log().printf(java.util.Locale.ROOT, "grid: %d crops described in %.1f s%n", total, (System.nanoTime() - g0) / 1e9);
            }
            EmbeddingsData.write(out, data, inference(net, in, logits, data.size()), meta, ctx::cancelled);
        }
    }

    /** The network's inference-mode output for each epoch, computed 64 epochs at a time as rows are asked for in order. */
    private static InputSource inference(Network net, InputSource in, boolean logits, int total) {
        int chunk = 64;
        int size = in.height() * in.width();
        int d = logits ? net.spec().classes() : net.spec().representation();
        float[] x = new float[chunk * size];
        float[][] cache = new float[1][];
        int[] first = {-1};
        return InputSource.of(1, d, (epoch, dst, off) -> {
            if (first[0] < 0 || epoch < first[0] || epoch >= first[0] + chunk) {
                int n = Math.min(chunk, total - epoch);
                for (int i = 0; i < n; i++) {
                    in.fill(epoch + i, x, i * size);
                }
                Network.Outputs o = net.predict(x, n);
                cache[0] = logits ? o.logits() : o.representation();
                first[0] = epoch;
            }
            System.arraycopy(cache[0], (epoch - first[0]) * d, dst, off, d);
        });
    }

    private static Map<String, Object> melMeta(AudioInputs.Mel mel) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_fft", mel.nFft());
        m.put("hop", mel.hop());
        m.put("bands", mel.bands());
        m.put("scale", "slaney");
        m.put("db_top", 80.0);
        return m;
    }
}
