package org.cortexflow.tasks.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The DEAP band features in double precision against the golden made with scipy. */
class BandPowerGoldenTest {

    /**
     * Against scipy's own filtfilt: its LAPACK initial state for the 2-4 Hz band is 1.7e-4 off the
     * exact steady state (the golden script measures it), which moves its band signal by ~3e-5;
     * the exact-state golden pins our arithmetic to 1e-9.
     */
    static final double SCIPY_STATE = 1e-4;

    @Test
    void perSecondFeaturesMatchTheReferencePipelineInDoublePrecision() {
        for (JsonNode c : Golden.cases("bandpower")) {
            JsonNode p = c.get("params");
            BandPower.Measure m = BandPower.Measure.of(p.get("measure").asText());
            double[][] x = Golden.input(c);
            double sfreq = Golden.sfreq(c);
            int window = (int) sfreq;
            int seconds = x[0].length / window;
            int perSeg = p.get("segment_s").asInt();
            int hop = p.get("hop_s").asInt();
            int segs = BandPower.segments(seconds, perSeg, hop);
            long[] shape = Golden.shape(c.get("output").asText());
            JsonNode bands = p.get("bands");
            assertThat(shape).containsExactly(segs, x.length, (long) bands.size() * perSeg);
            double[] want = Golden.vector(c.get("output").asText());
            double[] got = new double[want.length];
            for (int ch = 0; ch < x.length; ch++) {
                for (int b = 0; b < bands.size(); b++) {
                    BandPower.Band band = BandPower.Band.parse(bands.get(b).asText());
                    double[][] ba = IirDesign.butterBa(p.get("order").asInt(), new double[] {band.low(), band.high()},
                            IirDesign.BandType.BANDPASS, sfreq);
                    double[] v = BandPower.perWindow(TransferFilter.filtfilt(ba[0], ba[1], x[ch], -1), window, seconds, m);
                    for (int s = 0; s < segs; s++) {
                        for (int j = 0; j < perSeg; j++) {
                            got[(int) ((s * x.length + ch) * shape[2] + b * perSeg + j)] = v[s * hop + j];
                        }
                    }
                }
            }
            String name = c.get("name").asText();
            System.out.printf("%s: max error relative to the peak %.3g%n", name, Golden.relativeError(got, want));
            Golden.assertClose(name, got, want, name.endsWith("_exact_state") ? Golden.RELATIVE : SCIPY_STATE);
        }
    }
}
