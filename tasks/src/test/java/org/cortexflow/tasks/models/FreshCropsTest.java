package org.cortexflow.tasks.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cortexflow.engine.spi.TaskFailure;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegWriter;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.MetaJson;
import org.cortexflow.tasks.artifact.NpyArray;
import org.cortexflow.tasks.artifact.Table;
import org.cortexflow.tasks.signal.EpochTask;
import org.cortexflow.tasks.signal.NormalizeTask;
import org.cortexflow.tasks.signal.TaskHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official loader's fresh crop per training epoch: eeg.epoch (train_crops per_epoch) keeps the
 * training chunks whole, teacher.embed describes their crops on a grid, student.train draws a new
 * crop of each chunk every epoch and takes the teacher's z at that crop.
 */
class FreshCropsTest {

    private static final double SFREQ = 8;

    @TempDir
    Path tmp;

    /**
     * Two subjects hearing TinyStudy's three songs (onsets 10, 140, 270 s) at 8 Hz: channels 0-2 a
     * song-specific rhythm in noise, channel 3 the sample index (so a crop shows where it was cut).
     */
    private Path study() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("study"));
        List<ItemIndex.Item> items = new ArrayList<>();
        List<Channel> chans = List.of(Channel.eeg("Fz"), Channel.eeg("Cz"), Channel.eeg("Pz"), Channel.eeg("Oz"));
        Random r = new Random(3);
        int n = (int) (400 * SFREQ);
        for (String subject : List.of("01", "02")) {
            String id = "sub-" + subject;
            Path dir = Files.createDirectories(root.resolve(id));
            List<Event> events = new ArrayList<>();
            float[][] x = new float[4][n];
            for (int label = 0; label < TinyStudy.SONGS.size(); label++) {
                long onset = (long) ((10 + 130 * label) * SFREQ);
                events.add(new Event(onset, 0, TinyStudy.SONGS.get(label), "stimulus"));
                for (long t = onset; t < Math.min(n, onset + 125 * SFREQ); t++) {
                    double time = (t - onset) / SFREQ;
                    for (int c = 0; c < 3; c++) {
                        x[c][(int) t] = (float) (1e-5 * (Math.sin(Math.PI * (1 + label) * time + c) + 0.3 * r.nextGaussian()));
                    }
                }
            }
            for (int t = 0; t < n; t++) {
                x[3][t] = t;
            }
            try (EegWriter w = EegWriter.create(dir, SFREQ, chans, n)) {
                w.writeBlock(0, x, n);
                w.finish(events, Map.of("source", "test"));
            }
            items.add(new ItemIndex.Item(id, dir, Map.of("subject", subject)));
        }
        ItemIndex.write(root, ItemIndex.RECORDINGS, List.of("subject"), items);
        return root;
    }

    /** The PredANN protocol scaled to 8 Hz and 120 s: 24 chunks of 30 s, 18 for training, 3-s crops. */
    private Path chunkedEpochs(Path audio) throws Exception {
        return new TaskHarness(new EpochTask(), tmp.resolve("epochs")).input("eeg", study()).input("audio", audio)
                .param("duration", "120s").param("train_crops", "per_epoch").run();
    }

    @Test
    void freshCropsDifferBetweenEpochsAndRepeatForASeed() throws Exception {
        Path epochs = chunkedEpochs(TinyStudy.audio(tmp.resolve("audio"), ""));
        try (EpochsData data = EpochsData.open(epochs)) {
            assertThat(data.hasChunks()).isTrue();
            assertThat(data.split("train")).hasSize(18);
            assertThat(data.cropStarts()).isEqualTo(240 - 24);
            ChunkCrops a = new ChunkCrops(data, 7);
            a.epoch(0);
            int[] first = a.starts();
            a.epoch(1);
            int[] second = a.starts();
            assertThat(second).isNotEqualTo(first);
            assertThat(Arrays.stream(first).min().orElseThrow()).isGreaterThanOrEqualTo(0);
            assertThat(Arrays.stream(first).max().orElseThrow()).isLessThanOrEqualTo(215);
            assertThat(Arrays.stream(first).distinct().count()).isGreaterThan(9); // random starts, not one offset
            ChunkCrops again = new ChunkCrops(data, 7);
            again.epoch(1);
            assertThat(again.starts()).isEqualTo(second);
            again.epoch(0);
            assertThat(again.starts()).isEqualTo(first);
            ChunkCrops other = new ChunkCrops(data, 8);
            other.epoch(0);
            assertThat(other.starts()).isNotEqualTo(first);

            // validation chunks keep one crop for the whole run
            int held = data.split("train").get(4);
            ChunkCrops fixed = new ChunkCrops(data, 7);
            fixed.fix(List.of(held));
            fixed.epoch(0);
            int keep = fixed.start(held);
            for (int e = 1; e < 5; e++) {
                fixed.epoch(e);
                assertThat(fixed.start(held)).isEqualTo(keep);
            }

            // the EEG a chunk row feeds is its current crop: channel 3 holds the source's sample index
            int row = data.split("train").get(5);
            long onset = Long.parseLong(Table.read(epochs.resolve("epochs.tsv")).get(row, "onset_sample").orElseThrow());
            InputSource eeg = a.eeg(data.samples());
            float[] x = new float[4 * 24];
            for (int e = 0; e < 3; e++) {
                a.epoch(e);
                eeg.fill(row, x, 0);
                assertThat(x[3 * 24]).isEqualTo((float) (onset + a.start(row)));
                assertThat(x[3 * 24 + 23]).isEqualTo((float) (onset + a.start(row) + 23));
            }
            // test rows read as stored
            int test = data.split("test").get(0);
            float[] stored = new float[4 * 24];
            data.read(test, stored, 0);
            eeg.fill(test, x, 0);
            assertThat(x).isEqualTo(stored);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTeacherZOfACropIsTheGridPointAtItsStart() throws Exception {
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path epochs = chunkedEpochs(audio);
        // a grid at every EEG sample: the z picked is the teacher's z of exactly the crop drawn
        Path fine = new TaskHarness(new TeacherEmbed(), tmp.resolve("fine")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "mel-stats").param("mel_bands", 8).param("grid_step", "125ms").run();
        Path coarse = new TaskHarness(new TeacherEmbed(), tmp.resolve("coarse")).input("epochs", epochs).input("audio", audio)
                .param("teacher", "mel-stats").param("mel_bands", 8).param("grid_step", "250ms").run();
        Map<String, Object> grid = (Map<String, Object>) MetaJson.read(fine).get("grid");
        assertThat(grid).containsEntry("points", 216).containsEntry("step_samples", 1).containsEntry("chunks", 18)
                .containsEntry("chunk_samples", 240);
        try (EpochsData data = EpochsData.open(epochs); EmbeddingsData z = EmbeddingsData.open(fine);
             EmbeddingsData zc = EmbeddingsData.open(coarse); AudioSegments clips = AudioSegments.open(audio, data.classes());
             NpyArray coarseGrid = NpyArray.open(coarse.resolve("grid.npy"))) {
            z.checkAligned(data);
            zc.checkAligned(data);
            assertThat(zc.grid().orElseThrow().points()).isEqualTo(108);
            ChunkCrops crops = new ChunkCrops(data, 5);
            InputSource picked = z.rows(crops);
            InputSource pickedCoarse = zc.rows(crops);
            int[] drawn = new int[1];
            AudioInputs.Segments at = new AudioInputs.Segments() {
                @Override
                public String stimulus(int i) {
                    return data.rows().get(i).stimulus();
                }

                @Override
                public double onset(int i) {
                    return data.rows().get(i).audioOnset() + drawn[0] / SFREQ;
                }
            };
            InputSource direct = AudioInputs.melStatistics(clips, at, 3.0, AudioInputs.Mel.forRate(TinyStudy.AUDIO_RATE, 8), 1);
            float[] got = new float[16];
            float[] want = new float[16];
            for (int e = 0; e < 3; e++) {
                crops.epoch(e);
                for (int row : data.split("train")) {
                    drawn[0] = crops.start(row);
                    picked.fill(row, got, 0);
                    direct.fill(row, want, 0);
                    assertThat(got).as("row %d, crop at %d", row, drawn[0]).isEqualTo(want);
                    // a coarser grid takes the nearest point: start 2p and 2p + 1 take point p (2p + 1 rounds up)
                    pickedCoarse.fill(row, got, 0);
                    int point = Math.min(107, (int) Math.round(drawn[0] / 2.0));
                    coarseGrid.read(((long) crops.chunk(row) * 108 + point) * 16, want, 0, 16);
                    assertThat(got).isEqualTo(want);
                }
            }
            // the rows' own embeddings are their chunks' first crops: grid point 0
            int row = data.split("train").get(2);
            z.rows().fill(row, got, 0);
            drawn[0] = 0;
            direct.fill(row, want, 0);
            assertThat(got).isEqualTo(want);
        }
    }

    @Test
    void aChunkedStudyTrainsWithFreshCropsAndEvaluates() throws Exception {
        Path audio = TinyStudy.audio(tmp.resolve("audio"), "");
        Path normalized = new TaskHarness(new NormalizeTask(), tmp.resolve("normalized")).input("epochs", chunkedEpochs(audio)).run();
        Path teacher = new TaskHarness(new TeacherEmbed(), tmp.resolve("teacher")).input("epochs", normalized).input("audio", audio)
                .param("teacher", "cnn").param("epochs", 2).param("batch", 8).param("mel_bands", 8).run();
        Map<String, Object> tm = MetaJson.read(teacher);
        assertThat(tm).containsKey("grid").containsKey("training_crops");
        TaskHarness student = new TaskHarness(new StudentTrain(), tmp.resolve("student")).input("epochs", normalized)
                .input("teacher", teacher).param("lambda", 0.05).param("epochs", 3).param("batch", 8).param("seed", 1)
                .param("checkpoint_every", 0).param("validation", 0.2);
        Path model = student.run();
        assertThat(student.logText()).contains("a fresh 24-sample crop of each every epoch");
        Map<String, Object> meta = MetaJson.read(model);
        Map<?, ?> crops = (Map<?, ?>) ((Map<?, ?>) meta.get("input")).get("crops");
        assertThat(crops.get("train_crops")).isEqualTo("per_epoch");
        assertThat((List<?>) meta.get("curve")).hasSize(3);
        Map<?, ?> last = (Map<?, ?>) ((List<?>) meta.get("curve")).get(2);
        assertThat(((Number) last.get("train_representation_loss")).doubleValue()).isPositive();
        assertThat(((Number) last.get("validation_loss")).doubleValue()).isPositive();

        Path metrics = new TaskHarness(new ModelEvaluate(), tmp.resolve("eval")).input("model", model).input("epochs", normalized)
                .param("lengths", List.of(3, 8)).param("plots", false).run();
        Map<?, ?> m = MetaJson.mapper().readValue(metrics.resolve("metrics.json").toFile(), Map.class);
        assertThat(((Number) m.get("accuracy_3s")).doubleValue()).isBetween(0.0, 1.0);
        assertThat(((Map<?, ?>) m.get("accuracy_by_length")).keySet()).map(String::valueOf).containsExactly("3", "8");
        assertThat(Table.read(metrics.resolve("predictions.tsv")).size()).isEqualTo(6 * 14 * 6); // the test crops, unchanged

        // embeddings without the grid (a teacher of the chunks' first crops only) are refused
        Path noGrid = Files.createDirectories(tmp.resolve("nogrid"));
        for (String f : List.of("embeddings.npy", "index.tsv")) {
            Files.copy(teacher.resolve(f), noGrid.resolve(f));
        }
        Map<String, Object> stripped = new LinkedHashMap<>(tm);
        stripped.remove("grid");
        MetaJson.write(noGrid, stripped);
        assertThatThrownBy(() -> new TaskHarness(new StudentTrain(), tmp.resolve("s2")).input("epochs", normalized)
                .input("teacher", noGrid).param("epochs", 1).param("batch", 8).param("checkpoint_every", 0).run())
                .isInstanceOf(TaskFailure.class).hasMessageContaining("have no grid of crops");
    }
}
