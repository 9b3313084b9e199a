package org.cortexflow.tasks.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** FIR and IIR filters against MNE 1.3 and scipy 1.10 goldens. */
class FilterGoldenTest {

    static FirDesign.FirFilter designFor(JsonNode c, long n) {
        JsonNode p = c.get("params");
        return FirDesign.design(Golden.sfreq(c), opt(p, "l_freq"), opt(p, "h_freq"), opt(p, "l_trans_bandwidth"),
                opt(p, "h_trans_bandwidth"), p.has("filter_length") ? p.get("filter_length").asText() : "auto",
                p.has("fir_window") ? Windows.Fir.of(p.get("fir_window").asText()) : Windows.Fir.HAMMING, n);
    }

    static OptionalDouble opt(JsonNode p, String key) {
        return p.has(key) && !p.get(key).isNull() ? OptionalDouble.of(p.get(key).asDouble()) : OptionalDouble.empty();
    }

    @Test
    void firDesignMatchesMneTapForTap() {
        for (JsonNode c : Golden.cases("fir")) {
            double[][] x = Golden.input(c);
            FirDesign.FirFilter f = designFor(c, x[0].length);
            double[] want = Golden.vector(c.get("taps_file").asText());
            assertThat(f.taps().length).as(c.get("name").asText() + " length").isEqualTo(c.get("taps").asInt());
            Golden.assertClose(c.get("name").asText() + " taps", f.taps(), want, 1e-12);
        }
    }

    @Test
    void firFilteringMatchesMneFilterDataIncludingFiltersLongerThanTheSignal() throws Exception {
        for (JsonNode c : Golden.cases("fir")) {
            double[][] x = Golden.input(c);
            double[][] want = Golden.output(c);
            FirDesign.FirFilter f = designFor(c, x[0].length);
            ZeroPhaseFir fir = new ZeroPhaseFir(f.taps(), x[0].length);
            double[][] got = new double[x.length][];
            for (int ch = 0; ch < x.length; ch++) {
                got[ch] = fir.apply(x[ch]);
            }
            Golden.assertClose(c.get("name").asText(), got, want);
        }
    }

    @Test
    void designReportNamesEdgesTransitionsCutoffsAndLength() {
        JsonNode c = Golden.named("fir_bandpass_0p5_40_6601_taps");
        FirDesign.FirFilter f = designFor(c, 1001);
        assertThat(String.join("\n", f.report()))
                .contains("Setting up band-pass filter from 0.5 - 40 Hz")
                .contains("- Hamming window with 0.0194 passband ripple and 53 dB stopband attenuation")
                .contains("- Lower transition bandwidth: 0.50 Hz (-6 dB cutoff frequency: 0.25 Hz)")
                .contains("- Upper transition bandwidth: 10.00 Hz (-6 dB cutoff frequency: 45.00 Hz)")
                .contains("- Filter length: 6601 samples (6.601 sec)")
                .contains("filter_length (6601) is longer than the signal (1001)");
        assertThat(f.design()).containsEntry("length_samples", 6601).containsEntry("kind", "bandpass");
    }

