package org.cortexflow.tasks.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendBindingTest {

    @Test
    void aGrantedGpuOnTheCpuBackendRunsOnTheCpuAndSaysSo() {
        ModelBackend backend = ModelTasks.backend();
        assertThat(backend.gpu()).isFalse();
        assertThat(backend.name()).isEqualTo("nd4j-cpu");
        String bound = backend.bind(1, List.of("0"));
        assertThat(bound).contains("threads 1").contains("device cpu").contains("OMP_WAIT_POLICY");
        NetworkSpec spec = new NetworkSpec(Architecture.COMPACT, 4, 12, 3, 5, 6, 0.0, List.of(2, 3, 4));
        try (Network net = backend.create(spec, ModelBackend.Optimizer.adam(1e-3), 3)) {
            float[] x = new float[2 * 4 * 12];
            Network.Outputs out = net.predict(x, 2);
            assertThat(out.logits()).hasSize(6);
            assertThat(out.representation()).hasSize(10);
        }
    }

    @Test
    void threadBudgetFollowsTheTask() {
        ModelBackend backend = ModelTasks.backend();
        // OpenMP's budget is what the convolutions use; ND4J 1.0.0-M2.1's Environment.setMaxThreads
        // keeps the pool's size, so that one is not asserted
        var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        assertThat(backend.bind(2, List.of())).startsWith("threads 2");
        assertThat(ops.ompGetMaxThreads()).isEqualTo(2);
        assertThat(backend.bind(1, List.of())).startsWith("threads 1");
        assertThat(ops.ompGetMaxThreads()).isEqualTo(1);
    }
}
