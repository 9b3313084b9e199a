package org.cortexflow.tasks.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.junit.jupiter.api.Test;

/** Against torchaudio 0.13 run in float64 (tasks/src/test/goldens/make_spectrogram.py). */
class MelSpectrogramGoldenTest {

    static Path golden(String name) throws Exception {
        return Path.of(MelSpectrogramGoldenTest.class.getResource("/golden/spectrogram/" + name).toURI());
    }

    static double[] load(String name) throws Exception {
        try (NpyArray a = NpyArray.open(golden(name))) {
            return a.readAllDoubles();
        }
    }

    static float[][] signals() throws Exception {
        try (NpyArray a = NpyArray.open(golden("signals.npy"))) {
            long[] s = a.shape();
            float[][] out = new float[(int) s[0]][(int) s[1]];
            for (int i = 0; i < out.length; i++) {
                a.read(i * s[1], out[i], 0, (int) s[1]);
            }
            return out;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> goldenCase(String name) throws Exception {
        Map<String, Object> all = MetaJson.mapper().readValue(golden("cases.json").toFile(), Map.class);
        return ((List<Map<String, Object>>) all.get("cases")).stream().filter(c -> c.get("name").equals(name)).findFirst().orElseThrow();
    }

    static int i(Map<String, Object> c, String k) {
        return ((Number) c.get(k)).intValue();
    }

    static double d(Map<String, Object> c, String k) {
        return ((Number) c.get(k)).doubleValue();
    }

    static MelSpectrogram melOf(Map<String, Object> c) {
        return MelSpectrogram.mel(d(c, "sample_rate"), i(c, "n_fft"), i(c, "hop_length"), i(c, "win_length"), i(c, "n_mels"),
                d(c, "f_min"), d(c, "f_max"), c.get("mel_scale").equals("htk") ? MelScale.HTK : MelScale.SLANEY,
                "slaney".equals(c.get("norm")), d(c, "power"));
    }

    /** float32 output against a float64 reference: within 1e-5 of the reference's RMS. */
    static void assertCloseToRms(float[] got, double[] want, int offset, String what) {
        double ss = 0;
        for (int k = 0; k < got.length; k++) {
            ss += want[offset + k] * want[offset + k];
        }
        double tol = 1e-5 * Math.sqrt(ss / got.length);
        double worst = 0;
        for (int k = 0; k < got.length; k++) {
            worst = Math.max(worst, Math.abs(got[k] - want[offset + k]));
        }
        assertThat(worst).as(what + ": max error vs RMS tolerance " + tol).isLessThanOrEqualTo(tol);
    }

    /** dB within 1e-3 over the bins within 80 dB of the maximum. */
    static void assertDbClose(float[] got, double[] want, int offset, String what) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < got.length; k++) {
            max = Math.max(max, want[offset + k]);
        }
        int compared = 0;
        for (int k = 0; k < got.length; k++) {
            if (want[offset + k] >= max - 80) {
                assertThat((double) got[k]).as(what + " bin " + k).isCloseTo(want[offset + k], org.assertj.core.data.Offset.offset(1e-3));
                compared++;
            }
        }
        assertThat(compared).as("bins within 80 dB").isGreaterThan(got.length / 10);
    }

    @Test
    void melPowerSlaneyMatchesTorchaudio() throws Exception {
        checkPlain("mel_slaney_power");
    }

    @Test
    void melMagnitudeHtkWithShortWindowMatchesTorchaudio() throws Exception {
        checkPlain("mel_htk_magnitude_win400");
    }

    @Test
    void linearSpectrogramWithOddFftLengthMatchesTorchaudio() throws Exception {
        Map<String, Object> c = goldenCase("stft_odd_nfft_power");
        MelSpectrogram s = MelSpectrogram.linear(i(c, "n_fft"), i(c, "hop_length"), i(c, "win_length"), d(c, "power"));
        compare(c, s, false, Double.NaN);
    }

