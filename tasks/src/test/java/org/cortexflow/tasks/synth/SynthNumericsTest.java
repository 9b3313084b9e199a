package org.cortexflow.tasks.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.List;
import org.cortexflow.tasks.artifact.NpyArray;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

class SynthNumericsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/synth");

    @Test
    void envelopeAndFluxMatchTheNumpyReference() throws Exception {
        float[] pcm;
        try (NpyArray in = NpyArray.open(GOLDEN.resolve("features_input_8k.npy"))) {
            pcm = new float[(int) in.size()];
            in.read(0, pcm, 0, pcm.length);
        }
        double[] expected;
        try (NpyArray g = NpyArray.open(GOLDEN.resolve("features_1k.npy"))) {
            expected = new double[(int) g.size()];
            g.read(0, expected, 0, expected.length);
        }
        short[] s = new short[pcm.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) pcm[i];
        }
        AudioFeatures f = new AudioFeatures(8000, 1000, s.length);
        for (int i = 0; i < s.length; i += 777) { // odd block sizes: the stream must not care
            f.accept(java.util.Arrays.copyOfRange(s, i, Math.min(s.length, i + 777)), Math.min(777, s.length - i), 1);
        }
        float[][] got = f.finish();
        int n = got[0].length;
        assertThat(n * 2).isEqualTo(expected.length);
        double maxFlux = 0;
        for (int k = 0; k < n; k++) {
            maxFlux = Math.max(maxFlux, expected[n + k]);
        }
        for (int k = 0; k < n; k++) {
            assertThat((double) got[0][k]).as("envelope frame " + k).isCloseTo(expected[k], offset(1e-6));
            assertThat((double) got[1][k]).as("flux frame " + k).isCloseTo(expected[n + k], offset(1e-5 * maxFlux));
        }
    }

    @Test
    void fftAndDirectConvolutionAgree() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] x = new float[40_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Seeds.gaussian(r);
        }
        float[][] viaFft = Trf.drive(new float[][] {x}, List.of("latent1"), 1000); // 40k x 241 taps: FFT path
        int half = (int) Math.ceil(3 * Trf.LATENT_SIGMA_MS);
        for (int t : new int[] {0, 5, half, 20_000, x.length - 3, x.length - 1}) {
            double acc = 0;
            double sum = 0;
            for (int i = -half; i <= half; i++) {
                double k = Math.exp(-(i * i) / (2 * Trf.LATENT_SIGMA_MS * Trf.LATENT_SIGMA_MS));
                sum += k;
                if (t - i >= 0 && t - i < x.length) {
                    acc += k * x[t - i];
                }
            }
            assertThat((double) viaFft[0][t]).as("t = " + t).isCloseTo(Trf.weight("latent1") * acc / sum, offset(1e-5));
        }
    }

    @Test
    void pinkBackgroundHasThePlantedSpectralSlope() {
        for (double beta : new double[] {1.0, 1.5}) {
            Filters.Pink pink = new Filters.Pink(beta, 0.1, 1000);
            FastNoise noise = new FastNoise(11);
            int seg = 4096;
            int segments = 64;
            double[] psd = new double[seg / 2];
            float[] buf = new float[seg];
            for (int s = 0; s < segments + 4; s++) {
                noise.fill(buf, seg, 1f);
                pink.apply(buf, seg);
                if (s < 4) {
                    continue; // let the slow sections settle
                }
                double[] d = new double[seg];
                for (int i = 0; i < seg; i++) {
                    d[i] = buf[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / seg));
                }
                new DoubleFFT_1D(seg).realForward(d);
                for (int k = 1; k < seg / 2; k++) {
                    psd[k] += d[2 * k] * d[2 * k] + d[2 * k + 1] * d[2 * k + 1];
                }
            }
            // least-squares slope of log power on log frequency, 2-100 Hz
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            int m = 0;
            for (int k = 1; k < seg / 2; k++) {
                double hz = k * 1000.0 / seg;
                if (hz < 2 || hz > 100) {
                    continue;
                }
                double lx = Math.log10(hz);
                double ly = Math.log10(psd[k]);
                sx += lx;
                sy += ly;
                sxx += lx * lx;
                sxy += lx * ly;
                m++;
            }
            double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
            assertThat(slope).as("1/f^" + beta + " background").isCloseTo(-beta, offset(0.2));
        }
    }

    @Test
    void fastNoiseIsStandardNormalEnough() {
        FastNoise n = new FastNoise(5);
        double s = 0;
        double s2 = 0;
        double s4 = 0;
        int count = 1_000_000;
        for (int i = 0; i < count; i++) {
            double v = n.next();
            s += v;
            s2 += v * v;
            s4 += v * v * v * v;
        }
        double mean = s / count;
        double var = s2 / count - mean * mean;
        assertThat(mean).isCloseTo(0, offset(0.005));
        assertThat(var).isCloseTo(1, offset(0.01));
        assertThat(s4 / count / (var * var)).as("kurtosis of Irwin-Hall(4)").isCloseTo(2.7, offset(0.05));
    }
}
