package org.cortexflow.tasks.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.cortexflow.tasks.artifact.NpzArchive;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void crossEntropyAndRepresentationLossesMatchPytorch() throws Exception {
        Map<String, NpzArchive.Entry> g = Goldens.load("losses.npz");
        float[] z = g.get("z").data();
        float[] t = g.get("t").data();
        float[] logits = g.get("logits").data();
        int[] labels = Goldens.ints(g.get("labels").data());
        int n = 6;
        float[] dLogits = new float[logits.length];
        double ce = Losses.crossEntropy(logits, n, 4, labels, dLogits, null);
        assertThat(ce).isCloseTo(g.get("ce").data()[0], within(1e-5));
        assertThat(Goldens.relativeError(dLogits, g.get("ce_grad").data())).isLessThan(1e-5);
        for (Losses.Kind kind : Losses.Kind.values()) {
            String k = kind.label();
            float[] dZ = new float[z.length];
            double v = Losses.representationLoss(kind, z, t, n, 5, 0.5, dZ, 1.0);
            assertThat(v).as(k).isCloseTo(g.get(k).data()[0], within(1e-5));
            assertThat(Goldens.relativeError(dZ, g.get(k + "_grad").data())).as(k + " gradient").isLessThan(1e-5);
        }
    }

    @Test
    void weightScalesOnlyTheRepresentationGradient() throws Exception {
        Map<String, NpzArchive.Entry> g = Goldens.load("losses.npz");
        float[] z = g.get("z").data();
        Network.Outputs out = new Network.Outputs(6, g.get("logits").data(), z);
        Losses.Parts[] parts = new Losses.Parts[1];
        Network.LossGradient lg = Losses.combined(out, Goldens.ints(g.get("labels").data()), g.get("t").data(),
                Losses.Kind.INFONCE, 0.05, 0.5, parts);
        assertThat(lg.loss()).isCloseTo(g.get("ce").data()[0] + 0.05 * g.get("infonce").data()[0], within(1e-5));
        float[] expected = g.get("infonce_grad").data().clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= 0.05f;
        }
        assertThat(Goldens.relativeError(lg.dRepresentation(), expected)).isLessThan(1e-5);
        Network.LossGradient none = Losses.combined(out, Goldens.ints(g.get("labels").data()), null,
                Losses.Kind.INFONCE, 0, 0.5, parts);
        assertThat(none.dRepresentation()).containsOnly(0f);
        assertThat(parts[0].representation()).isZero();
    }
}
