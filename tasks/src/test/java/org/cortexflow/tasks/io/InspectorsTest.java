package org.cortexflow.tasks.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectorsTest {

    @TempDir
    Path tmp;

    @Test
    void inspectorsAreFoundByServiceLoaderInPriorityOrder() {
        assertThat(Inspectors.all()).extracting(Inspector::name).containsSubsequence("bids", "eeg", "mat", "media", "folder");
    }

    @Test
    void eachPathGoesToTheInspectorThatKnowsIt() throws Exception {
        assertThat(Inspectors.inspect(RealData.file("bids/ds003720")).kind()).isEqualTo("bids");
        assertThat(Inspectors.inspect(RealData.file("eeg/mne-python/brainvision/test.vhdr")).kind()).isEqualTo("eeg");
        assertThat(Inspectors.inspect(RealData.file("mat/nmed-t/tempoHz.mat")).kind()).isEqualTo("mat");
        assertThat(Inspectors.inspect(RealData.file("nifti/nibabel/functional.nii")).kind()).isEqualTo("nifti");
        assertThat(Inspectors.inspect(RealData.file("audio/sonic-pi/loop_amen.flac")).kind()).isEqualTo("audio");
        assertThat(Inspectors.inspect(RealData.file("bids/eeg_matchingpennies/participants.tsv")).kind()).isEqualTo("table");
        Inspection folder = Inspectors.inspect(RealData.file("eeg/eeglab"));
        assertThat(folder.kind()).isEqualTo("folder");
        assertThat(folder.rows().get("data")).contains("eeglab_data.set: EEGLAB, 32 channels at 128 Hz")
                .contains("test.bdf: BDF, 17 channels at 256 Hz");
    }

    @Test
    void anNmedtMatFileIsAlsoDescribedAsEeg() throws Exception {
        Inspection in = Inspectors.inspect(Golden.file("S01_1.mat"));
        assertThat(in.rows().get("nmedt")).isEqualTo("NMED-T raw (MAT v7.3), 128 channels at 100 Hz, 0:03.500 (3.500 s)");
        assertThat(in.rows().get("  events")).isEqualTo("5: 128 x2, 10 x1, 21 x1, 3 x1");
    }

    @Test
    void annotationOnlyEdfListsItsAnnotations() throws Exception {
        Inspection in = Inspectors.inspect(RealData.file("eeg/physionet-sleep-edfx/SC4001EC-Hypnogram.edf"));
        assertThat(in.json()).containsEntry("n_annotations", 154);
        assertThat(in.rows().get("annotations")).startsWith("154: Sleep stage 3 x48, Sleep stage 2 x40");
        Files.writeString(tmp.resolve("x.txt"), "hello");
        assertThat(Inspectors.inspect(tmp).rows().get("files")).isEqualTo(".txt x1");
    }
}
