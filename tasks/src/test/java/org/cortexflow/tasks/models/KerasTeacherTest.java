package org.cortexflow.tasks.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.NpzArchive;
import org.cortexflow.tasks.signal.TaskHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasTeacherTest {

    @TempDir
    Path tmp;

    private static Path h5() {
        Path p = Path.of("src/test/resources/golden/models/keras_teacher.h5");
        return p.toFile().exists() ? p : Goldens.dir().resolve("keras_teacher.h5");
    }

    /** Rows of a golden array as an input source. */
    private static InputSource rows(float[] x, int n, int d) {
        return new InputSource() {
            @Override
            public int height() {
                return 1;
            }

            @Override
            public int width() {
                return d;
            }

            @Override
            public void fill(int epoch, float[] dst, int off) throws IOException {
                System.arraycopy(x, epoch * d, dst, off, d);
            }
        };
    }

    @Test
    void namedLayerActivationsMatchNumpy() throws Exception {
        Map<String, NpzArchive.Entry> g = Goldens.load("keras_teacher.npz");
        float[] x = g.get("x").data();
        for (String layer : new String[] {"hidden", "embedding"}) {
            float[] expected = g.get(layer).data();
            int d = (int) g.get(layer).shape()[1];
            try (KerasTeacher t = KerasTeacher.open(h5(), layer, rows(x, 5, 24), 5)) {
                assertThat(t.width()).isEqualTo(d);
                float[] got = new float[5 * d];
                for (int i = 0; i < 5; i++) {
                    t.fill(i, got, i * d);
                }
                assertThat(Goldens.relativeError(got, expected)).as(layer).isLessThan(1e-5);
            }
        }
    }

    @Test
    void aLayerTheFileDoesNotHaveIsAnError() {
        assertThatThrownBy(() -> KerasTeacher.open(h5(), "pool5", rows(new float[24], 1, 24), 1))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("no layer 'pool5'").hasMessageContaining("hidden, embedding");
    }

    @Test
    void teacherEmbedRunsAKerasFileOnMelStatistics() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path out = new TaskHarness(new TeacherEmbed(), tmp.resolve("k")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "keras").param("file", h5().toAbsolutePath().toString()).param("layer", "embedding")
                .param("input", "mel-stats").param("mel_bands", 12).run();
        Map<String, Object> meta = MetaJson.read(out);
        assertThat(meta).containsEntry("d", 6).containsEntry("layer", "embedding").containsEntry("format", "keras-h5");
        try (NpyArray a = NpyArray.open(out.resolve("embeddings.npy"))) {
            assertThat(a.shape()[1]).isEqualTo(6);
            for (float v : a.readAllFloats()) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(1f); // tanh
            }
        }
        assertThatThrownBy(() -> new TaskHarness(new TeacherEmbed(), tmp.resolve("k2")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "keras").param("file", h5().toAbsolutePath().toString()).param("layer", "embedding")
                .param("input", "mel-stats").param("mel_bands", 8).run())
                .isInstanceOf(TaskFailure.class).hasMessageContaining("takes 24 input values").hasMessageContaining("gives 16");
    }
}