    @Test
    void melDecibelsWithTopDbMatchTorchaudio() throws Exception {
        Map<String, Object> c = goldenCase("mel_db_top80");
        compare(c, melOf(c), true, 80.0);
    }

    @Test
    void magnitudeDecibelsWithoutTopDbMatchTorchaudio() throws Exception {
        Map<String, Object> c = goldenCase("mag_db_no_top");
        compare(c, melOf(c), true, Double.NaN);
    }

    @Test
    void mfccMatchesTorchaudio() throws Exception {
        Map<String, Object> c = goldenCase("mfcc13_ortho");
        c = new java.util.HashMap<>(c);
        MelSpectrogram mel = melOf(c);
        Mfcc mfcc = new Mfcc(i(c, "n_mfcc"), i(c, "n_mels"), true);
        double[] want = load("mfcc13_ortho.npy");
        float[][] x = signals();
        int offset = 0;
        for (float[] sig : x) {
            float[] m = mel.compute(sig);
            Decibels.powerToDb(m, 80.0);
            float[] got = mfcc.apply(m, mel.frames(sig.length));
            assertCloseToRms(got, want, offset, "mfcc");
            offset += got.length;
        }
        assertThat(offset).isEqualTo(want.length);
    }

    @Test
    void filterbankMatchesMelscaleFbanks() throws Exception {
        double[] want = load("fbank_129x24_slaney.npy"); // [129 freqs, 24 mels]
        MelFilterbank fb = MelFilterbank.create(129, 100, 6000, 24, 8000, MelScale.SLANEY, true);
        double max = 0;
        for (double v : want) {
            max = Math.max(max, v);
        }
        for (int k = 0; k < 129; k++) {
            for (int m = 0; m < 24; m++) {
                assertThat(fb.weight(m, k)).as("bin %d mel %d", k, m).isCloseTo(want[k * 24 + m], org.assertj.core.data.Offset.offset(1e-9 * max));
            }
        }
        assertThat(fb.emptyFilters()).isZero();
    }

    @Test
    void signalShorterThanHalfTheFftIsRefused() {
        MelSpectrogram s = MelSpectrogram.linear(512, 128, 512, 2);
        assertThat(s.frames(257)).isEqualTo(3);
        assertThatThrownBy(() -> s.compute(new float[256])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than the 257");
    }

    @Test
    void htkAndSlaneyScalesInvertThemselves() {
        for (MelScale sc : MelScale.values()) {
            for (double hz : new double[] {0, 60, 999.9, 1000, 1000.1, 4000, 11025}) {
                assertThat(sc.toHz(sc.toMel(hz))).isCloseTo(hz, org.assertj.core.data.Offset.offset(1e-9 * (1 + hz)));
            }
        }
        assertThat(MelScale.SLANEY.toMel(1000)).isCloseTo(15.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(MelScale.HTK.toMel(700)).isCloseTo(2595 * Math.log10(2), org.assertj.core.data.Offset.offset(1e-12));
    }

    private void checkPlain(String name) throws Exception {
        Map<String, Object> c = goldenCase(name);
        compare(c, melOf(c), false, Double.NaN);
    }

    private void compare(Map<String, Object> c, MelSpectrogram s, boolean db, double topDb) throws Exception {
        String name = (String) c.get("name");
        double[] want = load(name + ".npy");
        float[][] x = signals();
        int offset = 0;
        for (int k = 0; k < x.length; k++) {
            float[] got = s.compute(x[k]);
            assertThat(s.bins() * s.frames(x[k].length)).isEqualTo(got.length);
            if (db) {
                Decibels.toDb(got, 0, got.length, d(c, "power") == 2.0 ? 10 : 20, topDb);
                assertDbClose(got, want, offset, name + " signal " + k);
            } else {
                assertCloseToRms(got, want, offset, name + " signal " + k);
            }
            offset += got.length;
        }
        assertThat(offset).isEqualTo(want.length);
    }
}
