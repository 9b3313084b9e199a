package org.cortexflow.tasks.models.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cortexflow.tasks.artifact.NpzArchive;
import org.cortexflow.tasks.models.Architecture;
import org.cortexflow.tasks.models.Goldens;
import org.cortexflow.tasks.models.Losses;
import org.cortexflow.tasks.models.ModelBackend;
import org.cortexflow.tasks.models.Network;
import org.cortexflow.tasks.models.NetworkSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Nd4jNetworkTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"compact", "paper"})
    void trainStepGradientsAdamAndEvalMatchPytorch(String arch) throws Exception {
        matchesPytorch(arch, spec -> new Nd4jNetwork(spec, ModelBackend.Optimizer.adam(3e-3), 1));
    }

    /** The convolutions run one example per call (the paper network's layout at full size). */
    @ParameterizedTest
    @ValueSource(strings = {"compact", "paper"})
    void convolutionsSlicedByExampleMatchPytorch(String arch) throws Exception {
        matchesPytorch(arch, spec -> new Nd4jNetwork(spec, ModelBackend.Optimizer.adam(3e-3), 1, 1));
    }

    private void matchesPytorch(String arch, Function<NetworkSpec, Nd4jNetwork> create) throws Exception {
        Map<String, NpzArchive.Entry> g = Goldens.load("net_" + arch + ".npz");
        float[] s = g.get("spec").data();
        NetworkSpec spec = new NetworkSpec(s[0] == 1 ? Architecture.PAPER : Architecture.COMPACT, (int) s[1], (int) s[2],
                (int) s[3], (int) s[4], (int) s[5], 0.0, List.of((int) s[6], (int) s[7], (int) s[8]));
        assertThat(spec.architecture().label()).isEqualTo(arch);
        Nd4jNetwork net = create.apply(spec);
        net.load(prefixed(g, "init.", tmp.resolve("init.npz")));

        float[] x = g.get("x").data();
        int[] labels = Goldens.ints(g.get("labels").data());
        float[] targets = g.get("targets").data();
        double lambda = g.get("lambda").data()[0];
        double temperature = g.get("temperature").data()[0];
        int n = labels.length;
        double[] loss = new double[1];
        Network.Outputs first = net.trainStep(x, n, 0, out -> {
            Network.LossGradient lg = Losses.combined(out, labels, targets, Losses.Kind.INFONCE, lambda, temperature, null);
            loss[0] = lg.loss();
            return lg;
        });
        assertThat(Goldens.relativeError(first.logits(), g.get("train.logits").data())).isLessThan(1e-4);
        assertThat(Goldens.relativeError(first.representation(), g.get("train.z").data())).isLessThan(1e-4);
        assertThat(loss[0]).isCloseTo(g.get("train.loss").data()[0], within(1e-4));
        float[] grads = net.gradients();
        for (Map.Entry<String, long[]> e : net.layout().entrySet()) {
            float[] mine = java.util.Arrays.copyOfRange(grads, (int) e.getValue()[0], (int) (e.getValue()[0] + e.getValue()[1]));
            if (e.getKey().matches("conv\\d\\.bias")) {
                assertThat(maxAbs(mine)).as("gradient of " + e.getKey() + ", a bias before batch norm").isZero();
                continue;
            }
            assertThat(Goldens.relativeError(mine, g.get("grad." + e.getKey()).data())).as("gradient of " + e.getKey())
                    .isLessThan(2e-4);
        }
        net.trainStep(x, n, 1, out -> Losses.combined(out, labels, targets, Losses.Kind.INFONCE, lambda, temperature, null));
        float[] params = net.parameters();
        for (Map.Entry<String, long[]> e : net.layout().entrySet()) {
            float[] mine = java.util.Arrays.copyOfRange(params, (int) e.getValue()[0], (int) (e.getValue()[0] + e.getValue()[1]));
            double tolerance = 1e-4;
            assertThat(Goldens.relativeError(mine, g.get("after." + e.getKey()).data())).as("after two Adam steps: " + e.getKey())
                    .isLessThan(tolerance);
        }
        for (String stat : List.of("bn0.running_var", "bn2.running_mean", "cls.bn.running_var", "rep.bn.running_mean")) {
            assertThat(Goldens.relativeError(net.bufferValues(stat), g.get("after." + stat).data())).as(stat).isLessThan(1e-4);
        }
        Network.Outputs eval = net.predict(x, n);
        assertThat(Goldens.relativeError(eval.logits(), g.get("eval.logits").data())).isLessThan(2e-4);
        assertThat(Goldens.relativeError(eval.representation(), g.get("eval.z").data())).isLessThan(2e-4);
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static Path prefixed(Map<String, NpzArchive.Entry> g, String prefix, Path file) throws Exception {
        Map<String, NpzArchive.Entry> m = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        NpzArchive.write(file, m);
        return file;
    }
}
