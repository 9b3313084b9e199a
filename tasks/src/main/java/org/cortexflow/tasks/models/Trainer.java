package org.cortexflow.tasks.models;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.MetaJson;

/**
 * The training loop of student.train and teacher.embed: seeded shuffles, mini-batches (the last
 * partial batch dropped, as the official DataLoader's drop_last), CE + lambda * representation loss,
 * an optional teacher trained alongside (joint mode), validation, early stopping, checkpoints every
 * N epochs and resumption from the last one. Deterministic: a step's dropout is seeded by its
 * number and an epoch's shuffle by its index, so a resumed run repeats the uninterrupted one.
 */
public final class Trainer {

    /**
     * @param epochs passes over the training set
     * @param checkpointEvery epochs between checkpoints (0: none)
     * @param patience epochs without a better validation loss before stopping (0: never stop early)
     */
    public record Config(int epochs, int batch, long seed, double lambda, Losses.Kind loss, double temperature,
                         int checkpointEvery, int patience) {
    }

    /** Teacher representations for the loss: fixed rows (frozen) or a network trained alongside (joint). */
    public sealed interface Teacher permits Frozen, Joint, None {
    }

    /** Representations computed beforehand, one row per epoch of the epochs artifact. */
    public record Frozen(InputSource rows) implements Teacher {
    }

    /** A teacher network trained on the same batches with its own CE; its train-mode z is the target (detached). */
    public record Joint(Network network, InputSource inputs) implements Teacher {
    }

    /** No representation loss (lambda 0). */
    public record None() implements Teacher {
    }

    /** One epoch of the training curve; {@code seconds}, its wall time, goes to the log only (NaN when read back). */
    public record EpochStats(int epoch, double trainLoss, double trainCe, double trainRep, double trainAccuracy,
                             double validationLoss, double validationAccuracy, double teacherAccuracy, double seconds) {

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", epoch);
            m.put("train_loss", finite(trainLoss));
            m.put("train_ce", finite(trainCe));
            m.put("train_representation_loss", finite(trainRep));
            m.put("train_accuracy", finite(trainAccuracy));
            m.put("validation_loss", finite(validationLoss));
            m.put("validation_accuracy", finite(validationAccuracy));
            m.put("teacher_train_accuracy", finite(teacherAccuracy));
            // no seconds: an output holds only what its key determines, so a rerun that makes the
            // same model has the same digest and what depends on it stays cached
            return m;
        }

        static EpochStats fromJson(Map<?, ?> m) {
            return new EpochStats(((Number) m.get("epoch")).intValue(), num(m, "train_loss"), num(m, "train_ce"),
                    num(m, "train_representation_loss"), num(m, "train_accuracy"), num(m, "validation_loss"),
                    num(m, "validation_accuracy"), num(m, "teacher_train_accuracy"), num(m, "seconds"));
        }

        private static Object finite(double v) {
            return Double.isFinite(v) ? v : null;
        }

