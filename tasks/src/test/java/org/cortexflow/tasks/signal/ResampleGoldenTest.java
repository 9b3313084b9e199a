package org.cortexflow.tasks.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** FFT and polyphase resampling against scipy 1.10 and MNE 1.3 goldens. */
class ResampleGoldenTest {

    @Test
    void fftResampleMatchesScipySignalResampleForDownUpAndNonIntegerRatios() {
        for (JsonNode c : Golden.cases("resample_scipy")) {
            double[][] x = Golden.input(c);
            int num = c.get("params").get("num").asInt();
            double[][] got = new double[x.length][];
            for (int ch = 0; ch < x.length; ch++) {
                got[ch] = FftResampler.resample(x[ch], num);
            }
            Golden.assertClose(c.get("name").asText(), got, Golden.output(c));
        }
    }

    @Test
    void fftResampleWithPaddingMatchesMneResample() {
        for (JsonNode c : Golden.cases("resample_mne")) {
            JsonNode p = c.get("params");
            double[][] x = Golden.input(c);
            double ratio = p.get("sfreq").asDouble() / Golden.sfreq(c);
            int npad = p.get("npad").isTextual() ? -1 : p.get("npad").asInt();
            FftResampler.Plan plan = FftResampler.plan(x[0].length, ratio, npad);
            double[][] got = new double[x.length][];
            for (int ch = 0; ch < x.length; ch++) {
                got[ch] = FftResampler.resampleMne(x[ch], plan);
            }
            Golden.assertClose(c.get("name").asText(), got, Golden.output(c));
        }
    }

    @Test
    void polyphaseMatchesScipyResamplePolyWithItsKaiserDesign() {
        for (JsonNode c : Golden.cases("resample_poly")) {
            JsonNode p = c.get("params");
            double[][] x = Golden.input(c);
            PolyphaseResampler r = new PolyphaseResampler(p.get("up").asInt(), p.get("down").asInt());
            double[][] got = new double[x.length][];
            for (int ch = 0; ch < x.length; ch++) {
                got[ch] = r.resample(x[ch]);
            }
            Golden.assertClose(c.get("name").asText(), got, Golden.output(c));
        }
    }

    @Test
    void polyphaseFloatApiAgreesWithTheDoubleOne() {
        PolyphaseResampler r = PolyphaseResampler.between(44100, 48000);
        assertThat(new int[] {r.up(), r.down()}).containsExactly(160, 147);
        float[] x = new float[4410];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * 440 * i / 44100.0);
            xd[i] = x[i];
        }
        float[] y = r.resample(x);
        double[] yd = r.resample(xd);
        assertThat(y).hasSize(4800);
        for (int i = 0; i < y.length; i++) {
            assertThat((double) y[i]).isCloseTo(yd[i], org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void ratesBecomeReducedFractionsOrAreRefused() {
        assertThat(PolyphaseResampler.ratio(1000, 125)).containsExactly(1, 8);
        assertThat(PolyphaseResampler.ratio(512, 128)).containsExactly(1, 4);
        assertThat(PolyphaseResampler.ratio(22050, 16000)).containsExactly(320, 441);
        assertThat(PolyphaseResampler.ratio(250.5, 125.25)).containsExactly(1, 2);
        assertThatThrownBy(() -> PolyphaseResampler.ratio(1000, Math.PI * 100))
                .hasMessageContaining("use FFT resampling");
    }

    @Test
    void blockwisePolyphaseEqualsTheDirectSumOverSeveralBlocks() {
        PolyphaseResampler r = new PolyphaseResampler(2, 5);
        double[] x = new double[100_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 0.01) + Math.cos(i * 0.37);
        }
        double[] y = r.resample(x);
        assertThat(y).hasSize(40_002);
        double[] h = r.filter();
        int half = (h.length - 1) / 2;
        for (int k : new int[] {0, 1, 32_767, 32_768, 32_769, 40_001}) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                int j = k * 5 + half - i * 2;
                if (j >= 0 && j < h.length) {
                    s += h[j] * x[i];
                }
            }
            assertThat(y[k]).as("output " + k).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}
