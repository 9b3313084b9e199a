package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaInspectorTest {

    @Test
    void niftiSummaryGivesDimsVoxelSizeTrAndDatatype() throws Exception {
        Map<String, Object> m = MediaInspector.inspect(RealData.file("nifti/nibabel/example4d.nii.gz")).orElseThrow();
        assertThat(m.get("dims")).isEqualTo(List.of(128L, 96L, 24L, 2L));
        assertThat(m.get("tr_s")).isEqualTo(2.0);
        assertThat(m.get("datatype")).isEqualTo("int16");
        assertThat(MediaInspector.text(m)).contains("dims", "[128, 96, 24, 2]", "tr s", "2.00000", "warnings");
    }

    @Test
    void audioSummaryGivesRateChannelsDuration() throws Exception {
        Map<String, Object> m = MediaInspector.inspect(RealData.file("audio/librosa-data/sorohanro_-_solo-trumpet-06.ogg")).orElseThrow();
        assertThat(m.get("sample_rate")).isEqualTo(22050.0);
        assertThat(m.get("channels")).isEqualTo(1);
        assertThat((double) m.get("duration_s")).isEqualTo(117601 / 22050.0);
        Map<String, Object> w = MediaInspector.inspect(RealData.file("audio/esp-adf-via-harmonium/gs-16b-1c-44100hz.wav")).orElseThrow();
        assertThat(w.get("frames")).isEqualTo(698194L);
    }

    @Test
    void tableSummaryListsTypedColumns() throws Exception {
        Map<String, Object> m = MediaInspector.inspect(RealData.file("bids/eeg_matchingpennies/participants.tsv")).orElseThrow();
        assertThat(m.get("rows")).isEqualTo(7);
        assertThat(m.get("columns").toString()).contains("age (integer)");
    }
}
