package org.cortexflow.tasks.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.cortexflow.tasks.artifact.FileFormatError;
import org.cortexflow.tasks.artifact.NpyArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmriStudyTest {

    @TempDir
    static Path tmp;
    static Path study;

    /** One tiny study shared by the tests: the default SNR, 6 training and 2 test runs, 4-kHz audio to save time. */
    @BeforeAll
    static void generate() throws Exception {
        study = tmp.resolve("fmri");
        MusicSet m = SynthMusic.generate(SynthParams.resolve(new SynthMusic(), Map.of("preset", "gtzan", "size", "tiny",
                "songs", 7, "sample_rate", 4000)), study, 2, Cancel.NEVER);
        SynthFmri.generate(SynthParams.resolve(new SynthFmri(), Map.of("size", "tiny", "train_runs", 6, "test_runs", 2)), m, null,
                study, 2,
                Cancel.NEVER);
    }

    @Test
    void tracksShorterThanAClipAndItsMarginAreRefusedWithTheDurationToAskFor() throws Exception {
        Path dir = tmp.resolve("short");
        MusicSet m = SynthMusic.generate(SynthParams.resolve(new SynthMusic(), Map.of("preset", "gtzan", "size", "tiny",
                "songs", 7, "sample_rate", 4000, "duration", 15.0)), dir, 2, Cancel.NEVER);
        assertThatThrownBy(() -> SynthFmri.generate(SynthParams.resolve(new SynthFmri(), Map.of("size", "tiny", "train_runs", 6,
                "test_runs", 2)), m, null, dir, 2, Cancel.NEVER))
                .hasMessageContaining("is 15.0 s long").hasMessageContaining("duration >= 16.0s");
    }

    @Test
    void niftiHeaderCarriesShapeAffineAndRepetitionTime() throws Exception {
        NiftiTestReader n = new NiftiTestReader(study.resolve("sub-001/func/sub-001_task-Training_run-01_bold.nii.gz"));
        assertThat(n.magic).isEqualTo("n+1");
        assertThat(n.header.getInt(0)).isEqualTo(348);
        assertThat(n.voxOffset).isEqualTo(352f);
        assertThat(n.dims).containsExactly(12, 14, 10, 110); // 11 clips x 15 s / 1.5 s
        assertThat(n.datatype).isEqualTo(4);
        assertThat(n.pixdim[1]).isEqualTo(6f);
        assertThat(n.pixdim[4]).isEqualTo(1.5f);
        assertThat(n.xyztUnits).isEqualTo(2 | 8);
        assertThat(n.qformCode).isEqualTo(1);
        assertThat(n.sformCode).isEqualTo(1);
        assertThat(n.srow[0]).containsExactly(6f, 0f, 0f, -33f);
        assertThat(n.srow[2]).containsExactly(0f, 0f, 6f, -27f);
    }

    @Test
    void eventsLookLikeDs003720s() throws Exception {
        String text = Files.readString(study.resolve("sub-001/func/sub-001_task-Test_run-01_events.tsv"), StandardCharsets.UTF_8);
        assertThat(text).startsWith("onset\tduration\tgenre\ttrack\tstart\tend\r\n").doesNotEndWith("\n");
        String[] lines = text.split("\r\n");
        assertThat(lines).hasSize(1 + 21); // 5 clips x 4 repeats + the first again
        assertThat(lines[1]).matches("0\t15\t'[a-z]+'\t\\d+\t[0-9.]+\t[0-9.]+");
        assertThat(lines[21].split("\t", 2)[1]).as("the first clip again at the end").isEqualTo(lines[1].split("\t", 2)[1]);
        String[] train2 = Files.readString(study.resolve("sub-001/func/sub-001_task-Training_run-02_events.tsv")).split("\r\n");
        String[] train1 = Files.readString(study.resolve("sub-001/func/sub-001_task-Training_run-01_events.tsv")).split("\r\n");
        assertThat(train2[1].split("\t", 3)[2]).as("run 2 opens with run 1's last clip")
                .isEqualTo(train1[train1.length - 1].split("\t", 3)[2]);
    }

    @Test
    void ridgeOnGenreFeaturesRecoversThePlantedRoi() throws Exception {
        NiftiTestReader roi = new NiftiTestReader(study.resolve("ground_truth/sub-001_roi.nii.gz"));
        NiftiTestReader t1 = new NiftiTestReader(study.resolve("sub-001/anat/sub-001_T1w.nii.gz"));
        int nvox = roi.volumes[0].length;
        List<double[][]> trainX = new ArrayList<>();
        List<float[][]> trainY = new ArrayList<>();
        List<double[][]> testX = new ArrayList<>();
        List<float[][]> testY = new ArrayList<>();
        try (var files = Files.list(study.resolve("sub-001/func"))) {
            for (Path bold : files.filter(p -> p.toString().endsWith("_bold.nii.gz")).sorted().toList()) {
                NiftiTestReader n = new NiftiTestReader(bold);
                Path events = Path.of(bold.toString().replace("_bold.nii.gz", "_events.tsv"));
                double[][] x = genreDesign(events, n.dims[3], n.pixdim[4]);
                float[][] y = cleaned(n.volumes, n.pixdim[4]);
                (bold.toString().contains("Training") ? trainX : testX).add(x);
                (bold.toString().contains("Training") ? trainY : testY).add(y);
            }
        }
        double[][] xtr = stack(trainX);
        double[][] xte = stack(testX);
        float[][] ytr = stackY(trainY);
        float[][] yte = stackY(testY);
        int p = xtr[0].length;
        RealMatrix x = new Array2DRowRealMatrix(xtr);
        RealMatrix xtx = x.transpose().multiply(x);
        for (int j = 0; j < p; j++) {
            xtx.addToEntry(j, j, 10.0);
        }
        var solver = new CholeskyDecomposition(xtx).getSolver();
        List<Double> inside = new ArrayList<>();
        List<Double> outside = new ArrayList<>();
        for (int v = 0; v < nvox; v++) {
            if (t1.volumes[0][v] < 100) {
                continue; // outside the brain
            }
            double[] xty = new double[p];
            for (int t = 0; t < xtr.length; t++) {
                for (int j = 0; j < p; j++) {
                    xty[j] += xtr[t][j] * ytr[t][v];
                }
            }
            double[] w = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(xty)).toArray();
            double[] pred = new double[xte.length];
            double[] obs = new double[xte.length];
            for (int t = 0; t < xte.length; t++) {
                for (int j = 0; j < p; j++) {
                    pred[t] += xte[t][j] * w[j];
                }
                obs[t] = yte[t][v];
            }
            double r = new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(pred, obs);
            (roi.volumes[0][v] > 0 ? inside : outside).add(r);
        }
        assertThat(inside).hasSizeGreaterThan(10);
        double auc = auc(inside, outside);
        System.out.printf("ROI recovery: AUC %.3f (%d ROI voxels, %d others)%n", auc, inside.size(), outside.size());
        assertThat(auc).as("AUC of test-set prediction r, ROI vs other brain voxels").isGreaterThan(0.9);
    }

    @Test
    void listenersConfuseRockReggaeAndCountryMoreThanClassical() {
        GenreConfusion c = GenreConfusion.standard();
        int classical = c.genres().indexOf("classical");
        int rock = c.genres().indexOf("rock");
        int country = c.genres().indexOf("country");
        int reggae = c.genres().indexOf("reggae");
        assertThat(c.matrix()[classical][classical]).isGreaterThan(0.9);
        assertThat(c.matrix()[rock][country] + c.matrix()[rock][reggae]).isGreaterThan(0.2);
        for (double[] row : c.matrix()) {
            assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int right = 0;
        for (int i = 0; i < 4000; i++) {
            right += c.answer("rock", r).equals("rock") ? 1 : 0;
        }
        assertThat(right / 4000.0).isCloseTo(c.matrix()[rock][rock], org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void aConfusionMatrixFileReplacesTheDefault() throws Exception {
        Path f = tmp.resolve("confusion.tsv");
        GenreConfusion.standard().write(f);
        assertThat(GenreConfusion.read(f).matrix()[1][1]).isEqualTo(GenreConfusion.standard().matrix()[1][1],
                org.assertj.core.data.Offset.offset(1e-5));
        Files.writeString(f, "genre\tblues\nblues\t1\n");
        assertThatThrownBy(() -> GenreConfusion.read(f)).isInstanceOf(FileFormatError.class).hasMessageContaining("ten genres");
    }

    @Test
    void hrfMatchesScipysDoubleGammaGolden() throws Exception {
        for (String[] c : new String[][] {{"0.1", "hrf_dt0.1.npy"}, {"0.09375", "hrf_dt0.09375.npy"}}) {
            Path golden = Path.of("src/test/resources/golden/synth").resolve(c[1]);
            double[] h = Hrf.canonical(Double.parseDouble(c[0]));
            try (NpyArray a = NpyArray.open(golden)) {
                double[] g = new double[(int) a.size()];
                a.read(0, g, 0, g.length);
                assertThat(h).hasSize(g.length);
                for (int i = 0; i < g.length; i++) {
                    assertThat(h[i]).isCloseTo(g[i], org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
    }

    /** FIR genre design: the genre playing 3, 4.5 and 6 s before each volume (30 columns). */
    static double[][] genreDesign(Path events, int vols, double tr) throws Exception {
        List<String> genres = new ArrayList<>();
        List<Double> onsets = new ArrayList<>();
        String[] lines = Files.readString(events).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            onsets.add(Double.parseDouble(f[0]));
            genres.add(f[2].replace("'", ""));
        }
        double[] delays = {3, 4.5, 6};
        double[][] x = new double[vols][10 * delays.length];
        for (int k = 0; k < vols; k++) {
            for (int d = 0; d < delays.length; d++) {
                double t = k * tr - delays[d];
                for (int e = onsets.size() - 1; e >= 0; e--) {
                    if (t >= onsets.get(e)) {
                        x[k][10 * d + MusicStyle.GENRES.indexOf(genres.get(e))] = 1;
                        break;
                    }
                }
            }
        }
        return x;
    }

    /** Per voxel: remove a DCT high-pass basis (128-s cutoff, as SPM) and z-score within the run. */
    static float[][] cleaned(float[][] volumes, double tr) {
        int n = volumes.length;
        int nv = volumes[0].length;
        int k = (int) Math.floor(2 * n * tr / 128) + 1;
        double[][] basis = new double[k][n];
        for (int j = 0; j < k; j++) {
            double norm = 0;
            for (int t = 0; t < n; t++) {
                basis[j][t] = Math.cos(Math.PI * j * (t + 0.5) / n);
                norm += basis[j][t] * basis[j][t];
            }
            for (int t = 0; t < n; t++) {
                basis[j][t] /= Math.sqrt(norm);
            }
        }
        float[][] out = new float[n][nv];
        double[] y = new double[n];
        for (int v = 0; v < nv; v++) {
            for (int t = 0; t < n; t++) {
                y[t] = volumes[t][v];
            }
            for (double[] b : basis) {
                double c = 0;
                for (int t = 0; t < n; t++) {
                    c += b[t] * y[t];
                }
                for (int t = 0; t < n; t++) {
                    y[t] -= c * b[t];
                }
            }
            double ss = 0;
            for (double d : y) {
                ss += d * d;
            }
            double sd = Math.sqrt(ss / n);
            for (int t = 0; t < n; t++) {
                out[t][v] = (float) (sd > 0 ? y[t] / sd : 0);
            }
        }
        return out;
    }

    static double[][] stack(List<double[][]> parts) {
        return parts.stream().flatMap(java.util.Arrays::stream).toArray(double[][]::new);
    }

    static float[][] stackY(List<float[][]> parts) {
        return parts.stream().flatMap(java.util.Arrays::stream).toArray(float[][]::new);
    }

    /** Probability that a random ROI voxel scores above a random other voxel (ties count half). */
    static double auc(List<Double> pos, List<Double> neg) {
        double wins = 0;
        for (double a : pos) {
            for (double b : neg) {
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return wins / ((double) pos.size() * neg.size());
    }

}
