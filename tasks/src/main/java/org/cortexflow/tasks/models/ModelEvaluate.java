package org.cortexflow.tasks.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.MetaJson;

/**
 * {@code model.evaluate}: song-identification accuracy of a trained model on the test epochs:
 * per 3-s crop, and per evaluation window of L seconds combining the window's first (L - W) / hop + 1
 * crops by mean softmax, max softmax or majority vote (the official codes_7s evaluation); per-class
 * accuracy and the confusion matrix; learning curves and the confusion matrix as PNG.
 */
public final class ModelEvaluate implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.optional("split", ParamType.STRING, "test", "the split of the epochs to evaluate"),
            ParamSpec.optional("lengths", ParamType.LIST, List.of(3, 4, 5, 6, 7, 8),
                    "evaluation lengths L in seconds; L combines the first (L - window) / eval_hop + 1 crops of each window"),
            ParamSpec.optional("plots", ParamType.BOOL, true, "write PNG plots (learning curves, confusion matrix, accuracy by length)"));

    private static final List<PortSpec> INPUTS = List.of(
            PortSpec.of("model", ArtifactKind.MODEL, "a student.train model"),
            PortSpec.of("epochs", ArtifactKind.EPOCHS, "the epochs artifact it was trained on (its test split is evaluated)"));

    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("metrics", ArtifactKind.METRICS,
            "metrics.json, accuracy.tsv, per_class.tsv, confusion.tsv, predictions.tsv, *.png"));

    /** The aggregations of a window's crops. */
    static final List<String> AGGREGATIONS = List.of("mean", "max", "vote");

    @Override
    public String name() {
        return "model.evaluate";
    }

    /** 2: inference folds the conv bias into batch norm's shift (other float32 rounding). */
    @Override
    public String version() {
        return "2";
    }

    @Override
    public String summary() {
        return "Song-identification accuracy: 3-s crops, 4-8-s windows (mean/max/vote), per class, confusion matrix, plots";
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
        ModelArtifact model = ModelArtifact.open(ctx.input("model"));
        ModelBackend backend = ModelTasks.backend();
        ctx.log().println("backend " + backend.name() + ": " + backend.bind(ctx.cpus(), ctx.gpus()));
        try (EpochsData data = EpochsData.open(ctx.input("epochs")); Network net = model.load(backend)) {
            checkCompatible(model, data);
            List<Integer> eval = data.split(ctx.string("split"));
            if (eval.isEmpty()) {
                throw new TaskFailure("the epochs have no split '" + ctx.string("split") + "'");
            }
            int k = model.classes().size();
            float[][] probs = predict(net, InputSource.eeg(data, model.inputWidth()), eval, k, ctx);
            Map<String, Object> metrics = Scoring.score(data, eval, probs, k, lengths(ctx), windowSeconds(data), hopSeconds(data));
            metrics.put("model", modelSummary(model));
            metrics.put("split", ctx.string("split"));
            Path out = ctx.output("metrics");
            MetaJson.mapper().writeValue(out.resolve("metrics.json").toFile(), metrics);
            Scoring.tables(metrics, data, eval, probs, model.classes(), out);
            if (ctx.bool("plots")) {
                Plots.learningCurves(model.meta(), out.resolve("learning_curves.png"));
                Plots.confusion(metrics, model.classes(), out.resolve("confusion.png"));
                Plots.accuracyByLength(metrics, out.resolve("accuracy_by_length.png"));
            }
            ctx.log().printf(Locale.ROOT, "accuracy: 3 s %.3f over %d crops; chance %.3f%n", metrics.get("accuracy_3s"),
                    eval.size(), 1.0 / k);
        }
    }

    private static void checkCompatible(ModelArtifact model, EpochsData data) throws TaskFailure {
        Object samples = model.meta().get("input") instanceof Map<?, ?> in ? in.get("samples") : null;
        if (data.channels() != model.spec().height() || samples instanceof Number s && s.intValue() != data.samples()) {
            throw new TaskFailure("the model takes " + model.spec().height() + " channels x " + samples + " samples, the epochs have "
                    + data.channels() + " x " + data.samples() + "\n  hint: evaluate with the epochs the model was trained on");
        }
        if (!model.classes().equals(data.classes())) {
            throw new TaskFailure("the model's classes " + model.classes() + " differ from the epochs' " + data.classes());
        }
    }

    private static float[][] predict(Network net, InputSource in, List<Integer> eval, int k, TaskContext ctx) throws Exception {
        int chunk = 128;
        int size = in.height() * in.width();
        float[] x = new float[chunk * size];
        float[][] probs = new float[eval.size()][];
        for (int i0 = 0; i0 < eval.size(); i0 += chunk) {
            if (ctx.cancelled()) {
                throw new TaskFailure("stopped");
            }
            int n = Math.min(chunk, eval.size() - i0);
            for (int i = 0; i < n; i++) {
                in.fill(eval.get(i0 + i), x, i * size);
            }
            float[] logits = net.predict(x, n).logits();
            for (int i = 0; i < n; i++) {
                probs[i0 + i] = Scoring.softmax(logits, i * k, k);
            }
        }
        return probs;
    }

    private static List<Double> lengths(TaskContext ctx) throws TaskFailure {
        List<Double> out = new ArrayList<>();
        for (String s : ParamType.strings(ctx.param("lengths"))) {
            try {
                out.add(Double.parseDouble(s.replaceAll("s$", "")));
            } catch (NumberFormatException e) {
                throw new TaskFailure("lengths: '" + s + "' is not a number of seconds");
            }
        }
        return out;
    }

    static double windowSeconds(EpochsData data) {
        return data.samples() / data.sfreq();
    }

    static double hopSeconds(EpochsData data) {
        Object p = data.meta().get("params");
        if (p instanceof Map<?, ?> m && m.get("eval_hop_s") instanceof Number n) {
            return n.doubleValue();
        }
        return 1.0;
    }

    private static Map<String, Object> modelSummary(ModelArtifact model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", model.spec().architecture().label());
        m.put("parameters", model.meta().get("parameters"));
        if (model.meta().get("hyperparameters") instanceof Map<?, ?> hp) {
            for (String key : List.of("lambda", "seed", "loss", "mode", "epochs", "batch", "lr")) {
                if (hp.containsKey(key)) {
                    m.put(key, hp.get(key));
                }
            }
        }
        if (model.meta().get("teacher") instanceof Map<?, ?> t) {
            m.put("teacher", t.get("mode"));
            if (t.get("embeddings") instanceof Map<?, ?> e) {
                m.put("teacher_kind", e.get("teacher"));
            }
        }
        return m;
    }
}
