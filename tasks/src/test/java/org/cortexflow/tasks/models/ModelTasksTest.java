package org.cortexflow.tasks.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.ArtifactBytes;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.signal.TaskHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTasksTest {

    @TempDir
    Path tmp;

    private TaskHarness student(Path epochs) {
        return new TaskHarness(new StudentTrain(), tmp.resolve("student-" + System.nanoTime())).input("epochs", epochs)
                .param("epochs", 3).param("batch", 8).param("checkpoint_every", 0);
    }

    private Path cnnTeacher(Path epochs, Path audio, String dir) throws Exception {
        return new TaskHarness(new TeacherEmbed(), tmp.resolve(dir)).input("epochs", epochs).input("audio", audio)
                .param("teacher", "cnn").param("epochs", 2).param("batch", 8).param("mel_bands", 8).run();
    }

    @Test
    void teacherStudentEvaluateAndReportRunEndToEnd() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path teacher = cnnTeacher(epochs, audio, "teacher");
        Map<String, Object> tm = MetaJson.read(teacher);
        assertThat(tm).containsEntry("kind", "embeddings").containsEntry("d", 100).containsEntry("layer", "representation");
        try (NpyArray a = NpyArray.open(teacher.resolve("embeddings.npy")); EpochsData data = EpochsData.open(epochs)) {
            assertThat(a.shape()).containsExactly(data.size(), 100);
            assertThat(Table.read(teacher.resolve("index.tsv")).size()).isEqualTo(data.size());
        }
        Path withTeacher = student(epochs).input("teacher", teacher).param("lambda", 0.05).param("seed", 1).run();
        Path without = student(epochs).param("lambda", 0).param("seed", 1).run();
        // run again, both make the same bytes: the digests match, so a rerun keeps its dependents cached
        Path teacherAgain = cnnTeacher(epochs, audio, "teacher-again");
        assertThat(ArtifactBytes.of(teacherAgain)).isEqualTo(ArtifactBytes.of(teacher));
        Path withTeacherAgain = student(epochs).input("teacher", teacherAgain).param("lambda", 0.05).param("seed", 1).run();
        assertThat(ArtifactBytes.of(withTeacherAgain)).isEqualTo(ArtifactBytes.of(withTeacher));
        Map<String, Object> meta = MetaJson.read(withTeacher);
        assertThat(meta).containsEntry("kind", "model");
        assertThat((List<?>) meta.get("curve")).hasSize(3);
        assertThat(((Map<?, ?>) meta.get("teacher")).get("mode")).isEqualTo("frozen");
        assertThat(withTeacher.resolve("model.npz")).exists();
        assertThat(Table.read(withTeacher.resolve("curve.tsv")).size()).isEqualTo(3);

        Path m1 = new TaskHarness(new ModelEvaluate(), tmp.resolve("eval1")).input("model", withTeacher).input("epochs", epochs)
                .param("lengths", List.of(3, 4, 5)).run();
        Path m0 = new TaskHarness(new ModelEvaluate(), tmp.resolve("eval0")).input("model", without).input("epochs", epochs)
                .param("lengths", List.of(3, 4, 5)).run();
        Map<String, Object> metrics = MetaJson.mapper().readValue(m1.resolve("metrics.json").toFile(), Map.class);
        assertThat((Double) metrics.get("accuracy_3s")).isBetween(0.0, 1.0);
        assertThat(((Map<?, ?>) metrics.get("accuracy_by_length")).keySet()).map(String::valueOf).containsExactly("3", "4", "5");
        assertThat(((Map<?, ?>) ((Map<?, ?>) metrics.get("accuracy_by_length")).get("5")).get("crops")).isEqualTo(3);
        for (String f : List.of("accuracy.tsv", "per_class.tsv", "confusion.tsv", "predictions.tsv", "confusion.png",
                "learning_curves.png", "accuracy_by_length.png")) {
            assertThat(m1.resolve(f)).as(f).exists();
        }
        assertThat(Files.readAllBytes(m1.resolve("confusion.png"))).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

        // lambda 0.05 twice (a group of two: mean +- SD), lambda 0 once (a mean alone, no NaN)
        Path report = new TaskHarness(new ReportTable(), tmp.resolve("report")).input("a", m1).input("b", m0).input("c", m1)
                .param("metrics", List.of("accuracy_3s", "accuracy_by_length.5.mean")).run();
        Table results = Table.read(report.resolve("results.tsv"));
        assertThat(results.column("lambda")).containsExactly("0.0", "0.05");
        assertThat(Files.readString(report.resolve("results.md"))).contains("accuracy_3s").contains("± 0.000")
                .doesNotContain("NaN");
        assertThat(report.resolve("results.png")).exists();
    }

    @Test
    void melStatisticsTeacherSeparatesTheSongs() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path out = new TaskHarness(new TeacherEmbed(), tmp.resolve("mel")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "mel-stats").param("mel_bands", 8).run();
        try (NpyArray a = NpyArray.open(out.resolve("embeddings.npy")); EpochsData data = EpochsData.open(epochs)) {
            float[] e = a.readAllFloats();
            // the tone of song 0 sits in a lower mel band than that of song 2: compare band-mean profiles
            int first = data.rows().stream().filter(r -> r.label() == 0).findFirst().orElseThrow().epoch();
            int last = data.rows().stream().filter(r -> r.label() == 2).findFirst().orElseThrow().epoch();
            assertThat(argmax(e, first * 16, 8)).isLessThan(argmax(e, last * 16, 8));
        }
    }

    private static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void nanInTheEegIsAnErrorBeforeTraining() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, 7);
        assertThatThrownBy(() -> student(epochs).param("lambda", 0).run()).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("NaN in epoch 7").hasMessageContaining("channel Cz");
    }

    @Test
    void lambdaWithoutATeacherIsAnError() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        assertThatThrownBy(() -> student(epochs).param("lambda", 0.05).run()).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("there is no teacher");
        assertThatThrownBy(() -> student(epochs).param("mode", "joint").run()).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("bind the 'audio' input");
    }

    @Test
    void embeddingsOfOtherEpochsAreRefused() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path teacher = new TaskHarness(new TeacherEmbed(), tmp.resolve("mel")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "mel-stats").param("mel_bands", 8).run();
        // drop the last epoch: the windows no longer line up
        Path fewer = tmp.resolve("fewer");
        Files.createDirectories(fewer);
        try (EpochsData data = EpochsData.open(epochs)) {
            int n = data.size() - 1;
            float[] buf = new float[TinyStudy.CHANNELS * TinyStudy.SAMPLES * n];
            for (int i = 0; i < n; i++) {
                data.read(i, buf, i * TinyStudy.CHANNELS * TinyStudy.SAMPLES);
            }
            org.cortexflow.tasks.artifact.NpyWriter.writeFloat32(fewer.resolve("epochs.npy"), buf, n, TinyStudy.CHANNELS,
                    TinyStudy.SAMPLES);
            Table t = Table.read(epochs.resolve("epochs.tsv"));
            new Table(t.columns(), t.rows().subList(0, n)).write(fewer.resolve("epochs.tsv"));
            Map<String, Object> meta = new java.util.LinkedHashMap<>(data.meta());
            meta.put("n_epochs", n);
            MetaJson.write(fewer, meta);
        }
        assertThatThrownBy(() -> student(fewer).input("teacher", teacher).run()).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("mismatched window counts");
    }

    @Test
    void aStudyWithoutOneOfTheSongsIsAnError() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "22");
        assertThatThrownBy(() -> new TaskHarness(new TeacherEmbed(), tmp.resolve("t")).input("epochs", epochs)
                .input("audio", audio).param("teacher", "mel-stats").run())
                .isInstanceOf(TaskFailure.class).hasMessageContaining("no clip for stimulus 22");
    }

    @Test
    void jointModeTrainsTheAudioTeacherAlongside() throws Exception {
        Path epochs = TinyStudy.epochs(tmp.resolve("epochs"), 0.3, -1);
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path model = student(epochs).input("audio", audio).param("mode", "joint").param("lambda", 0.05).run();
        Map<String, Object> meta = MetaJson.read(model);
        assertThat(((Map<?, ?>) meta.get("teacher")).get("mode")).isEqualTo("joint");
        assertThat(model.resolve("teacher.npz")).exists();
        assertThat(((Map<?, ?>) ((List<?>) meta.get("curve")).get(0)).get("teacher_train_accuracy")).isNotNull();
    }
}
