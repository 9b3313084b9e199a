package org.cortexflow.tasks.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexflow.engine.spi.TaskFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    Path tmp;

    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    private float[] train(EpochsData data, Path checkpoints, java.util.function.BooleanSupplier cancel) throws Exception {
        return train(data, checkpoints, cancel, 7);
    }

    private float[] train(EpochsData data, Path checkpoints, java.util.function.BooleanSupplier cancel, long seed) throws Exception {
        ModelBackend backend = ModelTasks.backend();
        backend.bind(2, List.of());
        NetworkSpec spec = new NetworkSpec(Architecture.COMPACT, data.channels(), data.samples(), 3, 5, 8, 0.5, List.of(4, 6, 8));
        try (Network net = backend.create(spec, ModelBackend.Optimizer.adam(3e-3), seed)) {
            Trainer.Config cfg = new Trainer.Config(4, 8, seed, 0, Losses.Kind.INFONCE, 0.5, 1, 0);
            int[] labels = data.rows().stream().mapToInt(EpochsData.Row::label).toArray();
            new Trainer(cfg, net, InputSource.eeg(data, data.samples()), new Trainer.None(), labels, QUIET, cancel)
                    .run(data.split("train"), List.of(), checkpoints, "fingerprint");
            return net.parameters();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 7})
    void sameSeedGivesTheSameWeights(long seed) throws Exception {
        // seed 0 included: ND4J's native generator seeds itself from the clock when given 0
        try (EpochsData data = EpochsData.open(TinyStudy.epochs(tmp.resolve("epochs"), 0.5, -1))) {
            float[] a = train(data, null, () -> false, seed);
            float[] b = train(data, null, () -> false, seed);
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void aKilledRunResumesFromItsLastCheckpointAndEndsWithTheSameWeights() throws Exception {
        try (EpochsData data = EpochsData.open(TinyStudy.epochs(tmp.resolve("epochs"), 0.5, -1))) {
            float[] uninterrupted = train(data, tmp.resolve("state-a"), () -> false);
            int stepsPerEpoch = data.split("train").size() / 8;
            AtomicInteger polls = new AtomicInteger();
            // dies in the third epoch, after the checkpoint of epoch 2
            assertThatThrownBy(() -> train(data, tmp.resolve("state-b"), () -> polls.incrementAndGet() > 2 * stepsPerEpoch + 1))
                    .isInstanceOf(TaskFailure.class).hasMessageContaining("resumes from the last checkpoint");
            float[] resumed = train(data, tmp.resolve("state-b"), () -> false);
            assertThat(resumed).containsExactly(uninterrupted);
        }
    }
}
