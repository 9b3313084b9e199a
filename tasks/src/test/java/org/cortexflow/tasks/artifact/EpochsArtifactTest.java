package org.cortexflow.tasks.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochsArtifactTest {

    @TempDir
    Path tmp;

    @Test
    void epochsAppendedOneByOneReadBackWithTheirRows() throws Exception {
        EpochRow a = new EpochRow("sub-01", "01", "21", 0, EpochRow.TRAIN, 3, EpochRow.NONE, 11275, 90.0, 3.0);
        EpochRow b = new EpochRow("sub-01", "01", "22", 1, EpochRow.TEST, 0, 5, 400, 1.0 / 3, 3.0);
        EpochRow c = new EpochRow("", "", "", EpochRow.NONE, EpochRow.ALL, EpochRow.NONE, EpochRow.NONE, 7, Double.NaN, Double.NaN);
        try (EpochsWriter w = EpochsWriter.create(tmp, 2, 3)) {
            w.write(new float[] {1, 2, 3, 4, 5, 6}, a);
            w.write(new float[] {-1, -2, -3, -4, -5, -6}, b);
            w.write(new float[] {0, 0, 0, 0, 0, 1e-6f}, c);
            w.finish(125, List.of("E1", "E2"), List.of("21", "22"), "V", Map.of("protocol", "test"));
        }
        try (EpochsFile f = EpochsFile.open(tmp)) {
            assertThat(f.size()).isEqualTo(3);
            assertThat(f.channels()).isEqualTo(2);
            assertThat(f.samples()).isEqualTo(3);
            assertThat(f.sfreq()).isEqualTo(125.0);
            assertThat(f.classes()).containsExactly("21", "22");
            assertThat(f.channelNames()).containsExactly("E1", "E2");
            assertThat(f.meta()).containsEntry("protocol", "test").containsEntry("kind", "epochs");
            assertThat(f.rows().get(0)).isEqualTo(a);
            assertThat(f.rows().get(1).audioOnsetS()).isEqualTo(0.333333333);
            assertThat(f.rows().get(2)).isEqualTo(c);
            float[] got = new float[6];
            f.read(1, got, 0);
            assertThat(got).containsExactly(-1, -2, -3, -4, -5, -6);
            float[] two = new float[12];
            f.read(1, 2, two, 0);
            assertThat(two[11]).isEqualTo(1e-6f);
        }
        try (NpyArray raw = NpyArray.open(tmp.resolve(EpochsFile.DATA))) {
            assertThat(raw.shape()).containsExactly(3, 2, 3);
            assertThat(raw.header().dataOffset() % 64).isZero();
        }
        assertThat(Files.readAllLines(tmp.resolve(EpochsFile.TABLE)).get(0).split("\t")).containsExactlyElementsOf(EpochsFile.COLUMNS);
        assertThat(Files.readAllLines(tmp.resolve(EpochsFile.TABLE)).get(3))
                .isEqualTo("2\tn/a\tn/a\tn/a\tn/a\tall\tn/a\tn/a\t7\tn/a\tn/a");
    }

    @Test
    void zeroEpochsIsAValidEmptyArtifact() throws Exception {
        try (EpochsWriter w = EpochsWriter.create(tmp, 4, 10)) {
            w.finish(250, List.of("a", "b", "c", "d"), List.of(), "V", Map.of());
        }
        try (EpochsFile f = EpochsFile.open(tmp)) {
            assertThat(f.size()).isZero();
        }
    }

    @Test
    void tableThatDisagreesWithTheArrayIsReported() throws Exception {
        try (EpochsWriter w = EpochsWriter.create(tmp, 1, 2)) {
            w.write(new float[] {1, 2}, new EpochRow("", "", "", -1, "all", -1, -1, 0, Double.NaN, Double.NaN));
            w.finish(100, List.of("a"), List.of(), "V", Map.of());
        }
        List<String> lines = Files.readAllLines(tmp.resolve(EpochsFile.TABLE));
        Files.write(tmp.resolve(EpochsFile.TABLE), List.of(lines.get(0)));
        assertThatThrownBy(() -> EpochsFile.open(tmp)).isInstanceOf(FileFormatError.class).hasMessageContaining("disagree");
    }
}
