package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexflow.tasks.artifact.Channel;
import org.cortexflow.tasks.artifact.EegRecording;
import org.cortexflow.tasks.artifact.Event;
import org.cortexflow.tasks.artifact.ItemIndex;
import org.cortexflow.tasks.artifact.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MATLAB inputs in the layouts MATLAB and EEGLAB write (fixtures made by make_io_goldens.py with
 * h5py and scipy): the NMED-T preset in v7.3 and v5, EEGLAB with embedded data in v5 and v7.3.
 */
class MatEegReadTest {

    @TempDir
    Path tmp;

    /** The fixture's signal: X(c, t) = round(50 sin(2 pi (3 + c mod 7) t / 100 + c)) microvolts, row 129 zero. */
    private static double x(int c, int t) {
        return Math.rint(50 * Math.sin(2 * Math.PI * (3 + c % 7) * t / 100.0 + c));
    }

    private EegRecording read(Path out, Map<String, Object> params) throws Exception {
        Golden.eegRead(out, params);
        return EegRecording.open(out);
    }

    @Test
    void nmedtRawFileInMatV73() throws Exception {
        try (EegRecording r = read(tmp.resolve("a"), Map.of("path", Golden.file("S01_1.mat").toString()))) {
            assertNmedt(r, 350);
            assertThat(r.meta()).containsEntry("preset", "nmedt").containsEntry("format", "NMED-T raw (MAT v7.3)");
        }
    }

    @Test
    void nmedtRawFileInMatV5WithThePresetNamed() throws Exception {
        try (EegRecording r = read(tmp.resolve("b"), Map.of("path", Golden.file("S02_1.mat").toString(), "format", "nmedt"))) {
            assertNmedt(r, 200);
            assertThat(r.meta()).containsEntry("format", "NMED-T raw (MAT v5)");
        }
    }

    private static void assertNmedt(EegRecording r, int samples) throws Exception {
        assertThat(r.channels()).hasSize(128);
        assertThat(r.channels().get(0)).isEqualTo(new Channel("E1", "EEG", "V"));
        assertThat(r.channels().get(127).name()).isEqualTo("E128");
        assertThat(r.sfreq()).isEqualTo(100.0);
        assertThat(r.samples()).isEqualTo(samples);
        // song 21: the DIN_1 128 trigger that follows it (sample 150) minus 1 s; other codes stay
        assertThat(r.events()).containsExactly(
                new Event(50, 0, "21", "NMED-T song onset (DIN_1 128 trigger - 1 s)"),
                new Event(150, 0, "128", "DIN_1"),
                new Event(250, 0, "10", "DIN_1"),
                new Event(300, 0, "128", "DIN_1"),
                new Event(320, 0, "3", "DIN_1"));
        float[] row = new float[samples];
        for (int c : new int[] {0, 1, 64, 127}) {
            r.readChannel(c, 0, row, 0, samples);
            for (int t = 0; t < samples; t++) {
                assertThat((double) row[t]).as("E" + (c + 1) + " at " + t).isCloseTo(x(c, t) * 1e-6,
                        org.assertj.core.data.Offset.offset(1e-6 * Math.abs(x(c, t) * 1e-6) + 1e-15));
            }
        }
    }

    @Test
    void aFolderOfNmedtFilesIsASetWithSubjectAndRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("nmedt"));
        Files.copy(Golden.file("S01_1.mat"), dir.resolve("S01_1.mat"));
        Files.copy(Golden.file("S02_1.mat"), dir.resolve("S02_1.mat"));
        Path out = tmp.resolve("set");
        Golden.eegRead(out, Map.of("path", dir.toString()));
        List<ItemIndex.Item> items = ItemIndex.list(out, ItemIndex.RECORDINGS);
        assertThat(items).extracting(ItemIndex.Item::id).containsExactly("S01_1", "S02_1");
        assertThat(items.get(1).fields()).containsEntry("subject", "02").containsEntry("run", "1").containsEntry("source", "S02_1.mat");
    }

    @Test
    void samplesByChannelsMatrixIsTransposed() throws Exception {
        // the same X read as a generic matrix, declared the other way round: 129 channels x 350 samples
        try (EegRecording r = read(tmp.resolve("t"), Map.of("path", Golden.file("S01_1.mat").toString(), "format", "mat",
                "variable", "X", "sfreq_variable", "fs"))) {
            assertThat(r.channels()).hasSize(129);
            assertThat(r.events()).isEmpty();
            float[] v = new float[1];
            r.readChannel(3, 17, v, 0, 1);
            assertThat((double) v[0]).isCloseTo(x(3, 17) * 1e-6, org.assertj.core.data.Offset.offset(1e-13));
        }
        try (EegRecording r = read(tmp.resolve("u"), Map.of("path", Golden.file("S01_1.mat").toString(), "format", "mat",
                "variable", "X", "sfreq", 100, "orientation", "samples_x_channels", "unit", "mV"))) {
            assertThat(r.channels()).hasSize(350);
            assertThat(r.samples()).isEqualTo(129);
            float[] v = new float[1];
            r.readChannel(17, 3, v, 0, 1); // channel 17 = MATLAB column 17 = sample 17 of row 3
            assertThat((double) v[0]).isCloseTo(x(3, 17) * 1e-3, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void eeglabWithEmbeddedDataInMatV5AndV73MatchesTheFdtDataset() throws Exception {
        try (NpyArray ref = NpyArray.open(Golden.file("eeglab_data.npy"))) {
            double[] golden = ref.readAllDoubles(); // [32, 96]: the first 32 samples are the first slice
            for (String fixture : List.of("eeglab_embedded.set", "eeglab_v73.set")) {
                try (EegRecording r = read(tmp.resolve(fixture), Map.of("path", Golden.file(fixture).toString()))) {
                    assertThat(r.channels()).hasSize(32);
                    assertThat(r.channels().get(0).name()).isEqualTo("FPz");
                    assertThat(r.samples()).isEqualTo(256);
                    assertThat(r.sfreq()).isEqualTo(128.0);
                    assertThat(r.meta()).containsEntry("data_storage", "embedded");
                    assertThat(r.events()).extracting(Event::onsetSample, Event::value).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(128L, "square"), org.assertj.core.groups.Tuple.tuple(217L, "square"));
                    float[] row = new float[32];
                    for (int c = 0; c < 32; c++) {
                        r.readChannel(c, 0, row, 0, 32);
                        for (int t = 0; t < 32; t++) {
                            double want = golden[c * 96 + t];
                            assertThat((double) row[t]).as(fixture + " channel " + c + " sample " + t)
                                    .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6 * Math.abs(want) + 1e-15));
                        }
                    }
                }
            }
        }
    }
}
