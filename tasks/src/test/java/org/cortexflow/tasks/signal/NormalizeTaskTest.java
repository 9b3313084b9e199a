package org.cortexflow.tasks.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.EpochRow;
import org.cortexflow.tasks.artifact.EpochsFile;
import org.cortexflow.tasks.artifact.EpochsWriter;
import org.cortexflow.tasks.artifact.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against sklearn RobustScaler / StandardScaler fitted per epoch and channel (make_epochs.py). */
class NormalizeTaskTest {

    @TempDir
    Path tmp;

    private Path epochs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        try (NpyArray a = NpyArray.open(EpochTaskTest.golden("robust_in.npy"))) {
            long[] s = a.shape();
            float[] all = a.readAllFloats();
            int per = (int) (s[1] * s[2]);
            try (EpochsWriter w = EpochsWriter.create(dir, (int) s[1], (int) s[2])) {
                for (int e = 0; e < s[0]; e++) {
                    w.write(java.util.Arrays.copyOfRange(all, e * per, (e + 1) * per),
                            new EpochRow("r", "01", "21", 0, EpochRow.TEST, e, e, 100L * e, e * 1.5, 3.0));
                }
                w.finish(125, List.of("a", "b", "c", "d", "e"), List.of("21"), "V", Map.of("protocol", "predann"));
            }
        }
        return dir;
    }

    private void compare(Path out, String golden, double rmsTol) throws Exception {
        try (EpochsFile f = EpochsFile.open(out); NpyArray want = NpyArray.open(EpochTaskTest.golden(golden))) {
            double[] w = want.readAllDoubles();
            float[] got = new float[w.length];
            f.read(0, (int) f.size(), got, 0);
            double ss = 0;
            for (double v : w) {
                ss += v * v;
            }
            double tol = rmsTol * Math.sqrt(ss / w.length);
            for (int i = 0; i < w.length; i++) {
                assertThat(Math.abs(got[i] - w[i])).as("%s element %d: %s vs %s", golden, i, got[i], w[i]).isLessThanOrEqualTo(tol);
            }
        }
    }

    @Test
    void robustScalingWithClampMatchesSklearnPerEpochAndChannel() throws Exception {
        TaskHarness h = new TaskHarness(new NormalizeTask(), tmp.resolve("out")).input("epochs", epochs());
        Path out = h.run();
        compare(out, "robust_out.npy", 1e-5);
        try (EpochsFile f = EpochsFile.open(out); EpochsFile in = EpochsFile.open(tmp.resolve("in"))) {
            assertThat(f.unit()).isEqualTo("robust-z");
            assertThat(f.rows()).isEqualTo(in.rows());
            assertThat(f.meta()).containsEntry("protocol", "predann");
            @SuppressWarnings("unchecked")
            Map<String, Object> norm = (Map<String, Object>) f.meta().get("normalization");
            assertThat(norm).containsEntry("method", "robust").containsEntry("clamp", 20.0);
            assertThat(((Number) norm.get("clamped_values")).longValue()).isPositive();
            float[] e = new float[f.channels() * f.samples()];
            f.read(0, e, 0);
            assertThat(e[375 + 10]).isEqualTo(20f); // the 5 mV outlier clamped
        }
        assertThat(h.logText()).contains("robust scaling of 3 epochs x 5 channels x 375 samples");
    }

    @Test
    void trainingChunksAreScaledPerChunkAndChannelAndCropsCanBeScaledAsTheEpochs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("chunked"));
        java.util.Random r = new java.util.Random(11);
        float[] chunk = new float[2 * 100];
        float[][] chunks = new float[2][];
        try (EpochsWriter w = EpochsWriter.create(dir, 2, 10)) {
            w.keepTrainingChunks(100);
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (float) (1e-5 * (k + 1) * r.nextGaussian() + 3e-5 * (i / 100)); // channel 1 offset
                }
                chunks[k] = chunk.clone();
                w.write(java.util.Arrays.copyOf(chunk, 20), new EpochRow("r", "01", "21", 0, EpochRow.TRAIN, k, EpochRow.NONE,
                        100L * k, 30.0 * k, 0.1));
                w.writeChunk(chunk);
            }
            w.write(new float[20], new EpochRow("r", "01", "21", 0, EpochRow.TEST, 2, 0, 200, 60, 0.1));
            w.finish(100, List.of("a", "b"), List.of("21"), "V", Map.of("protocol", "predann"));
        }
        Path out = new TaskHarness(new NormalizeTask(), tmp.resolve("out")).input("epochs", dir).run();
        try (EpochsFile f = EpochsFile.open(out)) {
            assertThat(f.hasChunks()).isTrue();
            float[] got = new float[200];
            for (int k = 0; k < 2; k++) {
                f.readChunk(k, got, 0);
                for (int c = 0; c < 2; c++) {
                    double[] want = new double[100];
                    for (int i = 0; i < 100; i++) {
                        want[i] = chunks[k][c * 100 + i];
                    }
                    double[] sorted = want.clone();
                    java.util.Arrays.sort(sorted);
                    double med = Scaling.median(sorted);
                    double iqr = Scaling.percentile(sorted, 75) - Scaling.percentile(sorted, 25);
                    for (int i = 0; i < 100; i += 17) {
                        assertThat((double) got[c * 100 + i]).isCloseTo((want[i] - med) / iqr, org.assertj.core.data.Offset.offset(1e-5));
                    }
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> norm = (Map<String, Object>) f.meta().get("normalization");
            assertThat(norm).containsKey("chunks");
            // a crop of a chunk scaled again with the artifact's settings equals the crop scaled on its own
            float[] crop = new float[20];
            float[] own = new float[20];
            for (int c = 0; c < 2; c++) {
                System.arraycopy(got, c * 100 + 40, crop, c * 10, 10);
                System.arraycopy(chunks[1], c * 100 + 40, own, c * 10, 10);
            }
            NormalizeTask.rescale(crop, 2, 10, norm);
            NormalizeTask.scaleRows(own, 0, 2, 10, true, 25, 75, true, true, 20);
            for (int i = 0; i < 20; i++) {
                assertThat((double) crop[i]).isCloseTo(own[i], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void robustScalingWithoutClampMatchesSklearn() throws Exception {
        compare(new TaskHarness(new NormalizeTask(), tmp.resolve("out")).input("epochs", epochs()).param("clamp", 0).run(),
                "robust_out_noclamp.npy", 1e-5);
    }

    @Test
    void zScoresMatchStandardScaler() throws Exception {
        Path out = new TaskHarness(new NormalizeTask(), tmp.resolve("out")).input("epochs", epochs())
                .param("method", "zscore").param("clamp", 0).run();
        compare(out, "zscore_out.npy", 1e-5);
        try (EpochsFile f = EpochsFile.open(out)) {
            assertThat(f.unit()).isEqualTo("z");
        }
    }

    @Test
    void percentilesInterpolateAsNumpy() {
        double[] s = {1, 2, 4, 8};
        assertThat(Scaling.percentile(s, 25)).isEqualTo(1.75);
        assertThat(Scaling.percentile(s, 75)).isEqualTo(5.0);
        assertThat(Scaling.percentile(s, 100)).isEqualTo(8.0);
        assertThat(Scaling.median(s)).isEqualTo(3.0);
        assertThat(Scaling.median(new double[] {1, 5, 9})).isEqualTo(5.0);
    }

    @Test
    void selectionGivesTheSameQuantilesAsSorting() {
        java.util.Random r = new java.util.Random(3);
        for (int n : new int[] {1, 2, 3, 4, 7, 100, 375, 376}) {
            for (int rep = 0; rep < 20; rep++) {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = rep % 3 == 0 ? r.nextInt(4) : r.nextGaussian(); // ties and plain values
                }
                double[] sorted = a.clone();
                java.util.Arrays.sort(sorted);
                for (double q : new double[] {0, 10, 25, 50, 75, 90, 100}) {
                    assertThat(Scaling.quantile(a.clone(), n, q)).isEqualTo(Scaling.percentile(sorted, q));
                }
                double[] b = a.clone();
                Scaling.robust(b, n, 25, 75, true, true, new double[n]);
                double iqr = Scaling.percentile(sorted, 75) - Scaling.percentile(sorted, 25);
                double scale = iqr < 10 * Math.ulp(1.0) ? 1 : iqr;
                assertThat(b[0]).isEqualTo((a[0] - Scaling.median(sorted)) / scale);
            }
        }
    }

    @Test
    void badQuantileRangeIsRefused() throws Exception {
        Path in = epochs();
        assertThatThrownBy(() -> new TaskHarness(new NormalizeTask(), tmp.resolve("out")).input("epochs", in)
                .param("quantile_range", List.of(80, 20)).run()).isInstanceOf(TaskFailure.class).hasMessageContaining("low <= high");
    }
}
