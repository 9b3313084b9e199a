package org.cortexflow.tasks.signal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cortexflow.engine.model.ArtifactKind;
import org.cortexflow.engine.model.ParamSpec;
import org.cortexflow.engine.model.ParamType;
import org.cortexflow.engine.model.PortSpec;
import org.cortexflow.engine.spi.TaskContext;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.engine.spi.TaskType;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.EpochsFile;
import org.cortexflow.tasks.artifact.EpochsWriter;

/**
 * {@code eeg.normalize}: scales each channel of each epoch on its own (robust or z-score, as
 * scikit-learn's RobustScaler and StandardScaler fitted to that one channel), then clamps, as
 * PredANN's "MetaAI" normalisation does (RobustScaler per clip and channel, clamp at +-20). The
 * whole training chunks of a chunked artifact (eeg.epoch train_crops per_epoch) are scaled per chunk
 * and channel; {@link #rescale} lets a reader scale each crop it draws from them as the epochs were.
 */
public final class NormalizeTask implements TaskType {

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.choice("method", List.of("robust", "zscore"), "robust",
                    "robust: (x - median) / IQR like sklearn RobustScaler; zscore: (x - mean) / std like StandardScaler"),
            ParamSpec.optional("quantile_range", ParamType.LIST, List.of(25.0, 75.0),
                    "robust: the percentiles whose difference is the scale (numpy linear interpolation)"),
            ParamSpec.optional("with_centering", ParamType.BOOL, true, "subtract the median (robust) or mean (zscore)"),
            ParamSpec.optional("with_scaling", ParamType.BOOL, true, "divide by the IQR (robust) or std (zscore); a zero scale stays 1"),
            ParamSpec.optional("clamp", ParamType.FLOAT, 20.0, "clip the result to [-clamp, clamp]; 0 for no clipping").atLeast(0));

    private static final List<PortSpec> INPUTS = List.of(PortSpec.of("epochs", ArtifactKind.EPOCHS, "epochs to normalise"));
    private static final List<PortSpec> OUTPUTS = List.of(PortSpec.of("epochs", ArtifactKind.EPOCHS,
            "the same epochs and rows, scaled per epoch and channel (training chunks, when kept, per chunk and channel)"));
    /** Epochs processed together (in parallel), bounded in bytes so the heap stays small. */
    private static final long BATCH_BYTES = 32L << 20;

    @Override
    public String name() {
        return "eeg.normalize";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String summary() {
        return "Scale each epoch's channels: robust (median/IQR, like sklearn RobustScaler) or z-score, with clamping";
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
        boolean robust = ctx.string("method").equals("robust");
        List<String> q = ParamType.strings(ctx.param("quantile_range"));
        double qLow;
        double qHigh;
        try {
            if (q.size() != 2) {
                throw new NumberFormatException();
            }
            qLow = Double.parseDouble(q.get(0));
            qHigh = Double.parseDouble(q.get(1));
        } catch (NumberFormatException e) {
            throw new TaskFailure("quantile_range must be two numbers [low, high], got " + q);
        }
        if (!(0 <= qLow && qLow <= qHigh && qHigh <= 100)) {
            throw new TaskFailure("quantile_range must satisfy 0 <= low <= high <= 100, got " + q);
        }
        boolean center = ctx.bool("with_centering");
        boolean scale = ctx.bool("with_scaling");
        double clamp = ctx.real("clamp");
        Path out = ctx.output("epochs");
        try (EpochsFile in = EpochsFile.open(ctx.input("epochs"));
             EpochsWriter w = EpochsWriter.create(out, in.channels(), in.samples())) {
            int per = in.channels() * in.samples();
            float[] chunk = null;
            long chunks = 0;
            if (in.hasChunks()) {
                w.keepTrainingChunks(in.chunkSamples());
                chunk = new float[in.channels() * in.chunkSamples()];
            }
            int batch = (int) Math.max(1, Math.min(in.size(), BATCH_BYTES / (4L * per)));
            float[] buf = new float[batch * per];
            int threads = Math.max(1, ctx.cpus());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long clipped = 0;
            try {
                for (long e0 = 0; e0 < in.size(); e0 += batch) {
                    if (ctx.cancelled()) {
                        throw new TaskFailure("cancelled");
                    }
                    int n = (int) Math.min(batch, in.size() - e0);
                    in.read(e0, n, buf, 0);
                    int rows = n * in.channels();
                    List<Future<Long>> parts = new java.util.ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int from = (int) ((long) rows * t / threads);
                        int to = (int) ((long) rows * (t + 1) / threads);
                        parts.add(pool.submit(() -> scaleRows(buf, from, to, in.samples(), robust, qLow, qHigh, center, scale, clamp)));
                    }
                    for (Future<Long> f : parts) {
                        clipped += f.get();
                    }
                    float[] one = new float[per];
                    for (int k = 0; k < n; k++) {
                        System.arraycopy(buf, k * per, one, 0, per);
                        EpochRow row = in.rows().get((int) (e0 + k));
                        w.write(one, row);
                        if (chunk != null && EpochRow.TRAIN.equals(row.split())) {
                            in.readChunk(chunks++, chunk, 0);
                            clipped += scaleRows(chunk, 0, in.channels(), in.chunkSamples(), robust, qLow, qHigh, center, scale, clamp);
                            w.writeChunk(chunk);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, Object> meta = new TreeMap<>(in.meta());
            for (String k : List.of("kind", "sfreq", "n_epochs", "n_channels", "n_samples", "channel_names", "classes", "unit")) {
                meta.remove(k);
            }
            Map<String, Object> norm = new LinkedHashMap<>();
            norm.put("method", robust ? "robust" : "zscore");
            norm.put("per", "epoch and channel");
            if (chunk != null) {
                norm.put("chunks", "per chunk and channel (a crop drawn from a chunk is scaled again per crop by its reader)");
            }
            if (robust) {
                norm.put("quantile_range", List.of(qLow, qHigh));
            }
            norm.put("with_centering", center);
            norm.put("with_scaling", scale);
            norm.put("clamp", clamp);
            norm.put("clamped_values", clipped);
            norm.put("input_unit", in.unit());
            meta.put("normalization", norm);
            String unit = robust ? "robust-z" : "z";
            w.finish(in.sfreq(), in.channelNames(), in.classes(), unit, meta);
            ctx.log().printf("%s scaling of %d epochs x %d channels x %d samples; %d values clamped at +-%s%n",
                    robust ? "robust" : "z-score", in.size(), in.channels(), in.samples(), clipped, clamp);
        }
    }

    /**
     * Scales {@code rows} rows of {@code len} values in place as the artifact whose meta.json
     * {@code normalization} entry is given was scaled (method, quantile range, centring, scaling,
     * clamp): what a reader applies to a crop it cuts from a chunk scaled as a whole, so that the
     * crop matches the epochs. Returns how many values were clamped.
     */
    public static long rescale(float[] buf, int rows, int len, Map<?, ?> normalization) {
        boolean robust = !"zscore".equals(normalization.get("method"));
        double qLow = 25;
        double qHigh = 75;
        if (normalization.get("quantile_range") instanceof List<?> q && q.size() == 2) {
            qLow = ((Number) q.get(0)).doubleValue();
            qHigh = ((Number) q.get(1)).doubleValue();
        }
        boolean center = !Boolean.FALSE.equals(normalization.get("with_centering"));
        boolean scale = !Boolean.FALSE.equals(normalization.get("with_scaling"));
        double clamp = normalization.get("clamp") instanceof Number c ? c.doubleValue() : 0;
        return scaleRows(buf, 0, rows, len, robust, qLow, qHigh, center, scale, clamp);
    }

    /** Scales rows {@code [from, to)} (each one channel of one epoch) in place; returns how many values were clamped. */
    static long scaleRows(float[] buf, int from, int to, int len, boolean robust, double qLow, double qHigh,
                          boolean center, boolean scale, double clamp) {
        double[] x = new double[len];
        double[] work = new double[len];
        long clipped = 0;
        for (int r = from; r < to; r++) {
            int off = r * len;
            for (int i = 0; i < len; i++) {
                x[i] = buf[off + i];
            }
            if (robust) {
                Scaling.robust(x, len, qLow, qHigh, center, scale, work);
            } else {
                Scaling.standard(x, len, center, scale);
            }
            for (int i = 0; i < len; i++) {
                double v = x[i];
                if (clamp > 0 && (v > clamp || v < -clamp)) {
                    v = v > 0 ? clamp : -clamp;
                    clipped++;
                }
                buf[off + i] = (float) v;
            }
        }
        return clipped;
    }
}
