package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.model.Value;
import org.cortexflow.engine.run.SingleTaskRun;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;

/** The committed reference outputs of tasks/src/test/goldens/make_io_goldens.py, and checks against them. */
public final class Golden {

    private Golden() {
    }

    public static Path file(String name) {
        try {
            return Path.of(Golden.class.getResource("/golden/io/" + name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing golden " + name, e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String name) throws Exception {
        return MetaJson.mapper().readValue(file(name).toFile(), Map.class);
    }

    /** Runs eeg.read with the given parameters into {@code out} and returns its log. */
    public static List<String> eegRead(Path out, Map<String, Object> params) {
        Map<String, Value> raw = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> raw.put(k, v instanceof List<?> l
                ? new Value.Items(l.stream().map(x -> (Value) new Value.Text(String.valueOf(x))).toList())
                : new Value.Text(String.valueOf(v))));
        return SingleTaskRun.run(new EegRead(), Map.of(), raw, out, 2);
    }

    /**
     * Checks an eeg artifact against a golden: shape, rate, names, per-channel statistics over the
     * whole recording and three slices of samples, all within 1e-6 relative (trigger channels exact).
     */
    @SuppressWarnings("unchecked")
    public static void assertMatches(EegRecording r, String golden) throws Exception {
        Map<String, Object> g = json(golden + ".json");
        assertThat(r.sfreq()).isEqualTo(((Number) g.get("sfreq")).doubleValue());
        assertThat(r.samples()).isEqualTo(((Number) g.get("n_samples")).longValue());
        List<String> names = (List<String>) g.get("channel_names");
        assertThat(r.channels()).extracting(Channel::name).containsExactlyElementsOf(names);
        int nch = names.size();
        long n = r.samples();
        double[] sum = new double[nch];
        double[] sq = new double[nch];
        double[] min = new double[nch];
        double[] max = new double[nch];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] buf = new float[(int) n];
        List<float[]> all = new ArrayList<>();
        for (int c = 0; c < nch; c++) {
            r.readChannel(c, 0, buf, 0, (int) n);
            for (float v : buf) {
                sum[c] += v;
                min[c] = Math.min(min[c], v);
                max[c] = Math.max(max[c], v);
            }
            double mean = sum[c] / n;
            for (float v : buf) {
                sq[c] += (v - mean) * (v - mean);
            }
            all.add(buf.clone());
        }
        List<Number> gm = (List<Number>) g.get("mean");
        List<Number> gs = (List<Number>) g.get("std");
        List<Number> gmin = (List<Number>) g.get("min");
        List<Number> gmax = (List<Number>) g.get("max");
        for (int c = 0; c < nch; c++) {
            double scale = Math.max(Math.abs(gmin.get(c).doubleValue()), Math.abs(gmax.get(c).doubleValue()));
            double tol = 1e-6 * scale + 1e-15;
            String ch = names.get(c);
            assertThat(sum[c] / n).as("mean of " + ch).isCloseTo(gm.get(c).doubleValue(), org.assertj.core.data.Offset.offset(tol));
            assertThat(Math.sqrt(sq[c] / n)).as("std of " + ch).isCloseTo(gs.get(c).doubleValue(), org.assertj.core.data.Offset.offset(tol));
            assertThat(min[c]).as("min of " + ch).isCloseTo(gmin.get(c).doubleValue(), org.assertj.core.data.Offset.offset(tol));
            assertThat(max[c]).as("max of " + ch).isCloseTo(gmax.get(c).doubleValue(), org.assertj.core.data.Offset.offset(tol));
        }
        List<Number> starts = (List<Number>) g.get("slice_starts");
        int len = ((Number) g.get("slice_length")).intValue();
        try (NpyArray ref = NpyArray.open(file(golden + ".npy"))) {
            long[] shape = ref.shape();
            assertThat(shape).containsExactly(nch, (long) starts.size() * len);
            double[] expected = ref.readAllDoubles();
            int width = (int) shape[1];
            for (int c = 0; c < nch; c++) {
                boolean trigger = r.channels().get(c).type().equals("TRIG");
                for (int k = 0; k < starts.size(); k++) {
                    for (int i = 0; i < len; i++) {
                        double want = expected[c * width + k * len + i];
                        double got = all.get(c)[starts.get(k).intValue() + i];
                        double tol = trigger ? 0 : 1e-6 * Math.abs(want) + 1e-15;
                        assertThat(got).as(names.get(c) + " sample " + (starts.get(k).intValue() + i))
                                .isCloseTo(want, org.assertj.core.data.Offset.offset(tol));
                    }
                }
            }
        }
    }
}