    @Test
    void transitionBandPastNyquistIsRefusedAsMneRefusesIt() {
        String mne = Golden.MANIFEST.get("refused").get("transition_past_nyquist").asText();
        assertThatThrownBy(() -> FirDesign.design(250, OptionalDouble.empty(), OptionalDouble.of(110), OptionalDouble.empty(),
                OptionalDouble.of(20), "auto", Windows.Fir.HAMMING, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(mne);
    }

    @Test
    void butterworthSectionsMatchScipyButter() {
        for (JsonNode c : Golden.cases("iir")) {
            JsonNode p = c.get("params");
            double[][] sos = IirDesign.butterSos(p.get("order").asInt(), Golden.doubles(p.get("edges")),
                    IirDesign.BandType.valueOf(p.get("btype").asText().toUpperCase()), Golden.sfreq(c));
            double[][] want = Golden.doubles2(c.get("sos"));
            assertThat(sos.length).as(c.get("name").asText() + " sections").isEqualTo(want.length);
            for (int s = 0; s < want.length; s++) {
                Golden.assertClose(c.get("name").asText() + " section " + s, sos[s], want[s], 1e-12);
            }
            assertThat(SosFilter.defaultPadlen(sos)).isEqualTo(c.get("padlen").asInt());
            double[][] ba = IirDesign.butterBa(p.get("order").asInt(), Golden.doubles(p.get("edges")),
                    IirDesign.BandType.valueOf(p.get("btype").asText().toUpperCase()), Golden.sfreq(c));
            Golden.assertClose(c.get("name").asText() + " b", ba[0], Golden.doubles(c.get("b")), 1e-12);
            Golden.assertClose(c.get("name").asText() + " a", ba[1], Golden.doubles(c.get("a")), 1e-12);
        }
    }

    @Test
    void sosFiltFiltMatchesScipy() {
        for (JsonNode c : Golden.cases("iir")) {
            double[][] sos = Golden.doubles2(c.get("sos"));
            double[][] x = Golden.input(c);
            double[][] got = new double[x.length][];
            for (int ch = 0; ch < x.length; ch++) {
                got[ch] = SosFilter.filtfilt(sos, x[ch], -1);
            }
            Golden.assertClose(c.get("name").asText(), got, Golden.output(c));
        }
    }

    @Test
    void transferFunctionFiltFiltMatchesScipy() {
        JsonNode c = Golden.named("filtfilt_ba_5_7_15");
        double[] b = Golden.doubles(c.get("b"));
        double[] a = Golden.doubles(c.get("a"));
        double[][] x = Golden.input(c);
        double[][] got = new double[x.length][];
        for (int ch = 0; ch < x.length; ch++) {
            got[ch] = TransferFilter.filtfilt(b, a, x[ch], -1);
        }
        Golden.assertClose("filtfilt", got, Golden.output(c));
    }

    @Test
    void signalNotLongerThanThePaddingIsRefusedAsScipyRefusesIt() {
        double[][] sos = IirDesign.butterSos(4, new double[] {1, 40}, IirDesign.BandType.BANDPASS, 250);
        assertThatThrownBy(() -> SosFilter.filtfilt(sos, new double[17], -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(Golden.MANIFEST.get("refused").get("shorter_than_padlen").asText().replace(".", ""));
    }

    @Test
    void notchesMatchMneNotchFilterAndScipyIirnotch() throws Exception {
        for (JsonNode c : Golden.cases("notch_fir")) {
            JsonNode p = c.get("params");
            double[][] x = Golden.input(c);
            double[] freqs = Golden.doubles(p.get("freqs"));
            FirDesign.FirFilter f = Notch.firDesign(Golden.sfreq(c), freqs,
                    p.has("notch_widths") ? OptionalDouble.of(p.get("notch_widths").asDouble()) : OptionalDouble.empty(),
                    p.has("trans_bandwidth") ? p.get("trans_bandwidth").asDouble() : 1.0, "auto", x[0].length);
            ZeroPhaseFir fir = new ZeroPhaseFir(f.taps(), x[0].length);
            double[][] got = new double[x.length][];
            for (int ch = 0; ch < x.length; ch++) {
                got[ch] = fir.apply(x[ch]);
            }
            Golden.assertClose(c.get("name").asText(), got, Golden.output(c));
        }
        for (JsonNode c : Golden.cases("notch_iir")) {
            JsonNode p = c.get("params");
            double[][] x = Golden.input(c);
            double[] freqs = Golden.doubles(p.get("freqs"));
            JsonNode coefs = c.get("coefficients");
            double[][] got = new double[x.length][];
            for (int k = 0; k < freqs.length; k++) {
                double[][] ba = IirDesign.iirNotch(freqs[k], p.get("quality").asDouble(), Golden.sfreq(c));
                Golden.assertClose("iirnotch b", ba[0], Golden.doubles(coefs.get(k).get(0)), 1e-14);
                Golden.assertClose("iirnotch a", ba[1], Golden.doubles(coefs.get(k).get(1)), 1e-14);
            }
            for (int ch = 0; ch < x.length; ch++) {
                got[ch] = Notch.iir(x[ch], Golden.sfreq(c), freqs, p.get("quality").asDouble());
            }
            Golden.assertClose(c.get("name").asText(), got, Golden.output(c));
        }
    }

    @Test
    void aSingleSampleIsScaledByTheFilterCentreAsInMne() throws Exception {
        FirDesign.FirFilter f = FirDesign.design(250, OptionalDouble.empty(), OptionalDouble.of(40), OptionalDouble.empty(),
                OptionalDouble.empty(), "auto", Windows.Fir.HAMMING, 1);
        double[] y = new ZeroPhaseFir(f.taps(), 1).apply(new double[] {2.0});
        assertThat(y[0]).isCloseTo(2.0 * f.taps()[f.taps().length / 2], org.assertj.core.data.Offset.offset(1e-15));
    }
}