        private static double num(Map<?, ?> m, String k) {
            return m.get(k) instanceof Number n ? n.doubleValue() : Double.NaN;
        }
    }

    /** What a training run did. */
    public record Result(List<EpochStats> curve, int resumedAfterEpoch, int bestEpoch, boolean stoppedEarly, long steps) {
    }

    private final Config config;
    private final Network student;
    private final InputSource inputs;
    private final Teacher teacher;
    private final int[] labels;
    private final PrintStream log;
    private final BooleanSupplier cancelled;
    private java.util.function.IntConsumer beforeEpoch = epoch -> { };

    /**
     * @param labels the class of every epoch of the artifact (indexed by epoch)
     * @param cancelled polled between steps; when true the run stops with a TaskFailure
     */
    public Trainer(Config config, Network student, InputSource inputs, Teacher teacher, int[] labels, PrintStream log,
                   BooleanSupplier cancelled) {
        this.config = config;
        this.student = student;
        this.inputs = inputs;
        this.teacher = teacher;
        this.labels = labels;
        this.log = log;
        this.cancelled = cancelled;
    }

    /** Calls {@code hook} with each training epoch's number (0-based) before the epoch starts: fresh crops. */
    public Trainer beforeEpoch(java.util.function.IntConsumer hook) {
        this.beforeEpoch = hook;
        return this;
    }

    /**
     * Trains on {@code train}, validates on {@code validation} (may be empty), checkpointing into
     * {@code checkpoints} (may be null) and resuming from what is there when its fingerprint matches.
     */
    public Result run(List<Integer> train, List<Integer> validation, Path checkpoints, String fingerprint)
            throws IOException, TaskFailure {
        int batch = Math.min(config.batch(), train.size());
        if (batch < 2) {
            throw new TaskFailure("the training split has " + train.size() + " epoch(s); at least 2 are needed (batch norm)");
        }
        int steps = train.size() / batch;
        List<EpochStats> curve = new ArrayList<>();
        int start = 0;
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        int bad = 0;
        if (checkpoints != null) {
            Optional<Map<String, Object>> progress = Checkpoint.read(checkpoints, fingerprint);
            if (progress.isPresent()) {
                Map<String, Object> p = progress.get();
                start = ((Number) p.get("epochs_done")).intValue();
                for (Object o : (List<?>) p.get("curve")) {
                    curve.add(EpochStats.fromJson((Map<?, ?>) o));
                }
                best = p.get("best_validation_loss") instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
                bestEpoch = ((Number) p.get("best_epoch")).intValue();
                bad = ((Number) p.get("epochs_without_improvement")).intValue();
                Checkpoint.restore(checkpoints, student, teacher instanceof Joint j ? j.network() : null);
                log.printf(Locale.ROOT, "resumed from the checkpoint after epoch %d of %d%n", start, config.epochs());
            }
        }
        int resumed = start;
        boolean early = false;
        int h = inputs.height();
        int w = inputs.width();
        float[] x = new float[batch * h * w];
        int[] y = new int[batch];
        InputSource teacherInputs = teacher instanceof Joint j ? j.inputs() : teacher instanceof Frozen f ? f.rows() : null;
        float[] t = teacherInputs == null ? null : new float[batch * teacherInputs.height() * teacherInputs.width()];
        int d = student.spec().representation();
        for (int epoch = start; epoch < config.epochs() && !early; epoch++) {
            long t0 = System.nanoTime();
            beforeEpoch.accept(epoch);
            List<Integer> order = shuffled(train, epoch);
            double lossSum = 0;
            double ceSum = 0;
            double repSum = 0;
            long right = 0;
            long teacherRight = 0;
            try (ProgressBar bar = bar(epoch, steps)) {
                for (int s = 0; s < steps; s++) {
                    if (cancelled.getAsBoolean()) {
                        throw new TaskFailure("training stopped at epoch " + (epoch + 1) + ", step " + (s + 1)
                                + (checkpoints != null ? " (a rerun resumes from the last checkpoint)" : ""));
                    }
                    for (int i = 0; i < batch; i++) {
                        int e = order.get(s * batch + i);
                        inputs.fill(e, x, i * h * w);
                        y[i] = labels[e];
                        if (teacherInputs != null) {
                            teacherInputs.fill(e, t, i * teacherInputs.height() * teacherInputs.width());
                        }
                    }
                    long step = (long) epoch * steps + s;
                    float[] targets = null;
                    if (teacher instanceof Frozen) {
                        targets = t;
                        checkDim(targets.length / batch, d);
                    } else if (teacher instanceof Joint j) {
                        Losses.Parts[] tp = new Losses.Parts[1];
                        Network.Outputs tz = j.network().trainStep(t, batch, step, out ->
                                Losses.combined(out, y, null, config.loss(), 0, config.temperature(), tp));
                        targets = tz.representation();
                        checkDim(targets.length / batch, d);
                        teacherRight += tp[0].correct();
                    }
                    Losses.Parts[] parts = new Losses.Parts[1];
                    float[] target = targets;
                    student.trainStep(x, batch, step, out -> Losses.combined(out, y, target, config.loss(),
                            config.lambda(), config.temperature(), parts));
                    lossSum += parts[0].total();
                    ceSum += parts[0].crossEntropy();
                    repSum += parts[0].representation();
                    right += parts[0].correct();
                    bar.step();
                    bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.3f", lossSum / (s + 1),
                            right / (double) ((s + 1) * batch)));
                }
            }
            double[] val = validation.isEmpty() ? new double[] {Double.NaN, Double.NaN} : validate(validation);
            EpochStats st = new EpochStats(epoch + 1, lossSum / steps, ceSum / steps, repSum / steps,
                    right / (double) (steps * batch), val[0], val[1],
                    teacher instanceof Joint ? teacherRight / (double) (steps * batch) : Double.NaN,
                    (System.nanoTime() - t0) / 1e9);
            curve.add(st);
            log.printf(Locale.ROOT, "epoch %d/%d: loss %.4f (ce %.4f, representation %.4f), accuracy %.3f%s%s, %.1f s%n",
                    epoch + 1, config.epochs(), st.trainLoss(), st.trainCe(), st.trainRep(), st.trainAccuracy(),
                    validation.isEmpty() ? "" : String.format(Locale.ROOT, "; validation loss %.4f, accuracy %.3f", val[0], val[1]),
                    teacher instanceof Joint ? String.format(Locale.ROOT, "; teacher accuracy %.3f", st.teacherAccuracy()) : "",
                    st.seconds());
            if (!validation.isEmpty()) {
                if (val[0] < best) {
                    best = val[0];
                    bestEpoch = epoch + 1;
                    bad = 0;
                    if (checkpoints != null && config.patience() > 0) {
                        Files.createDirectories(checkpoints);
                        student.save(checkpoints.resolve("best.npz"));
                    }
                } else if (config.patience() > 0 && ++bad >= config.patience()) {
                    early = true;
                    log.printf(Locale.ROOT, "early stop: no better validation loss for %d epochs (best %.4f after epoch %d)%n",
                            bad, best, bestEpoch);
                }
            }
            boolean last = epoch + 1 == config.epochs() || early;
            if (checkpoints != null && config.checkpointEvery() > 0 && ((epoch + 1) % config.checkpointEvery() == 0 || last)) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("epochs_done", epoch + 1);
                p.put("curve", curve.stream().map(EpochStats::toJson).toList());
                p.put("best_validation_loss", Double.isFinite(best) ? best : null);
                p.put("best_epoch", bestEpoch);
                p.put("epochs_without_improvement", bad);
                Checkpoint.write(checkpoints, fingerprint, p, student, teacher instanceof Joint j ? j.network() : null);
            }
        }
        return new Result(curve, resumed, bestEpoch, early, (long) steps * curve.size());
    }

    private void checkDim(int got, int d) throws TaskFailure {
        if (got != d) {
            throw new TaskFailure("the teacher's representation has " + got + " values per epoch but the student's has " + d);
        }
    }

    /** Validation loss (CE + lambda * representation loss, inference mode) and accuracy. */
    private double[] validate(List<Integer> validation) throws IOException {
        int h = inputs.height();
        int w = inputs.width();
        int chunk = Math.min(64, validation.size());
        float[] x = new float[chunk * h * w];
        double loss = 0;
        long right = 0;
        InputSource rows = teacher instanceof Frozen f ? f.rows() : teacher instanceof Joint j ? j.inputs() : null;
        float[] t = rows == null ? null : new float[chunk * rows.height() * rows.width()];
        for (int i0 = 0; i0 < validation.size(); i0 += chunk) {
            int n = Math.min(chunk, validation.size() - i0);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                int e = validation.get(i0 + i);
                inputs.fill(e, x, i * h * w);
                y[i] = labels[e];
                if (rows != null) {
                    rows.fill(e, t, i * rows.height() * rows.width());
                }
            }
            Network.Outputs out = student.predict(x, n);
            float[] targets = null;
            if (teacher instanceof Frozen) {
                targets = java.util.Arrays.copyOf(t, n * student.spec().representation());
            } else if (teacher instanceof Joint j) {
                targets = j.network().predict(t, n).representation();
            }
            Losses.Parts[] parts = new Losses.Parts[1];
            double lambda = targets == null || n < 2 ? 0 : config.lambda();
            Losses.combined(out, y, targets, config.loss(), lambda, config.temperature(), parts);
            loss += parts[0].total() * n;
            right += parts[0].correct();
        }
        return new double[] {loss / validation.size(), right / (double) validation.size()};
    }

    private List<Integer> shuffled(List<Integer> train, int epoch) {
        List<Integer> order = new ArrayList<>(train);
        SplittableRandom r = new SplittableRandom(config.seed() * 1_000_003L + epoch);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Integer tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        return order;
    }

    /** A bar in the task log: one line every 5 s (the log is a file, so lines rather than carriage returns). */
    private ProgressBar bar(int epoch, int steps) {
        return new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, config.epochs()))
                .setInitialMax(steps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(5000)
                .setConsumer(new DelegatingProgressBarConsumer(log::println, 100)).continuousUpdate().build();
    }

    /** Checkpoint files in a state directory: networks, optimizer states and progress.json, replaced atomically. */
    static final class Checkpoint {

        private Checkpoint() {
        }

        static Optional<Map<String, Object>> read(Path dir, String fingerprint) throws IOException, FileFormatError {
            Path current = dir.resolve("checkpoint");
            if (!Files.isRegularFile(current.resolve(MetaJson.FILE))) {
                return Optional.empty();
            }
            Map<String, Object> p = MetaJson.read(current);
            if (!fingerprint.equals(p.get("fingerprint"))) {
                return Optional.empty(); // another configuration's checkpoint: start afresh
            }
            return Optional.of(p);
        }

        static void restore(Path dir, Network student, Network teacher) throws IOException, FileFormatError {
            Path c = dir.resolve("checkpoint");
            student.load(c.resolve("student.npz"));
            student.loadOptimizer(c.resolve("student-optimizer.npz"));
            if (teacher != null) {
                teacher.load(c.resolve("teacher.npz"));
                teacher.loadOptimizer(c.resolve("teacher-optimizer.npz"));
            }
        }

        static void write(Path dir, String fingerprint, Map<String, Object> progress, Network student, Network teacher)
                throws IOException {
            Path tmp = dir.resolve("checkpoint.tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            student.save(tmp.resolve("student.npz"));
            student.saveOptimizer(tmp.resolve("student-optimizer.npz"));
            if (teacher != null) {
                teacher.save(tmp.resolve("teacher.npz"));
                teacher.saveOptimizer(tmp.resolve("teacher-optimizer.npz"));
            }
            Map<String, Object> p = new LinkedHashMap<>(progress);
            p.put("kind", "checkpoint");
            p.put("fingerprint", fingerprint);
            MetaJson.write(tmp, p);
            Path current = dir.resolve("checkpoint");
            Path old = dir.resolve("checkpoint.old");
            deleteTree(old);
            if (Files.exists(current)) {
                Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        }

        private static void deleteTree(Path p) throws IOException {
            if (!Files.exists(p)) {
                return;
            }
            try (var walk = Files.walk(p)) {
                for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        }
    }
}
